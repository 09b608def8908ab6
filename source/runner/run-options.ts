/**
 * What a run is given and what it gives back: options, handle, result and outcome, their defaults, and
 * the validation that turns options into the settings a run works with (run-command.ts).
 */

import { constants as osConstants } from 'node:os';
import path from 'node:path';
import type { LogPlacement } from './log-file.js';
import type { OutputSnapshot, OutputSource } from './output-tail.js';
import { chooseShell, FALLBACK_SHELL } from './shell.js';
import type { SnapshotListener } from './snapshot-publisher.js';

export type RunOutcome =
	| { kind: 'passed'; exitCode: 0 }
	/** `signal` is set when a signal we did not send ended the command (exitCode is then 128 + its number). */
	| { kind: 'failed'; exitCode: number; signal?: NodeJS.Signals }
	| { kind: 'cancelled'; exitCode: 130 }
	| { kind: 'timed-out'; exitCode: 124 }
	| { kind: 'failed-to-start'; exitCode: 127; message: string };

export interface RunOptions {
	/** Shell command line, run by `<shell> -c`. */
	command: string;
	/** Absolute path of the shell; default bash from PATH, else /bin/sh. Recorded in the log header. */
	shell?: string;
	/** Working directory, normally the repository root. */
	cwd: string;
	/** Absolute path of the log file; parent directories are created, a previous log is kept. */
	logPath: string;
	/**
	 * `replace` (default): the log is written at `logPath`, a log already there kept under its timestamped
	 * name. `timestamped`: the log gets a name of its own beside `logPath` (`<stem>.<start>[-n]<ext>`, the
	 * run's start) and replaces nothing; `opened` and the result say which.
	 */
	logPlacement?: LogPlacement;
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
	 * stdout and stderr share one descriptor, so every chunk is reported as `stdout`. A chunk is the
	 * receiver's to keep: it is never reused.
	 */
	onOutput?: (chunk: Uint8Array, source: OutputSource) => void;
	/** Extra environment, merged over this process's environment. */
	env?: NodeJS.ProcessEnv;
}

export interface RunHandle {
	/** Pid of the shell, which is also the process group id; undefined until spawned or if it never was. */
	readonly pid: number | undefined;
	/** When the run started (epoch ms): the instant `durationMs` counts from, for a live timer on the same clock. */
	readonly startedAt: number;
	/** The shell that runs the command. */
	readonly shell: string;
	/** The log's path once it is open (before the command starts); null when it could not be (`done` then rejects). */
	readonly opened: Promise<string | null>;
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
	/** Where the log was written. */
	logPath: string;
	/** Where the log previously at `logPath` was moved, or null if there was none. */
	previousLog: string | null;
}

export const DEFAULT_GRACE_MS = 2000;
export const DEFAULT_TAIL_LINES = 2000;
export const DEFAULT_MAX_LINE_WIDTH = 1000;

let defaultShell: string | null = null;

/** bash from PATH, else /bin/sh; looked up once per process. */
function shellOrDefault(shell: string | undefined): string {
	if (shell !== undefined) return shell;
	defaultShell ??= chooseShell(null)?.path ?? FALLBACK_SHELL;
	return defaultShell;
}

export interface Settings {
	command: string;
	shell: string;
	cwd: string;
	logPath: string;
	logPlacement: LogPlacement;
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

/** The options checked and completed with their defaults; throws for invalid ones. */
export function validateOptions(options: RunOptions): Settings {
	if (typeof options.command !== 'string' || options.command.trim() === '') throw new TypeError('startRun: command must be a non-empty string');
	if (typeof options.cwd !== 'string' || options.cwd === '') throw new TypeError('startRun: cwd must be a directory path');
	if (options.shell !== undefined && !path.isAbsolute(options.shell)) throw new TypeError(`startRun: shell must be an absolute path, got ${options.shell}`);
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
		shell: shellOrDefault(options.shell),
		cwd: path.resolve(options.cwd),
		logPath: options.logPath,
		logPlacement: options.logPlacement ?? 'replace',
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

/** 128 + the signal's number, as a shell reports a command ended by that signal (130 for SIGINT). */
export function exitCodeForSignal(signal: NodeJS.Signals): number {
	// SignalConstants is keyed by signal name; Node only reports names it knows.
	return 128 + ((osConstants.signals as Record<string, number | undefined>)[signal] ?? 0);
}
