/**
 * Runs one command-matrix command with a live, bounded view of its output and a log file on disk.
 *
 * The command runs as `<shell> -c <command>` in `cwd` (bash when on PATH, else /bin/sh, unless the caller
 * names one; see shell.ts), with stdin ignored, detached so it leads its own process group (see
 * process-groups.ts). Cancelling or timing out sends SIGTERM to the whole tree: the group, and the
 * descendants that left it (process-tree.ts), and SIGKILL after `graceMs` on our own timer. When the shell
 * exits on its own, what it left running in its group (background jobs) is stopped the same way, but only
 * the group: a daemon a check started on purpose in a session of its own (an ssh-agent, a build server)
 * is not ours to stop once the check is over.
 *
 * The command writes its stdout and stderr straight into the log file (both on one O_APPEND descriptor,
 * so they interleave as on a terminal and no byte passes through this process on its way to disk). When
 * someone wants the output (the display tail, `onOutput`), the file is followed: the follower wakes when
 * the file grows (fs.watch; polling where that is not available), reads what is new in bounded chunks,
 * and reads once more after the command's group is gone. As both streams share the descriptor, followed
 * output is reported as `stdout`.
 *
 * Outcomes are never conflated: a cancelled or timed-out run is reported as such even when the process
 * exits 0 after SIGTERM, and a command killed by a signal we did not send fails with 128 + the signal
 * number. `done` rejects only for our own I/O failures (the log cannot be created or written), after the
 * command has been stopped.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { formatUtcSeconds } from '../time/utc.js';
import { CommandLog, footerFor, logError } from './log-file.js';
import { LogFollower } from './log-follower.js';
import { type OutputSource, OutputTail } from './output-tail.js';
import { type RegisteredGroup, registerGroup } from './process-groups.js';
import { markerValue, RUN_MARKER_VARIABLE } from './process-tree.js';
import { exitCodeForSignal, type RunHandle, type RunOptions, type RunOutcome, type RunResult, type Settings, validateOptions } from './run-options.js';
import { DEFAULT_SNAPSHOT_INTERVAL_MS, SnapshotPublisher } from './snapshot-publisher.js';
import { firstLine, workingDirectoryProblem } from './start-problems.js';

// After the shell exits (and any grace period for its group), how long we keep following the log while
// processes of the group are still there (e.g. in uninterruptible sleep) before we finish anyway.
const STREAM_DRAIN_MS = 1000;

/** Starts the command at once and returns its handle. Throws synchronously only for invalid options. */
export function startRun(options: RunOptions): RunHandle {
	return new CommandRun(validateOptions(options)).handle;
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
	// Marks the environment of everything this run starts, so descendants that leave the group are found.
	readonly #marker = randomBytes(8).toString('hex');
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
	#markOpened: (logPath: string | null) => void = () => {};

	constructor(settings: Settings) {
		this.#settings = settings;
		this.#tail = new OutputTail({ tailLines: settings.tailLines, maxLineWidth: settings.maxLineWidth });
		this.#publisher = new SnapshotPublisher(() => this.#tail.snapshot(this.#running), DEFAULT_SNAPSHOT_INTERVAL_MS);
		if (settings.onSnapshot) this.#publisher.subscribe(settings.onSnapshot);
		this.#settled = new Promise<void>((resolve) => {
			this.#markSettled = resolve;
		});
		const opened = new Promise<string | null>((resolve) => {
			this.#markOpened = resolve;
		});
		const done = this.#execute().finally(() => {
			this.#markOpened(null);
			this.#markSettled();
		});
		const run = this;
		this.handle = {
			get pid() {
				return run.#pid;
			},
			startedAt: this.#start.getTime(),
			shell: settings.shell,
			opened,
			cancel: () => this.#stop('cancelled'),
			snapshot: () => this.#tail.snapshot(this.#running),
			subscribe: (listener) => this.#publisher.subscribe(listener),
			done,
		};
	}

	async #execute(): Promise<RunResult> {
		let opened: { log: CommandLog; previousLog: string | null };
		try {
			const header = {
				command: this.#settings.command,
				shell: this.#settings.shell,
				start: this.#start,
				head: this.#settings.head,
				dirty: this.#settings.dirty,
			};
			opened = await CommandLog.open(this.#settings.logPath, header, this.#settings.logPlacement);
		} catch (error) {
			this.#finishOutput();
			throw logError(this.#settings.logPath, error);
		}
		const { log, previousLog } = opened;
		const logPath = log.path;
		this.#markOpened(logPath);
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
			if (this.#settings.display || this.#settings.onOutput !== undefined) reader = await open(log.path, 'r');
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
				const env = { ...process.env, ...this.#settings.env };
				env[RUN_MARKER_VARIABLE] = markerValue(env[RUN_MARKER_VARIABLE], this.#marker);
				child = spawn(this.#settings.shell, ['-c', this.#settings.command], {
					cwd: this.#settings.cwd,
					env,
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
				this.#group = registerGroup(this.#pid, this.#marker, { terminate: () => this.#stop('cancelled'), settled: this.#settled });
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
		if (exit.signal !== null) return { kind: 'failed', exitCode: exitCodeForSignal(exit.signal), signal: exit.signal };
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
		let lastByte = -1;
		try {
			const follower = new LogFollower({
				path: log.path,
				reader,
				offset,
				onChunk: (chunk) => this.#onOutput('stdout', chunk),
				writerDone: () => exitSeen && this.#groupStopped(),
				writerExited: () => exitSeen,
			});
			this.#wakeFollower = () => follower.wake();
			lastByte = await follower.follow();
		} catch (error) {
			// The log cannot be read back: it is no evidence we can follow, so the command is stopped.
			this.#followError ??= error;
			this.#terminate();
		} finally {
			this.#wakeFollower = null;
			await reader?.close().catch(() => {});
		}
		if (lastByte >= 0) log.noteOutputEnd(lastByte);
	}

	#groupStopped(): boolean {
		if (this.#group === null || !this.#group.hasMembers()) return true;
		return performance.now() >= this.#followDeadline;
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
		// Stopped by us: whatever left the group while we signalled it is looked for once more. Ended on its
		// own: from now on the run is its group only (background jobs are stopped; daemons are not ours).
		if (this.#stopReason !== null || this.#termination !== 'none') this.#group?.collectEscapees();
		else this.#group?.limitToGroup();
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
