import type { RerunOutcome } from '../../rerun/describe-outcome.js';
import type { OutputSnapshot } from '../../runner/index.js';

/**
 * Reruns as the UI state sees them: one record per command entry run in this session (keyed by the
 * entry's name, which is unique in the audit), the waiting queue, and how the log pane of each run is
 * scrolled and searched. Pure data and pure helpers; the processes live in run-supervisor.ts.
 */

export type RunPhase = 'starting' | 'running' | 'recording' | 'done';

export interface LogSearch {
	query: string;
	/** Absolute line numbers (see RunState.output) of the lines that contain the query. */
	matches: number[];
	/** The match the view is on, as an absolute line number; null before the first n/N or Enter. */
	current: number | null;
}

export interface LogView {
	/** Show the newest lines as they arrive. Scrolling pauses it; F (or G) resumes. */
	follow: boolean;
	/** Absolute line number of the first visible line while paused. */
	top: number;
	search: LogSearch | null;
}

export interface RunState {
	name: string;
	command: string;
	/** Repository-relative log path (where it is written while running, then where it was kept); null until started. */
	log: string | null;
	head: string | null;
	dirty: boolean;
	/** The shell running the command, and whether it is bash (the pane says so when it is not). */
	shell: string | null;
	shellIsBash: boolean;
	/**
	 * Epoch milliseconds: when the run was queued to start, then the runner's own start, the instant its
	 * final duration counts from, so the live time (`clock - startedAt`) and the final one agree.
	 */
	startedAt: number;
	phase: RunPhase;
	/**
	 * The runner's bounded tail. Line `i` of `output.lines` has the absolute number
	 * `output.totalLines - output.lines.length + i`, which stays put while older lines scroll away.
	 */
	output: OutputSnapshot;
	result: RerunOutcome | null;
	/** The one-line error of a failed write-back (or of a run that never started). */
	recordError: string | null;
	cancelRequested: boolean;
	view: LogView;
}

export interface RunBatch {
	total: number;
	started: number;
}

export const EMPTY_OUTPUT: OutputSnapshot = { lines: [], totalLines: 0, bytes: 0, running: false };

export function newRun(name: string, command: string, startedAt: number): RunState {
	return {
		name,
		command,
		log: null,
		head: null,
		dirty: false,
		shell: null,
		shellIsBash: true,
		startedAt,
		phase: 'starting',
		output: EMPTY_OUTPUT,
		result: null,
		recordError: null,
		cancelRequested: false,
		view: { follow: true, top: 0, search: null },
	};
}

export function isActive(run: RunState | undefined): boolean {
	return run !== undefined && run.phase !== 'done';
}

/** Still able to be cancelled: the process may be running. */
export function isCancellable(run: RunState | undefined): boolean {
	return run !== undefined && (run.phase === 'starting' || run.phase === 'running') && !run.cancelRequested;
}

/** Absolute number of the first line the snapshot still holds. */
export function firstHeldLine(output: OutputSnapshot): number {
	return output.totalLines - output.lines.length;
}

export interface LogWindow {
	/** Absolute number of the first visible line. */
	top: number;
	lines: string[];
}

/** The lines the pane shows: the newest `rows` while following, else from `view.top`, kept inside what is held. */
export function logWindow(run: RunState, rows: number): LogWindow {
	const { output } = run;
	const base = firstHeldLine(output);
	const top = clampTop(run.view.follow ? Number.MAX_SAFE_INTEGER : run.view.top, output, rows);
	return { top, lines: output.lines.slice(top - base, top - base + rows) };
}

export function clampTop(top: number, output: OutputSnapshot, rows: number): number {
	const base = firstHeldLine(output);
	const last = Math.max(base, output.totalLines - rows);
	return Math.max(base, Math.min(top, last));
}

/** Lines that contain the query, ignoring case (the lines are already sanitized: what is seen is what matches). */
export function findMatches(output: OutputSnapshot, query: string): number[] {
	const needle = query.toLowerCase();
	if (needle === '') return [];
	const base = firstHeldLine(output);
	const matches: number[] = [];
	output.lines.forEach((line, index) => {
		if (line.toLowerCase().includes(needle)) matches.push(base + index);
	});
	return matches;
}
