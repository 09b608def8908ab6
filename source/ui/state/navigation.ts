import { findGate, findSignal } from '../../model/lookup.js';
import { type SubjectKey, subjectLabel } from '../../model/subject.js';
import { highlighted } from './highlight.js';
import { findingRows, historyRows, listKey, rowById } from './lists.js';
import { type PreviewTarget, targetForLog, targetForPathRef } from './preview-target.js';
import { cancelForQuit, showRun } from './run-reducer.js';
import { isActive } from './runs.js';
import { activeListRef, filterOf } from './selection.js';
import { currentScreen, type Screen, sameScreen, screenLabel, type UiState, withStatus } from './state.js';

/** Moving between screens and panes: Enter, Esc, q, going to a subject, quitting. Pure like reduce(). */

export function open(state: UiState): UiState {
	if (state.pane?.kind === 'detail') return openFromDetail(state);
	const row = highlighted(state);
	switch (row?.kind) {
		case 'gate':
			return push(state, { kind: 'gate', gateId: row.row.gate.id }, `opened gate ${row.row.gate.id}`);
		case 'gate-signal':
			if (!row.row.signal) return withStatus(state, `${row.row.signalId} is named by gate ${row.gateId} but not defined in the tracker`, 'error');
			return push(state, { kind: 'signal', signalId: row.row.signal.id }, `opened ${row.row.signal.id}`);
		case 'evidence':
			return openPane(state, targetForPathRef(row.row.ref));
		case 'command': {
			const { entry } = row.row;
			// Rerun in this session: its pane (live output, result, search) is what the user wants back.
			if (state.runs[entry.name]) return showRun(state, entry.name);
			if (!entry.latest.log) return withStatus(state, noLogMessage(entry.name, entry.latest.logProblem));
			return openPane(state, targetForLog(entry.latest.log));
		}
		case 'finding':
			return row.row.finding.about ? openSubject(state, row.row.finding.about) : withStatus(state, `no screen for "${row.row.finding.subject}"`);
		case 'matrix': {
			const { entry } = row.row;
			const runName = entry.entry?.name;
			if (runName !== undefined && state.runs[runName]) return showRun(state, runName);
			const log = entry.entry?.latest.log;
			if (!log) return withStatus(state, noLogMessage(entry.name ?? entry.command, entry.entry?.latest.logProblem ?? null));
			return openPane(state, targetForLog(log));
		}
		case 'history':
			return openSubject(state, row.row.item.key);
		case undefined:
			return withStatus(state, 'nothing selected');
	}
}

/** Enter in the detail pane: the gate or signal it describes (or that its finding or history line is about). */
function openFromDetail(state: UiState): UiState {
	if (state.pane?.kind !== 'detail') return state;
	const { subject } = state.pane;
	switch (subject.kind) {
		case 'gate':
			return openSubject(state, { kind: 'gate', gateId: subject.gateId });
		case 'signal':
			return openSubject(state, { kind: 'signal', signalId: subject.signalId });
		case 'finding': {
			const finding = rowById(findingRows(state.model), subject.rowId)?.finding;
			return finding?.about ? openSubject(state, finding.about) : withStatus(state, 'this finding has no screen of its own');
		}
		case 'history': {
			const item = rowById(historyRows(state.history), subject.rowId)?.item;
			return item ? openSubject(state, item.key) : withStatus(state, 'this history line is gone');
		}
		case 'entry':
		case 'matrix':
			return withStatus(state, 'nothing to open from here: Esc closes the detail');
	}
}

/** Opens a gate or signal screen on top of the current one (returning to it when it is already on the stack). */
export function openSubject(state: UiState, key: SubjectKey): UiState {
	if (key.kind === 'gate') {
		if (!findGate(state.model, key.gateId)) return withStatus(state, `gate ${key.gateId} is not in the tracker`, 'error');
		return push(state, { kind: 'gate', gateId: key.gateId }, `opened gate ${key.gateId}`);
	}
	if (!findSignal(state.model, key.signalId)) return withStatus(state, `${key.signalId} is not in the tracker`, 'error');
	return push(state, { kind: 'signal', signalId: key.signalId }, `opened ${key.signalId}`);
}

/**
 * Goes straight to a gate or signal as if opened from the overview (`Audit > Gate 3 > G3-002`), with the
 * rows it came through highlighted, so Esc walks back the way a person would have come.
 */
export function navigateTo(state: UiState, key: SubjectKey): UiState {
	const cursors = { ...state.cursors };
	const select = (list: string, id: string) => {
		cursors[list] = { id, index: 0, top: cursors[list]?.top ?? 0 };
	};
	let stack: Screen[];
	if (key.kind === 'gate') {
		stack = [{ kind: 'overview' }, { kind: 'gate', gateId: key.gateId }];
		select('gates', String(key.gateId));
	} else {
		const gateId = findSignal(state.model, key.signalId)?.gateIds[0];
		stack =
			gateId === undefined
				? [{ kind: 'overview' }, { kind: 'signal', signalId: key.signalId }]
				: [{ kind: 'overview' }, { kind: 'gate', gateId }, { kind: 'signal', signalId: key.signalId }];
		if (gateId !== undefined) {
			select('gates', String(gateId));
			select(listKey({ kind: 'gate-signals', gateId }), key.signalId);
		}
	}
	return withStatus({ ...state, stack, cursors, pane: null, dialog: null }, `went to ${subjectLabel(key)}`);
}

function noLogMessage(name: string, problem: string | null): string {
	return problem ? `log of ${name} not shown: path refused (${problem})` : `no log recorded for ${name}`;
}

export function focusNextSection(state: UiState): UiState {
	const screen = currentScreen(state);
	if (screen.kind !== 'signal') return state;
	const next = (state.signalFocus[screen.signalId] ?? 'evidence') === 'evidence' ? 'commands' : 'evidence';
	return withStatus({ ...state, signalFocus: { ...state.signalFocus, [screen.signalId]: next } }, `focus: ${next}`);
}

export function back(state: UiState): UiState {
	if (state.dialog) return { ...state, dialog: null };
	if (state.pane) return closePane(state);
	const ref = activeListRef(state);
	// A kept filter is the innermost thing to undo, as in k9s: the first Esc clears it, the next goes back.
	if (filterOf(state, ref) !== '') return withStatus({ ...state, filters: { ...state.filters, [listKey(ref)]: '' } }, 'filter cleared');
	if (state.stack.length > 1) return pop(state);
	return withStatus(state, 'at the top: q asks to quit, Q quits');
}

/** `q`: back out of a pane or a screen; on the top screen ask, so backing out never lands in the shell. */
export function backOrQuit(state: UiState): UiState {
	if (state.pane) return closePane(state);
	if (state.stack.length > 1) return pop(state);
	return withStatus({ ...state, dialog: { kind: 'confirmQuit' } }, 'q again to quit, Esc to stay');
}

/** Opens a screen; one already on the stack is returned to rather than stacked again. */
export function push(state: UiState, screen: Screen, message: string): UiState {
	const existing = state.stack.findIndex((entry) => sameScreen(entry, screen));
	const stack = existing === -1 ? [...state.stack, screen] : state.stack.slice(0, existing + 1);
	return withStatus({ ...state, stack, pane: null, dialog: null }, message);
}

function pop(state: UiState): UiState {
	const stack = state.stack.slice(0, -1);
	const top = stack[stack.length - 1] ?? { kind: 'overview' };
	return withStatus({ ...state, stack, pane: null }, `back to ${describeScreen(top)}`);
}

function describeScreen(screen: Screen): string {
	return screen.kind === 'overview' ? 'overview' : screenLabel(screen).replace(/^Gate /, 'gate ');
}

export function quit(state: UiState, exitCode: number, reason: string): UiState {
	const cancelling = cancelForQuit(state);
	// The controller waits for a cancelled run to settle and be recorded before it exits.
	return cancelling === state ? withStatus({ ...state, quit: { exitCode } }, reason) : { ...cancelling, quit: { exitCode } };
}

export function openPane(state: UiState, target: PreviewTarget): UiState {
	return withStatus({ ...state, pane: { kind: 'preview', target } }, `preview: ${target.title}`);
}

export function closePane(state: UiState): UiState {
	if (!state.pane) return state;
	if (state.pane.kind === 'run') {
		const name = state.pane.run;
		// The breadcrumb line keeps the run in sight, with the keys that reach it.
		const note = isActive(state.runs[name]) ? `; ${name} keeps running` : '';
		return withStatus({ ...state, pane: null }, `closed the log${note}`);
	}
	return withStatus({ ...state, pane: null, detailDiff: null }, state.pane.kind === 'detail' ? 'closed the detail' : 'closed preview');
}
