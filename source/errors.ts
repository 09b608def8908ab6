import { WriteRefusal } from './writers/write-refusal.js';

/** Exit codes shared by every command. */
export const EXIT_OK = 0;
export const EXIT_CHECK_FAILED = 1;
export const EXIT_USAGE = 2;

/**
 * An error the user can act on: bad input, bad usage, a refused write. Its message is one line that names
 * the file and the place; the CLI prints it without a stack trace.
 */
export class UserError extends Error {
	readonly exitCode: number;

	constructor(message: string, exitCode: number = EXIT_USAGE) {
		super(message);
		this.name = 'UserError';
		this.exitCode = exitCode;
	}
}

export function isUserError(error: unknown): error is UserError {
	return error instanceof UserError;
}

/** A one-line description of any thrown value, for messages that must not carry a stack. */
export function describeError(error: unknown): string {
	if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
	return String(error);
}

/**
 * The writers' refusals (a held lock, a symlink out of the repository, a failed rename: WriteRefusal) are,
 * to the person who asked for the write, one line to act on. Anything else thrown is a bug and goes on
 * as it is, to the CLI's "unexpected error" (with ARCO_DEBUG's stack).
 */
export async function refusalsAsUserErrors<T>(write: () => Promise<T>): Promise<T> {
	try {
		return await write();
	} catch (error) {
		if (error instanceof WriteRefusal) throw new UserError(describeError(error));
		throw error;
	}
}
