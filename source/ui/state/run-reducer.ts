import { describeError } from '../../errors.js';
import { runFailed } from '../../model/command-runs.js';
import { describeRecordFailure } from '../../rerun/describe-outcome.js';
import { failedMatrixEntries, resolveRerunTarget } from '../../rerun/rerun-target.js';
import { signalCommands, signalRerun } from '../../rerun/resolve-names.js';
import type { ActionHandlers } from './actions.js';
import { logRowsOf } from './layout.js';
import { commandRows, matrixRows } from './lists.js';
import type { RunAction } from './run-actions.js';
import { clampTop, findMatches, firstHeldLine, isActive, isCancellable, type LogSearch, type LogView, logWindow, newRun, type RunState } from './runs.js';
import { activeListRef, cursorOf, filterOf, selectedIndex } from './selection.js';
import { currentScreen, type UiState, withStatus } from './state.js';

/**
 * The rerun half of the state machine: queueing entries, following a run's phases as the supervisor
 * reports them, and scrolling and searching its log pane. Pure like reduce(); returns null for actions
 * it does not handle.
 */

/** One handler per rerun action. */
export const runHandlers: ActionHandlers<RunAction> = {
	rerun: (state, action) => (action.scope === 'selected' ? rerunSelected(state) : action.scope === 'failed' ? rerunFailed(state) : rerunSignal(state)),
	rerunEntries: (state, action) => enqueue(state, action.names),
	cancelRun: (state) => cancel(state, false),
	openRunPane: (state) => {
		const name = state.activeRun ?? state.lastRun;
		if (name === null) return withStatus(state, 'no rerun in this session yet: r on a command reruns it');
		return showRun(state, name);
	},
	logScroll: (state, action) => scrollLog(state, (window) => window + action.delta),
	logPage: (state, action) => scrollLog(state, (window) => window + action.direction * Math.max(1, logRowsOf(state) - 1)),
	logEdge: (state, action) => {
		if (action.edge === 'last') return follow(state);
		return scrollLog(state, () => Number.MIN_SAFE_INTEGER);
	},
	logFollow: (state) => follow(state),
	logSearchStart: (state) => {
		const run = paneRun(state);
		if (!run) return state;
		return withStatus({ ...state, dialog: { kind: 'logSearch', run: run.name, query: run.view.search?.query ?? '' } }, 'search the log: type what to find');
	},
	logSearchAccept: (state) => acceptSearch(state),
	logSearchCancel: (state) => {
		if (state.dialog?.kind !== 'logSearch') return state;
		return withStatus({ ...state, dialog: null }, 'search cancelled');
	},
	logSearchNext: (state, action) => nextMatch(state, action.direction),
	runStarting: (state, action) => starting(state, action.name, action.command, action.now),
	runStarted: (state, action) =>
		updateRun({ ...state, clock: Math.max(state.clock, action.startedAt) }, action.name, (run) => ({
			...run,
			phase: 'running',
			log: action.log,
			head: action.head,
			dirty: action.dirty,
			shell: action.shell,
			shellIsBash: action.shellIsBash,
			startedAt: action.startedAt,
		})),
	runOutput: (state, action) => updateRun(state, action.name, (run) => withOutput(run, action.snapshot, logRowsOf(state))),
	runTick: (state, action) => (state.activeRun === null ? state : { ...state, clock: action.now }),
	runFinished: (state, action) =>
		updateRun(state, action.name, (run) => ({
			...withOutput(run, action.snapshot, logRowsOf(state)),
			// A cancelled run is not written back: there is nothing to wait for.
			phase: action.recording ? 'recording' : 'done',
			result: action.result,
		})),
	runEnded: (state, action) => {
		const done = finish(
			updateRun(state, action.name, (run) => ({ ...run, phase: 'done', log: action.log })),
			action.name,
		);
		const cancelled = done.runs[action.name]?.result?.kind === 'cancelled';
		return withStatus(done, action.message, action.failed ? 'error' : cancelled ? 'info' : 'change');
	},
	runRecordFailed: (state, action) => {
		const run = state.runs[action.name];
		const done = finish(
			updateRun(state, action.name, (current) => ({ ...current, phase: 'done', recordError: action.message, log: action.log ?? current.log })),
			action.name,
		);
		return withStatus(done, describeRecordFailure(action.name, run?.result ?? null, action.recorded, action.message), 'error');
	},
};

/** The run in progress must stop before the app quits: mark it, drop the queue, say so. */
export function cancelForQuit(state: UiState): UiState {
	return isCancellable(state.activeRun === null ? undefined : state.runs[state.activeRun]) ? cancel(state, true) : state;
}

function rerunSelected(state: UiState): UiState {
	const screen = currentScreen(state);
	const ref = activeListRef(state);
	if (screen.kind === 'matrix' && ref.kind === 'matrix') {
		const rows = matrixRows(state.model, filterOf(state, ref));
		const row = rows[selectedIndex(rows, cursorOf(state, ref))];
		if (!row) return withStatus(state, 'no command selected');
		if (!row.entry.entry) return withStatus(state, `${row.entry.command} has no row in the status file: nothing to rerun`, 'error');
		return enqueue(state, [row.entry.entry.name]);
	}
	if (screen.kind === 'signal') {
		if (ref.kind !== 'signal-commands') return withStatus(state, 'r reruns a recorded command: tab to the Commands list first');
		const rows = commandRows(state.model, screen.signalId, filterOf(state, ref));
		const row = rows[selectedIndex(rows, cursorOf(state, ref))];
		if (!row) return withStatus(state, 'no command selected');
		return enqueue(state, [row.entry.name]);
	}
	return withStatus(state, 'r reruns a command: open the command matrix (m) or a signal\u2019s commands');
}

/** Every distinct command recorded for the signal on screen (its latest run each): what `rerun G7-001` runs. */
function rerunSignal(state: UiState): UiState {
	const screen = currentScreen(state);
	if (screen.kind !== 'signal') return withStatus(state, 'A reruns every command of a signal: open the signal first');
	const { entries, notes } = signalRerun(state.model, screen.signalId);
	if (entries.length > 0)
		return enqueue(
			state,
			entries.map((entry) => entry.name),
			notes,
		);
	if (notes[0] !== undefined) return withStatus(state, `no command recorded for ${screen.signalId} can run: ${notes.join('; ')}`, 'error');
	return withStatus(state, `no commands recorded for ${screen.signalId}: nothing to rerun`);
}

function rerunFailed(state: UiState): UiState {
	const screen = currentScreen(state);
	if (screen.kind === 'matrix') {
		const names = failedMatrixEntries(state.model).map((entry) => entry.name);
		if (names.length === 0) return withStatus(state, 'no failed entries in the command matrix: nothing to rerun');
		return enqueue(state, names);
	}
	if (screen.kind === 'signal') {
		const names = signalCommands(state.model, screen.signalId)
			.filter((entry) => runFailed(entry.latest))
			.map((entry) => entry.name);
		if (names.length === 0) return withStatus(state, `no failed commands recorded for ${screen.signalId}: nothing to rerun`);
		return enqueue(state, names);
	}
	return withStatus(state, 'R reruns the failed commands of the command matrix (m) or of a signal');
}

/** Adds runnable entries to the queue (each once) and shows the first one's pane; `leftOut` says what was not queued and why. */
function enqueue(state: UiState, names: string[], leftOut: string[] = []): UiState {
	const accepted: string[] = [];
	const refusals: string[] = [...leftOut];
	for (const name of names) {
		if (accepted.includes(name) || state.queue.includes(name) || (state.activeRun === name && isActive(state.runs[name]))) continue;
		try {
			resolveRerunTarget(state.model, name);
			accepted.push(name);
		} catch (error) {
			refusals.push(describeError(error));
		}
	}
	const first = accepted[0];
	if (first === undefined) {
		if (refusals[0] !== undefined) return withStatus(state, refusals[0], 'error');
		const already = names[0];
		return already === undefined ? state : showRun(withStatus(state, `${already} is already running or queued`), already);
	}
	// A queued entry's pane says "queued" rather than showing its previous run of this session.
	const runs = { ...state.runs };
	for (const name of accepted) if (!isActive(runs[name])) delete runs[name];
	const batch = { total: (state.batch?.total ?? 0) + accepted.length, started: state.batch?.started ?? 0 };
	const next: UiState = { ...state, runs, queue: [...state.queue, ...accepted], batch };
	const skipped = refusals.length > 0 ? `; ${refusals.length} skipped: ${refusals[0]}` : '';
	const text =
		accepted.length === 1
			? state.activeRun === null
				? `rerunning ${first}${skipped}`
				: `queued ${first} (${batch.started + next.queue.length}/${batch.total})${skipped}`
			: `rerunning ${accepted.length} entries one after another: ${accepted.join(', ')}${skipped}`;
	return withStatus({ ...next, pane: { kind: 'run', run: first }, dialog: null }, text, refusals.length > 0 ? 'error' : 'info');
}

function cancel(state: UiState, quitting: boolean): UiState {
	const name = state.activeRun;
	const run = name === null ? undefined : state.runs[name];
	if (name === null || !run || !isCancellable(run)) {
		// Between two queued runs (one being recorded) there is no process, but the rest can still be dropped.
		const waiting = state.queue.length;
		if (waiting === 0) return withStatus(state, 'nothing is running');
		return withStatus({ ...state, queue: [] }, `dropped ${waiting} queued ${waiting === 1 ? 'run' : 'runs'}`);
	}
	const dropped = state.queue.length;
	const cancelled = updateRun({ ...state, queue: [] }, name, (current) => ({ ...current, cancelRequested: true }));
	const queueNote = dropped > 0 ? `; ${dropped} queued ${dropped === 1 ? 'run' : 'runs'} dropped` : '';
	return withStatus(cancelled, `cancelling ${name}${quitting ? ' before quitting' : ''}\u2026${queueNote}`);
}

function starting(state: UiState, name: string, command: string, now: number): UiState {
	const batch = state.batch ? { ...state.batch, started: state.batch.started + 1 } : { total: 1, started: 1 };
	// A pane that showed the previous run of this batch moves on to the next one.
	const follows = state.pane?.kind === 'run' && (state.pane.run === state.lastRun || state.pane.run === name);
	const next: UiState = {
		...state,
		runs: { ...state.runs, [name]: newRun(name, command, now) },
		queue: state.queue.filter((queued) => queued !== name),
		activeRun: name,
		lastRun: name,
		batch,
		clock: now,
		pane: follows ? { kind: 'run', run: name } : state.pane,
	};
	return withStatus(next, `running ${name}${batch.total > 1 ? ` (${batch.started}/${batch.total})` : ''}`);
}

function finish(state: UiState, name: string): UiState {
	if (state.activeRun !== name) return state;
	return { ...state, activeRun: null, batch: state.queue.length === 0 ? null : state.batch };
}

function updateRun(state: UiState, name: string, change: (run: RunState) => RunState): UiState {
	const run = state.runs[name];
	if (!run) return state;
	return { ...state, runs: { ...state.runs, [name]: change(run) } };
}

function withOutput(run: RunState, snapshot: RunState['output'], rows: number): RunState {
	let view = run.view;
	if (view.search) view = { ...view, search: refreshSearch(view.search, snapshot) };
	// Lines that scrolled out of the tail cannot be shown: a paused view keeps to what is held.
	if (!view.follow) view = { ...view, top: clampTop(view.top, snapshot, rows) };
	return { ...run, output: snapshot, view };
}

function refreshSearch(search: LogSearch, snapshot: RunState['output']): LogSearch {
	const matches = findMatches(snapshot, search.query);
	const current = search.current !== null && search.current >= firstHeldLine(snapshot) ? search.current : null;
	return { ...search, matches, current };
}

function paneRun(state: UiState): RunState | undefined {
	return state.pane?.kind === 'run' ? state.runs[state.pane.run] : undefined;
}

export function showRun(state: UiState, name: string): UiState {
	const run = state.runs[name];
	const what = !run ? 'queued' : run.phase === 'done' ? 'finished' : 'running';
	return withStatus({ ...state, pane: { kind: 'run', run: name } }, `log of ${name} (${what})${isActive(run) ? ': it goes on when the pane is hidden' : ''}`);
}

function setView(state: UiState, run: RunState, view: LogView): UiState {
	return updateRun(state, run.name, (current) => ({ ...current, view }));
}

function scrollLog(state: UiState, move: (top: number) => number): UiState {
	const run = paneRun(state);
	if (!run) return state;
	const rows = logRowsOf(state);
	const top = clampTop(move(logWindow(run, rows).top), run.output, rows);
	return setView(state, run, { ...run.view, follow: false, top });
}

function follow(state: UiState): UiState {
	const run = paneRun(state);
	if (!run) return state;
	return withStatus(setView(state, run, { ...run.view, follow: true }), 'following the log');
}

function acceptSearch(state: UiState): UiState {
	if (state.dialog?.kind !== 'logSearch') return state;
	const query = state.dialog.query.trim();
	const closed: UiState = { ...state, dialog: null };
	const run = paneRun(closed);
	if (!run) return closed;
	if (query === '') return withStatus(setView(closed, run, { ...run.view, search: null }), 'search cleared');
	const search: LogSearch = { query, matches: findMatches(run.output, query), current: null };
	const rows = logRowsOf(state);
	const { top } = logWindow(run, rows);
	// Following, the newest match is the interesting one; paused, the first one from where the reader is.
	const target = run.view.follow ? search.matches[search.matches.length - 1] : (search.matches.find((line) => line >= top) ?? search.matches[0]);
	return jumpTo(setView(closed, run, { ...run.view, search }), run.name, target);
}

function nextMatch(state: UiState, direction: 1 | -1): UiState {
	const run = paneRun(state);
	if (!run) return state;
	const search = run.view.search;
	if (!search) return withStatus(state, 'no search yet: / searches the log');
	const { matches } = search;
	if (matches.length === 0) return withStatus(state, `/${search.query}: no matches`);
	const from = search.current ?? logWindow(run, logRowsOf(state)).top - (direction === 1 ? 1 : 0);
	const target =
		direction === 1 ? (matches.find((line) => line > from) ?? matches[0]) : ([...matches].reverse().find((line) => line < from) ?? matches[matches.length - 1]);
	return jumpTo(state, run.name, target);
}

/** Puts a match a third of the way down the pane and makes it the current one. */
function jumpTo(state: UiState, name: string, line: number | undefined): UiState {
	const run = state.runs[name];
	const search = run?.view.search;
	if (!run || !search) return state;
	if (line === undefined) return withStatus(state, `/${search.query}: no matches`);
	const rows = logRowsOf(state);
	const top = clampTop(line - Math.floor(rows / 3), run.output, rows);
	const moved = setView(state, run, { follow: false, top, search: { ...search, current: line } });
	return withStatus(moved, `/${search.query}: ${search.matches.indexOf(line) + 1}/${search.matches.length} matches`);
}
