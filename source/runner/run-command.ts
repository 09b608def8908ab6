/**
 * Runs one command-matrix command with a live, bounded view of its output and a log file on disk.
 *
 * The command runs as `/bin/sh -c <command>` in `cwd`, with stdin ignored, detached so it leads its own
 * process group (see process-groups.ts). Cancelling or timing out sends SIGTERM to the whole group and
 * SIGKILL after `graceMs` on our own timer. When the shell exits on its own, anything it left running in
 * its group (background jobs) is stopped the same way: a check that finished leaves no orphans.
 *
 * The command writes its stdout and stderr straight into the log file (both on one O_APPEND descriptor,
 * so they interleave as on a terminal and no byte passes through this process on its way to disk). When
 * someone wants the output (the display tail, `onOutput`), the file is followed: new bytes are read in
 * bounded chunks as it grows, and once more after the command's group is gone. As both streams share
 * the descriptor, followed output is reported as `stdout`.
 *
 * Outcomes are never conflated: a cancelled or timed-out run is reported as such even when the process
 * exits 0 after SIGTERM, and a command killed by a signal we did not send fails with 128 + the signal
 * number. `done` rejects only for our own I/O failures (the log cannot be created or written), after the
 * command has been stopped.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { constants as osConstants } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { formatUtcSeconds } from '../time/utc.js';
import { CommandLog, type LogFooter } from './log-file.js';
import { type OutputSnapshot, type OutputSource, OutputTail } from './output-tail.js';
import { type RegisteredGroup, registerGroup } from './process-groups.js';
import { DEFAULT_SNAPSHOT_INTERVAL_MS, type SnapshotListener, SnapshotPublisher } from './snapshot-publisher.js';

export type RunOutcome =
	| { kind: 'passed'; exitCode: 0 }
	/** `signal` is set when a signal we did not send ended the command (exitCode is then 128 + its number). */
	| { kind: 'failed'; exitCode: number; signal?: NodeJS.Signals }
	| { kind: 'cancelled'; exitCode: 130 }
	| { kind: 'timed-out'; exitCode: 124 }
	| { kind: 'failed-to-start'; exitCode: 127; message: string };

export interface RunOptions {
	/** Shell command line, run by `/bin/sh -c`. */
	command: string;
	/** Working directory, normally the repository root. */
	cwd: string;
	/** Absolute path of the log file; parent directories are created, a previous log is kept. */
	logPath: string;
	/** Commit recorded in the log header. */
	head?: string | null;
	/** Recorded as `# dirty: true` when the worktree had changes. */
	dirty?: boolean;
	/** Stop the command (as timed-out) after this long. No limit when absent. */
	timeoutMs?: number;
	/** Time between SIGTERM and SIGKILL. */
	graceMs?: number;
	/** Display lines kept in memory. */
	tailLines?: number;
	/** Longer output lines are split into rows of this many characters for display (at least 8). */
	maxLineWidth?: number;
	/** Called with throttled snapshots (at most one per ~75 ms) and a final one with `running: false`. */
	onSnapshot?: SnapshotListener;
	/**
	 * Keep the display tail (default true). A caller that streams `onOutput` itself and shows no pane
	 * (the CLI) turns it off, so a flood is not decoded and sanitised twice; snapshots then hold no lines.
	 */
	display?: boolean;
	/**
	 * Raw output chunks as they arrive, for a caller that prints live (the CLI). The bytes are untrusted
	 * and undecoded: decode and sanitize before showing them. They are read back from the log file, where
	 * stdout and stderr share one descriptor, so every chunk is reported as `stdout`.
	 */
	onOutput?: (chunk: Uint8Array, source: OutputSource) => void;
	/** Extra environment, merged over this process's environment. */
	env?: NodeJS.ProcessEnv;
}

export interface RunHandle {
	/** Pid of the shell, which is also the process group id; undefined until spawned or if it never was. */
	readonly pid: number | undefined;
	/** Stops the run (outcome `cancelled` unless it already exited). Calling again sends SIGKILL at once. */
	cancel(): void;
	/** The current output state, e.g. for a view that mounts after the run started. */
	snapshot(): OutputSnapshot;
	/** Adds a snapshot listener (same throttling as `onSnapshot`); returns the unsubscribe function. */
	subscribe(listener: SnapshotListener): () => void;
	/** Resolves once the command's group is stopped and the log is closed; rejects only for log I/O failures. */
	readonly done: Promise<RunResult>;
}

export interface RunResult {
	outcome: RunOutcome;
	exitCode: number;
	/** `2026-02-15T18:24:01Z`, as in the log header. */
	startUtc: string;
	endUtc: string;
	durationMs: number;
	logPath: string;
	/** Where the log previously at `logPath` was moved, or null if there was none. */
	previousLog: string | null;
}

export const DEFAULT_GRACE_MS = 2000;
export const DEFAULT_TAIL_LINES = 2000;
export const DEFAULT_MAX_LINE_WIDTH = 1000;
// After the shell exits (and any grace period for its group), how long we keep following the log while
// processes of the group are still there (e.g. in uninterruptible sleep) before we finish anyway.
const STREAM_DRAIN_MS = 1000;
// How often the log file is checked for new output while the command runs.
const FOLLOW_INTERVAL_MS = 50;
// The most read from the log file at once: memory stays bounded however fast the command prints (larger
// chunks measured slower and with a higher peak RSS in bench/rerun.bench.ts).
const FOLLOW_CHUNK_BYTES = 64 * 1024;
const SHELL = '/bin/sh';

/** Starts the command at once and returns its handle. Throws synchronously only for invalid options. */
export function startRun(options: RunOptions): RunHandle {
	return new CommandRun(validateOptions(options)).handle;
}

interface Settings {
	command: string;
	cwd: string;
	logPath: string;
	head: string | null;
	dirty: boolean;
	timeoutMs: number | undefined;
	graceMs: number;
	tailLines: number;
	maxLineWidth: number;
	display: boolean;
	onSnapshot: SnapshotListener | undefined;
	onOutput: ((chunk: Uint8Array, source: OutputSource) => void) | undefined;
	env: NodeJS.ProcessEnv | undefined;
}

function validateOptions(options: RunOptions): Settings {
	if (typeof options.command !== 'string' || options.command.trim() === '') throw new TypeError('startRun: command must be a non-empty string');
	if (typeof options.cwd !== 'string' || options.cwd === '') throw new TypeError('startRun: cwd must be a directory path');
	if (typeof options.logPath !== 'string' || !path.isAbsolute(options.logPath)) {
		throw new TypeError(`startRun: logPath must be an absolute path, got ${String(options.logPath)}`);
	}
	const timeoutMs = options.timeoutMs;
	if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new RangeError('startRun: timeoutMs must be a positive number');
	const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
	if (!(Number.isFinite(graceMs) && graceMs >= 0)) throw new RangeError('startRun: graceMs must be a number >= 0');
	const tailLines = options.tailLines ?? DEFAULT_TAIL_LINES;
	if (!(Number.isInteger(tailLines) && tailLines >= 1)) throw new RangeError('startRun: tailLines must be an integer >= 1');
	const maxLineWidth = options.maxLineWidth ?? DEFAULT_MAX_LINE_WIDTH;
	if (!(Number.isInteger(maxLineWidth) && maxLineWidth >= 8)) throw new RangeError('startRun: maxLineWidth must be an integer >= 8');
	return {
		command: options.command,
		cwd: path.resolve(options.cwd),
		logPath: options.logPath,
		head: options.head ?? null,
		dirty: options.dirty ?? false,
		timeoutMs,
		graceMs,
		tailLines,
		maxLineWidth,
		display: options.display ?? true,
		onSnapshot: options.onSnapshot,
		onOutput: options.onOutput,
		env: options.env,
	};
}

type StopReason = 'cancelled' | 'timed-out';
type Termination = 'none' | 'term-sent' | 'kill-sent';
interface LeaderExit {
	code: number | null;
	signal: NodeJS.Signals | null;
}

class CommandRun {
	readonly handle: RunHandle;
	readonly #settings: Settings;
	readonly #start = new Date();
	readonly #startedAt = performance.now();
	readonly #tail: OutputTail;
	readonly #publisher: SnapshotPublisher;
	#running = true;
	#pid: number | undefined;
	#group: RegisteredGroup | null = null;
	#followError: unknown = null;
	#wakeFollower: (() => void) | null = null;
	#stopReason: StopReason | null = null;
	#leaderExit: LeaderExit | null = null;
	#termination: Termination = 'none';
	#timeoutTimer: NodeJS.Timeout | undefined;
	#killTimer: NodeJS.Timeout | undefined;
	#followDeadline = Number.POSITIVE_INFINITY;
	// Resolves (never rejects) when `done` settles: what the registry's shutdown waits for.
	readonly #settled: Promise<void>;
	#markSettled: () => void = () => {};

	constructor(settings: Settings) {
		this.#settings = settings;
		this.#tail = new OutputTail({ tailLines: settings.tailLines, maxLineWidth: settings.maxLineWidth });
		this.#publisher = new SnapshotPublisher(() => this.#tail.snapshot(this.#running), DEFAULT_SNAPSHOT_INTERVAL_MS);
		if (settings.onSnapshot) this.#publisher.subscribe(settings.onSnapshot);
		this.#settled = new Promise<void>((resolve) => {
			this.#markSettled = resolve;
		});
		const done = this.#execute().finally(() => this.#markSettled());
		const run = this;
		this.handle = {
			get pid() {
				return run.#pid;
			},
			cancel: () => this.#stop('cancelled'),
			snapshot: () => this.#tail.snapshot(this.#running),
			subscribe: (listener) => this.#publisher.subscribe(listener),
			done,
		};
	}

	async #execute(): Promise<RunResult> {
		const { logPath } = this.#settings;
		let opened: { log: CommandLog; previousLog: string | null };
		try {
			opened = await CommandLog.open(logPath, {
				command: this.#settings.command,
				start: this.#start,
				head: this.#settings.head,
				dirty: this.#settings.dirty,
			});
		} catch (error) {
			this.#finishOutput();
			throw logError(logPath, error);
		}
		const { log, previousLog } = opened;
		// Without a log the run is no evidence: stop the command rather than let it run unrecorded.
		log.onFailure(() => this.#terminate());

		let outcome: RunOutcome;
		const problem = this.#stopReason === null ? await workingDirectoryProblem(this.#settings.cwd) : null;
		if (problem !== null) outcome = { kind: 'failed-to-start', exitCode: 127, message: problem };
		// Cancelled while the log was being prepared (or the log already failed): nothing is started.
		else if (this.#cancelledBeforeStart() || log.failure) outcome = { kind: 'cancelled', exitCode: 130 };
		else outcome = await this.#spawnAndWait(log);

		const end = new Date();
		this.#finishOutput();
		try {
			await log.close(footerFor(outcome, end));
		} catch (error) {
			throw logError(logPath, error);
		}
		if (this.#followError !== null) throw logError(logPath, this.#followError);
		return {
			outcome,
			exitCode: outcome.exitCode,
			startUtc: formatUtcSeconds(this.#start),
			endUtc: formatUtcSeconds(end),
			durationMs: Math.round(performance.now() - this.#startedAt),
			logPath,
			previousLog,
		};
	}

	// A method rather than a field read so the compiler does not assume the field is unchanged across awaits.
	#cancelledBeforeStart(): boolean {
		return this.#stopReason !== null;
	}

	async #spawnAndWait(log: CommandLog): Promise<RunOutcome> {
		let descriptor: { fd: number; size: number };
		let reader: FileHandle | null = null;
		try {
			descriptor = await log.outputDescriptor();
			// A descriptor of our own for reading, so following never moves the offset the child appends at.
			if (this.#settings.display || this.#settings.onOutput !== undefined) reader = await open(this.#settings.logPath, 'r');
		} catch (error) {
			this.#followError = error;
			return { kind: 'cancelled', exitCode: 130 };
		}
		// Cancelled while the log descriptor was being prepared.
		if (this.#cancelledBeforeStart()) {
			await reader?.close();
			return { kind: 'cancelled', exitCode: 130 };
		}

		let spawnError: Error | null = null;
		const exited = new Promise<void>((resolve) => {
			let child: ChildProcess;
			try {
				child = spawn(SHELL, ['-c', this.#settings.command], {
					cwd: this.#settings.cwd,
					env: this.#settings.env === undefined ? process.env : { ...process.env, ...this.#settings.env },
					// One O_APPEND descriptor for both: the child's output goes to the log without passing through us.
					stdio: ['ignore', descriptor.fd, descriptor.fd],
					detached: true,
				});
			} catch (error) {
				spawnError = error instanceof Error ? error : new Error(String(error));
				resolve();
				return;
			}
			this.#pid = child.pid;
			if (this.#pid !== undefined) {
				this.#group = registerGroup(this.#pid, { terminate: () => this.#stop('cancelled'), settled: this.#settled });
			}
			child.once('error', (error) => {
				// Only a failure to spawn ends the wait here; errors of a running child (a failed kill) do not.
				if (this.#pid === undefined) {
					spawnError = error;
					resolve();
				}
			});
			child.once('exit', (code: number | null, signal: NodeJS.Signals | null) => {
				this.#onLeaderExit({ code, signal });
				resolve();
			});
		});
		if (this.#settings.timeoutMs !== undefined && this.#pid !== undefined) {
			this.#timeoutTimer = setTimeout(() => this.#stop('timed-out'), this.#settings.timeoutMs);
		}

		const followed = this.#follow(log, reader, descriptor.size, exited);
		await exited;
		this.#wakeFollower?.();
		await followed;
		clearTimeout(this.#timeoutTimer);
		this.#releaseGroupWhenStopped();

		const exit = this.#leaderExit;
		if (exit === null) {
			const message = (spawnError as Error | null)?.message ?? 'the shell could not be started';
			return { kind: 'failed-to-start', exitCode: 127, message: firstLine(message) };
		}
		if (this.#stopReason === 'cancelled') return { kind: 'cancelled', exitCode: 130 };
		if (this.#stopReason === 'timed-out') return { kind: 'timed-out', exitCode: 124 };
		if (exit.signal !== null) return { kind: 'failed', exitCode: 128 + signalNumber(exit.signal), signal: exit.signal };
		if (exit.code === 0) return { kind: 'passed', exitCode: 0 };
		return { kind: 'failed', exitCode: exit.code ?? 1 };
	}

	/**
	 * Follows the log from `offset` while the command runs, handing new bytes to the display and
	 * `onOutput` (when there is a `reader`), until the shell has exited and its group is gone (or the
	 * deadline after the exit has passed) and a last read finds nothing new. There is no end of file to
	 * wait for: processes outside the group could keep the descriptor forever.
	 */
	async #follow(log: CommandLog, reader: FileHandle | null, offset: number, exited: Promise<void>): Promise<void> {
		let exitSeen = false;
		void exited.then(() => {
			exitSeen = true;
		});
		let buffer = Buffer.allocUnsafe(FOLLOW_CHUNK_BYTES);
		let lastByte = -1;
		try {
			for (;;) {
				// Decided before reading, so the read that follows is the final one when it finds nothing.
				const finished = exitSeen && this.#groupStopped();
				let bytesRead = 0;
				if (reader !== null) {
					({ bytesRead } = await reader.read(buffer, 0, buffer.byteLength, offset));
					if (bytesRead > 0) {
						offset += bytesRead;
						lastByte = buffer[bytesRead - 1] ?? -1;
						this.#onOutput('stdout', buffer.subarray(0, bytesRead));
						// The chunk now belongs to its receivers: read the next one into fresh memory.
						buffer = Buffer.allocUnsafe(FOLLOW_CHUNK_BYTES);
					}
				}
				if (bytesRead === FOLLOW_CHUNK_BYTES) continue;
				if (finished && bytesRead === 0) break;
				if (!finished) await this.#sleep(exitSeen ? FOLLOW_INTERVAL_MS / 2 : FOLLOW_INTERVAL_MS);
			}
			if (reader === null) lastByte = await lastByteOf(this.#settings.logPath, offset);
		} catch (error) {
			// The log cannot be read back: it is no evidence we can follow, so the command is stopped.
			this.#followError ??= error;
			this.#terminate();
		} finally {
			await reader?.close().catch(() => {});
		}
		if (lastByte >= 0) log.noteOutputEnd(lastByte);
	}

	#groupStopped(): boolean {
		if (this.#group === null || !this.#group.hasMembers()) return true;
		return performance.now() >= this.#followDeadline;
	}

	#sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(done, ms);
			function done(): void {
				clearTimeout(timer);
				resolve();
			}
			this.#wakeFollower = () => {
				this.#wakeFollower = null;
				done();
			};
		});
	}

	#onOutput(source: OutputSource, chunk: Buffer): void {
		if (this.#settings.display) this.#tail.push(source, chunk);
		this.#publisher.changed();
		this.#forwardOutput(chunk, source);
	}

	#forwardOutput(chunk: Buffer, source: OutputSource): void {
		const listener = this.#settings.onOutput;
		if (listener === undefined) return;
		try {
			listener(chunk, source);
		} catch (error) {
			// The caller's bug, surfaced as such rather than as a failure of the command (as for snapshots).
			process.nextTick(() => {
				throw error;
			});
		}
	}

	#onLeaderExit(exit: LeaderExit): void {
		this.#leaderExit = exit;
		clearTimeout(this.#timeoutTimer);
		if (this.#termination === 'none' && this.#group?.hasMembers()) this.#terminate();
		const grace = this.#termination === 'term-sent' ? this.#settings.graceMs : 0;
		this.#followDeadline = performance.now() + grace + STREAM_DRAIN_MS;
	}

	#stop(reason: StopReason): void {
		if (!this.#running) return;
		if (this.#leaderExit === null && this.#stopReason === null) this.#stopReason = reason;
		if (this.#termination === 'term-sent') this.#kill();
		else this.#terminate();
	}

	#terminate(): void {
		if (this.#group === null || this.#termination !== 'none') return;
		this.#termination = 'term-sent';
		this.#group.signal('SIGTERM');
		this.#killTimer = setTimeout(() => this.#kill(), this.#settings.graceMs);
		// Once the run is over, a pending SIGKILL must not keep the process alive; `exit` cleanup covers it.
		this.#killTimer.unref();
	}

	#kill(): void {
		clearTimeout(this.#killTimer);
		if (this.#group === null || this.#termination === 'kill-sent') return;
		this.#termination = 'kill-sent';
		this.#group.signal('SIGKILL');
		if (!this.#running) this.#group.release();
	}

	// A member that ignores SIGTERM may still be alive when we stop following: it stays registered until
	// its SIGKILL is due, so neither the timer nor the exit cleanup loses track of it.
	#releaseGroupWhenStopped(): void {
		const group = this.#group;
		if (group === null) return;
		if (this.#termination === 'term-sent' && group.hasMembers()) return;
		clearTimeout(this.#killTimer);
		group.release();
	}

	#finishOutput(): void {
		this.#running = false;
		this.#tail.finish();
		this.#publisher.publishFinal();
	}
}

function footerFor(outcome: RunOutcome, end: Date): LogFooter {
	const footer: LogFooter = { end, exitCode: outcome.exitCode };
	if (outcome.kind === 'cancelled' || outcome.kind === 'timed-out') footer.outcome = outcome.kind;
	if (outcome.kind === 'failed-to-start') {
		footer.outcome = outcome.kind;
		footer.error = outcome.message;
	}
	return footer;
}

async function workingDirectoryProblem(cwd: string): Promise<string | null> {
	try {
		const info = await stat(cwd);
		return info.isDirectory() ? null : `working directory is not a directory: ${cwd}`;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? 'error';
		return code === 'ENOENT' ? `working directory does not exist: ${cwd}` : `working directory cannot be used (${code}): ${cwd}`;
	}
}

function signalNumber(signal: NodeJS.Signals): number {
	// SignalConstants is keyed by signal name; Node only reports names it knows.
	const number = (osConstants.signals as Record<string, number | undefined>)[signal];
	return number ?? 0;
}

/** The byte before `size` in the file (-1 if there is none): whether the output ended with a newline. */
async function lastByteOf(filePath: string, size: number): Promise<number> {
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

function firstLine(text: string): string {
	return text.split('\n', 1)[0] ?? text;
}

function logError(logPath: string, error: unknown): Error {
	const reason = error instanceof Error ? error.message : String(error);
	return new Error(`cannot write the command log ${logPath}: ${reason}`, { cause: error });
}
