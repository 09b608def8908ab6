/**
 * The command log on disk, in the format of the audit's own command logs:
 *
 *     # command: <command>
 *     # start_utc: 2026-02-15T18:24:01Z
 *     # head: <sha>              (when known)
 *     # dirty: true              (when the worktree had changes)
 *     <raw stdout and stderr bytes, interleaved as they arrived>
 *     # end_utc: 2026-02-15T18:24:09Z
 *     # exit_code: 0
 *     # outcome: cancelled       (only for cancelled, timed-out and failed-to-start runs)
 *
 * Output bytes are written untouched (no decode/re-encode), so the log is the evidence as produced. A
 * previous log at the same path is never overwritten: it is renamed to `<stem>.<compact start>.log`.
 *
 * The file is opened for appending (O_APPEND), so a command can be given its descriptor and write its
 * stdout and stderr straight into it (see `outputDescriptor`), interleaved as a terminal would show them.
 */

import { createWriteStream, type WriteStream } from 'node:fs';
import { link, lstat, mkdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { formatCompactUtc, formatUtcSeconds } from '../time/utc.js';

export interface LogHeader {
	command: string;
	start: Date;
	head?: string | null;
	dirty?: boolean;
}

export interface LogFooter {
	end: Date;
	exitCode: number;
	/** Written only for outcomes an exit code alone does not tell apart. */
	outcome?: 'cancelled' | 'timed-out' | 'failed-to-start';
	/** Why the command could not start. */
	error?: string;
}

export function formatLogHeader(header: LogHeader): string {
	let text = `# command: ${headerValue(header.command)}\n# start_utc: ${formatUtcSeconds(header.start)}\n`;
	if (header.head) text += `# head: ${headerValue(header.head)}\n`;
	if (header.dirty) text += '# dirty: true\n';
	return text;
}

export function formatLogFooter(footer: LogFooter): string {
	let text = `# end_utc: ${formatUtcSeconds(footer.end)}\n# exit_code: ${footer.exitCode}\n`;
	if (footer.outcome) text += `# outcome: ${footer.outcome}\n`;
	if (footer.error !== undefined) text += `# error: ${headerValue(footer.error)}\n`;
	return text;
}

// Every header line must stay one line; commands from the matrix never hold newlines, but a caller's might.
function headerValue(value: string): string {
	return value.replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

/**
 * Moves an existing log out of the way as `<stem>.<compact start><ext>` (`-2`, `-3`, ... appended to the
 * timestamp if taken) and returns its new path, or null when there was nothing at `logPath`.
 */
export async function keepPreviousLog(logPath: string, start: Date): Promise<string | null> {
	try {
		await lstat(logPath);
	} catch (error) {
		if (isErrorCode(error, 'ENOENT')) return null;
		throw error;
	}
	const directory = path.dirname(logPath);
	const extension = path.extname(logPath);
	const stem = path.basename(logPath, extension);
	const stamp = formatCompactUtc(start);
	for (let attempt = 1; ; attempt += 1) {
		const suffix = attempt === 1 ? stamp : `${stamp}-${attempt}`;
		const keptPath = path.join(directory, `${stem}.${suffix}${extension}`);
		if (await moveWithoutOverwriting(logPath, keptPath)) return keptPath;
	}
}

// link() fails with EEXIST instead of replacing, which rename() would do silently; a file system without
// hard links falls back to check-then-rename.
async function moveWithoutOverwriting(from: string, to: string): Promise<boolean> {
	try {
		await link(from, to);
	} catch (error) {
		if (isErrorCode(error, 'EEXIST')) return false;
		if (!isErrorCode(error, 'EPERM') && !isErrorCode(error, 'ENOTSUP') && !isErrorCode(error, 'EOPNOTSUPP')) throw error;
		if (await exists(to)) return false;
		await rename(from, to);
		return true;
	}
	await unlink(from);
	return true;
}

async function exists(filePath: string): Promise<boolean> {
	try {
		await lstat(filePath);
		return true;
	} catch (error) {
		if (isErrorCode(error, 'ENOENT')) return false;
		throw error;
	}
}

function isErrorCode(error: unknown, code: string): boolean {
	return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

/**
 * An open command log: the header is written through a stream; the command's own output goes straight to
 * the file through `outputDescriptor`, and `close` adds the footer.
 */
export class CommandLog {
	readonly path: string;
	readonly #stream: WriteStream;
	#failure: Error | null = null;
	#endsWithNewline = true;
	#wroteOutput = false;
	readonly #failureListeners: Array<(error: Error) => void> = [];

	private constructor(logPath: string, stream: WriteStream) {
		this.path = logPath;
		this.#stream = stream;
		stream.on('error', (error) => {
			this.#failure ??= error;
			for (const listener of this.#failureListeners) listener(error);
		});
	}

	/**
	 * Creates the parent directories, keeps any previous log, opens a new file (exclusively, so a log that
	 * appeared meanwhile is not clobbered either) and writes the header.
	 */
	static async open(logPath: string, header: LogHeader): Promise<{ log: CommandLog; previousLog: string | null }> {
		await mkdir(path.dirname(logPath), { recursive: true });
		let previousLog: string | null = null;
		for (let attempt = 0; ; attempt += 1) {
			previousLog = (await keepPreviousLog(logPath, header.start)) ?? previousLog;
			try {
				const stream = await openExclusive(logPath);
				const log = new CommandLog(logPath, stream);
				log.#stream.write(formatLogHeader(header));
				return { log, previousLog };
			} catch (error) {
				if (!isErrorCode(error, 'EEXIST') || attempt >= 3) throw error;
			}
		}
	}

	/** The first write error, if any; after one, further output is dropped. */
	get failure(): Error | null {
		return this.#failure;
	}

	onFailure(listener: (error: Error) => void): void {
		this.#failureListeners.push(listener);
	}

	/**
	 * Waits until everything written so far (the header) is on disk and returns the open descriptor, for
	 * a child process to write its output to directly, and the file's size at that point. Output written
	 * that way must be reported with `noteOutputEnd` so the footer starts on a line of its own.
	 */
	async outputDescriptor(): Promise<{ fd: number; size: number }> {
		await new Promise<void>((resolve, reject) => {
			if (this.#failure) {
				reject(this.#failure);
				return;
			}
			// An empty write calls back once every earlier write has completed.
			this.#stream.write(Buffer.alloc(0), (error) => {
				if (error) reject(error);
				else resolve();
			});
		});
		// Set once the stream has opened (`open` waits for that); not in @types/node's WriteStream.
		const fd = (this.#stream as WriteStream & { fd?: unknown }).fd;
		if (this.#failure) throw this.#failure;
		if (typeof fd !== 'number') throw new Error('the log file is not open');
		return { fd, size: this.#stream.bytesWritten };
	}

	/** Records that output was written to the file by someone else, ending with `lastByte` (if any). */
	noteOutputEnd(lastByte: number): void {
		this.#wroteOutput = true;
		this.#endsWithNewline = lastByte === 0x0a;
	}

	/** Writes the footer (on its own line even if the output did not end with one) and closes the file. */
	async close(footer: LogFooter): Promise<void> {
		if (!this.#failure) {
			const separator = this.#wroteOutput && !this.#endsWithNewline ? '\n' : '';
			this.#stream.write(separator + formatLogFooter(footer));
		}
		await new Promise<void>((resolve) => {
			if (this.#stream.closed) {
				resolve();
				return;
			}
			this.#stream.once('close', () => resolve());
			if (this.#failure) this.#stream.destroy();
			else this.#stream.end();
		});
		if (this.#failure) throw this.#failure;
	}
}

function openExclusive(logPath: string): Promise<WriteStream> {
	return new Promise((resolve, reject) => {
		const stream = createWriteStream(logPath, { flags: 'ax' });
		stream.once('open', () => {
			stream.off('error', reject);
			resolve(stream);
		});
		stream.once('error', reject);
	});
}
