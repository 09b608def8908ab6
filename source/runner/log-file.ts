/**
 * The command log on disk, in the format of the audit's own command logs:
 *
 *     # command: <command>
 *     # shell: /usr/bin/bash     (when known)
 *     # start_utc: 2026-02-15T18:24:01Z
 *     # head: <sha>              (when known)
 *     # dirty: true              (when the worktree had changes)
 *     <raw stdout and stderr bytes, interleaved as they arrived>
 *     # end_utc: 2026-02-15T18:24:09Z
 *     # exit_code: 0
 *     # outcome: cancelled       (only for cancelled, timed-out and failed-to-start runs)
 *
 * Output bytes are written untouched (no decode/re-encode), so the log is the evidence as produced. No
 * log is ever overwritten: a log opened at a name another log has moves that one aside under its
 * timestamped name, or the new log takes a timestamped name of its own (log-names.ts).
 *
 * The file is opened for appending (O_APPEND), so a command can be given its descriptor and write its
 * stdout and stderr straight into it (see `outputDescriptor`), interleaved as a terminal would show them.
 */

import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { formatUtcSeconds } from '../time/utc.js';
import { errorCode } from '../writers/file-system.js';
import { keepPreviousLog, timestampedName } from './log-names.js';
import type { RunOutcome } from './run-options.js';

/**
 * Where a new log goes: `replace` takes the path (a log already there is kept under its timestamped name);
 * `timestamped` takes the first free `<stem>.<start>[-n]<ext>` beside the path and replaces nothing.
 */
export type LogPlacement = 'replace' | 'timestamped';

export interface LogHeader {
	command: string;
	shell?: string;
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
	let text = `# command: ${headerValue(header.command)}\n`;
	if (header.shell) text += `# shell: ${headerValue(header.shell)}\n`;
	text += `# start_utc: ${formatUtcSeconds(header.start)}\n`;
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
	 * Creates the parent directories, opens a new file where `placement` says (exclusively, so a log that
	 * appeared meanwhile is not clobbered either) and writes the header.
	 */
	static async open(logPath: string, header: LogHeader, placement: LogPlacement = 'replace'): Promise<{ log: CommandLog; previousLog: string | null }> {
		await mkdir(path.dirname(logPath), { recursive: true });
		let previousLog: string | null = null;
		for (let attempt = 1; ; attempt += 1) {
			let target = logPath;
			if (placement === 'timestamped') target = timestampedName(logPath, header.start, attempt);
			else previousLog = (await keepPreviousLog(logPath)) ?? previousLog;
			try {
				const log = new CommandLog(target, await openExclusive(target));
				log.#stream.write(formatLogHeader(header));
				return { log, previousLog };
			} catch (error) {
				// Taken meanwhile: a timestamped log tries the next name; a replacing one keeps that log too.
				if (errorCode(error) !== 'EEXIST' || (placement === 'replace' && attempt >= 4)) throw error;
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

/** The footer for how a run ended. */
export function footerFor(outcome: RunOutcome, end: Date): LogFooter {
	const footer: LogFooter = { end, exitCode: outcome.exitCode };
	if (outcome.kind === 'cancelled' || outcome.kind === 'timed-out') footer.outcome = outcome.kind;
	if (outcome.kind === 'failed-to-start') {
		footer.outcome = outcome.kind;
		footer.error = outcome.message;
	}
	return footer;
}

/** The byte before `size` in the file (-1 if there is none): whether the output ended with a newline. */
export async function lastByteOf(filePath: string, size: number): Promise<number> {
	if (size <= 0) return -1;
	const file = await open(filePath, 'r');
	try {
		const { size: current } = await file.stat();
		if (current <= size) return -1;
		const byte = Buffer.alloc(1);
		const { bytesRead } = await file.read(byte, 0, 1, current - 1);
		return bytesRead === 1 ? (byte[0] ?? -1) : -1;
	} finally {
		await file.close();
	}
}

/** A failure of our own log I/O, naming the log. */
export function logError(logPath: string, error: unknown): Error {
	const reason = error instanceof Error ? error.message : String(error);
	return new Error(`cannot write the command log ${logPath}: ${reason}`, { cause: error });
}
