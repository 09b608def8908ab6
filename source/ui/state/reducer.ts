import { findGate, findSignal } from '../../model/lookup.js';
import type { Finding } from '../../model/types.js';
import type { Action, ActionHandlers, NavigationAction } from './actions.js';
import { listRowsOf, previewRowsOf, scrollTop } from './layout.js';
import { commandRows, evidenceRows, findingRows, gateRows, gateSignalRows, type ListRef, type ListRow, listKey, matrixRows, rowsOf } from './lists.js';
import { type PreviewTarget, targetForLog, targetForPathRef } from './preview-target.js';
import { cancelForQuit, runHandlers, showRun } from './run-reducer.js';
import { isActive } from './runs.js';
import { activeListRef, cursorOf, filteredRows, filterOf, previewTargetOf, selectedIndex } from './selection.js';
import { signoffHandlers } from './signoff-reducer.js';
import { currentScreen, type Screen, type StatusTone, sameScreen, screenLabel, type UiState, withStatus } from './state.js';

/**
 * The UI state machine: pure, synchronous, no Ink and no I/O, so every key can be tested as
 * `reduce(state, action)`. Effects (reading a preview, exiting) are requested through state and carried
 * out by the controller.
 */
export function reduce(state: UiState, action: Action): UiState {
	const next = apply(state, action);
	return next === state ? state : settle(next);
}

/** One handler per navigation action; reruns and sign-offs bring their own. */
const navigationHandlers: ActionHandlers<NavigationAction> = {
	move: (state, action) => moveBy(state, action.delta),
	moveToEdge: (state, action) => moveTo(state, action.edge === 'first' ? 0 : Number.MAX_SAFE_INTEGER),
	page: (state, action) => {
		return moveBy(state, action.direction * listRowsOf(state, activeListRef(state)));
	},
	open: (state) => open(state),
	focusNextSection: (state) => focusNextSection(state),
	back: (state) => back(state),
	backOrQuit: (state) => {
		if (state.pane) return closePane(state);
		if (state.stack.length > 1) return pop(state);
		return quit(state, 0, 'quit');
	},
	goto: (state, action) => push({ ...state, pane: null, dialog: null }, { kind: action.screen }, action.screen === 'findings' ? 'findings' : 'command matrix'),
	quit: (state, action) => quit(state, action.exitCode, action.reason),
	filterStart: (state) => {
		const ref = activeListRef(state);
		const current = filterOf(state, ref);
		return status({ ...state, dialog: { kind: 'filter', list: ref } }, `filter: ${current}`);
	},
	filterType: (state, action) => editFilter(state, (current) => current + action.text),
	filterErase: (state) => editFilter(state, (current) => Array.from(current).slice(0, -1).join('')),
	filterAccept: (state) => {
		if (state.dialog?.kind !== 'filter') return state;
		const ref = state.dialog.list;
		const filter = filterOf(state, ref).trim();
		const closed = { ...state, dialog: null };
		if (filter === '') return status(setFilter(closed, ref, ''), 'filter cleared');
		const shown = rowsOf(state.model, ref, filter).length;
		const total = rowsOf(state.model, ref, '').length;
		return status(closed, `filter: ${filter} (${shown} of ${total})`);
	},
	filterCancel: (state) => {
		if (state.dialog?.kind !== 'filter') return state;
		return status(setFilter({ ...state, dialog: null }, state.dialog.list, ''), 'filter cleared');
	},
	toggleHelp: (state) =>
		state.dialog?.kind === 'help' ? status({ ...state, dialog: null }, 'closed help') : status({ ...state, dialog: { kind: 'help' } }, 'help: ? or Esc closes'),
	closeDialog: (state) => (state.dialog ? { ...state, dialog: null } : state),
	openPreviewPane: (state) => {
		const target = previewTargetOf(state);
		if (!target) return status(state, 'nothing to preview here');
		return openPane(state, target);
	},
	closePane: (state) => closePane(state),
	previewScroll: (state, action) => scrollPreview(state, state.preview.offset + action.delta),
	previewPage: (state, action) => scrollPreview(state, state.preview.offset + action.direction * Math.max(1, previewRowsOf(state) - 1)),
	previewEdge: (state, action) => scrollPreview(state, action.edge === 'first' ? 0 : Number.MAX_SAFE_INTEGER),
	previewLoaded: (state, action) => {
		if (action.key !== state.preview.key) return state;
		return clampPreview({ ...state, preview: { ...state.preview, content: action.preview } });
	},
	resized: (state, action) => {
		if (action.viewport.columns === state.viewport.columns && action.viewport.rows === state.viewport.rows) return state;
		return { ...state, viewport: action.viewport };
	},
	modelReloaded: (state, action) => {
		// Content is dropped so the controller re-reads the previewed file: it may be what changed.
		if (action.quiet) return { ...state, model: action.model, reloadError: null, preview: { ...state.preview, content: null } };
		return status({ ...state, model: action.model, reloadError: null, preview: { ...state.preview, content: null } }, action.summary, 'change', action.cause);
	},
	reloadFailed: (state, action) =>
		status({ ...state, reloadError: action.message }, `reload failed, showing the last good model: ${action.message}`, 'error', action.cause),
	setStatus: (state, action) => status(state, action.text, action.tone),
};

const handlers: ActionHandlers<Action> = { ...navigationHandlers, ...runHandlers, ...signoffHandlers };

function apply(state: UiState, action: Action): UiState {
	// The map is keyed by action type, so the handler found takes this action; TypeScript cannot follow the
	// lookup, hence the widening.
	const handler = handlers[action.type] as (state: UiState, action: Action) => UiState;
	return handler(state, action);
}

/** Keeps invariants after every change: the active cursor points at a real row and the preview follows the selection. */
function settle(state: UiState): UiState {
	return syncPreview(normalizeActiveCursor(state));
}

function normalizeActiveCursor(state: UiState): UiState {
	const ref = activeListRef(state);
	const rows = filteredRows(state, ref);
	const cursor = cursorOf(state, ref);
	const index = selectedIndex(rows, cursor);
	const id = index === -1 ? cursor.id : (rows[index]?.id ?? null);
	const top = index === -1 ? 0 : scrollTop(index, cursor.top, listRowsOf(state, ref), rows.length);
	const safeIndex = Math.max(0, index);
	if (cursor.id === id && cursor.index === safeIndex && cursor.top === top) return state;
	return { ...state, cursors: { ...state.cursors, [listKey(ref)]: { id, index: safeIndex, top } } };
}

function syncPreview(state: UiState): UiState {
	const target = previewTargetOf(state);
	const key = target?.key ?? null;
	if (key === state.preview.key) return state;
	const offset = target?.ref.line ? target.ref.line - 1 : 0;
	return { ...state, preview: { key, content: null, offset } };
}

function moveBy(state: UiState, delta: number): UiState {
	const ref = activeListRef(state);
	const rows = filteredRows(state, ref);
	const index = selectedIndex(rows, cursorOf(state, ref));
	if (index === -1) return state;
	return moveTo(state, Math.max(0, index + delta));
}

function moveTo(state: UiState, target: number): UiState {
	const ref = activeListRef(state);
	const rows = filteredRows(state, ref);
	if (rows.length === 0) return state;
	const index = Math.max(0, Math.min(target, rows.length - 1));
	const cursor = cursorOf(state, ref);
	const top = scrollTop(index, cursor.top, listRowsOf(state, ref), rows.length);
	return { ...state, cursors: { ...state.cursors, [listKey(ref)]: { id: rows[index]?.id ?? null, index, top } } };
}

function open(state: UiState): UiState {
	const screen = currentScreen(state);
	switch (screen.kind) {
		case 'overview': {
			const row = selected(state, { kind: 'gates' }, gateRows(state.model, filterOf(state, { kind: 'gates' })));
			if (!row) return status(state, 'no gate selected');
			return push(state, { kind: 'gate', gateId: row.gate.id }, `opened gate ${row.gate.id}`);
		}
		case 'gate': {
			const ref: ListRef = { kind: 'gate-signals', gateId: screen.gateId };
			const row = selected(state, ref, gateSignalRows(state.model, screen.gateId, filterOf(state, ref)));
			if (!row) return status(state, 'no signal selected');
			if (!row.signal) return status(state, `${row.signalId} is named by gate ${screen.gateId} but not defined in the tracker`, 'error');
			return push(state, { kind: 'signal', signalId: row.signal.id }, `opened ${row.signal.id}`);
		}
		case 'signal': {
			const ref = activeListRef(state);
			if (ref.kind === 'signal-commands') {
				const row = selected(state, ref, commandRows(state.model, screen.signalId, filterOf(state, ref)));
				if (!row) return status(state, 'no command selected');
				// Rerun in this session: its pane (live output, result, search) is what the user wants back.
				if (state.runs[row.entry.name]) return showRun(state, row.entry.name);
				if (!row.entry.latest.log) return status(state, noLogMessage(row.entry.name, row.entry.latest.logProblem));
				return openPane(state, targetForLog(row.entry.latest.log));
			}
			const evidenceRef: ListRef = { kind: 'signal-evidence', signalId: screen.signalId };
			const row = selected(state, evidenceRef, evidenceRows(state.model, screen.signalId, filterOf(state, evidenceRef)));
			if (!row) return status(state, 'no evidence selected');
			return openPane(state, targetForPathRef(row.ref));
		}
		case 'findings': {
			const row = selected(state, { kind: 'findings' }, findingRows(state.model, filterOf(state, { kind: 'findings' })));
			if (!row) return status(state, 'no finding selected');
			return openSubject(state, row.finding);
		}
		case 'matrix': {
			const row = selected(state, { kind: 'matrix' }, matrixRows(state.model, filterOf(state, { kind: 'matrix' })));
			if (!row) return status(state, 'no command selected');
			const runName = row.entry.entry?.name;
			if (runName !== undefined && state.runs[runName]) return showRun(state, runName);
			const log = row.entry.entry?.latest.log;
			if (!log) return status(state, noLogMessage(row.entry.name ?? row.entry.command, row.entry.entry?.latest.logProblem ?? null));
			return openPane(state, targetForLog(log));
		}
	}
}

/** The gate or signal a finding is about; findings about files or the tracker have no screen. */
function openSubject(state: UiState, finding: Finding): UiState {
	const about = finding.about;
	if (about?.kind === 'gate' && findGate(state.model, about.gateId)) return push(state, { kind: 'gate', gateId: about.gateId }, `opened gate ${about.gateId}`);
	if (about?.kind === 'signal' && findSignal(state.model, about.signalId))
		return push(state, { kind: 'signal', signalId: about.signalId }, `opened ${about.signalId}`);
	return status(state, `no screen for "${finding.subject}"`);
}

function selected<Row extends ListRow>(state: UiState, ref: ListRef, rows: Row[]): Row | undefined {
	const index = selectedIndex(rows, cursorOf(state, ref));
	return index === -1 ? undefined : rows[index];
}

function noLogMessage(name: string, problem: string | null): string {
	return problem ? `log of ${name} not shown: path refused (${problem})` : `no log recorded for ${name}`;
}

function focusNextSection(state: UiState): UiState {
	const screen = currentScreen(state);
	if (screen.kind !== 'signal') return state;
	const next = (state.signalFocus[screen.signalId] ?? 'evidence') === 'evidence' ? 'commands' : 'evidence';
	return status({ ...state, signalFocus: { ...state.signalFocus, [screen.signalId]: next } }, `focus: ${next}`);
}

function back(state: UiState): UiState {
	if (state.dialog) return { ...state, dialog: null };
	if (state.pane) return closePane(state);
	const ref = activeListRef(state);
	// A kept filter is the innermost thing to undo, as in k9s: the first Esc clears it, the next goes back.
	if (filterOf(state, ref) !== '') return status(setFilter(state, ref, ''), 'filter cleared');
	if (state.stack.length > 1) return pop(state);
	return status(state, 'at the top: q or Q quits');
}

/** Opens a screen; one already on the stack is returned to rather than stacked again. */
function push(state: UiState, screen: Screen, message: string): UiState {
	const existing = state.stack.findIndex((entry) => sameScreen(entry, screen));
	const stack = existing === -1 ? [...state.stack, screen] : state.stack.slice(0, existing + 1);
	return status({ ...state, stack, pane: null }, message);
}

function pop(state: UiState): UiState {
	const stack = state.stack.slice(0, -1);
	const top = stack[stack.length - 1] ?? { kind: 'overview' };
	return status({ ...state, stack, pane: null }, `back to ${describeScreen(top)}`);
}

function describeScreen(screen: Screen): string {
	return screen.kind === 'overview' ? 'overview' : screenLabel(screen).replace(/^Gate /, 'gate ');
}

function quit(state: UiState, exitCode: number, reason: string): UiState {
	const cancelling = cancelForQuit(state);
	// The controller waits for a cancelled run to settle and be recorded before it exits.
	return cancelling === state ? status({ ...state, quit: { exitCode } }, reason) : { ...cancelling, quit: { exitCode } };
}

function openPane(state: UiState, target: PreviewTarget): UiState {
	return status({ ...state, pane: { kind: 'preview', target } }, `preview: ${target.title}`);
}

function closePane(state: UiState): UiState {
	if (!state.pane) return state;
	if (state.pane.kind === 'run') {
		const name = state.pane.run;
		const note = isActive(state.runs[name]) ? `; ${name} keeps running (l shows it, x cancels)` : '';
		return status({ ...state, pane: null }, `closed the log${note}`);
	}
	return status({ ...state, pane: null }, 'closed preview');
}

function setFilter(state: UiState, ref: ListRef, filter: string): UiState {
	return { ...state, filters: { ...state.filters, [listKey(ref)]: filter } };
}

function editFilter(state: UiState, edit: (current: string) => string): UiState {
	if (state.dialog?.kind !== 'filter') return state;
	const ref = state.dialog.list;
	const filter = edit(filterOf(state, ref));
	const withFilter = setFilter(state, ref, filter);
	const rows = rowsOf(state.model, ref, filter);
	const cursor = cursorOf(state, ref);
	// Typing narrows the list: stay on the selected row while it still matches, otherwise jump to the first match.
	const keeps = cursor.id !== null && rows.some((row) => row.id === cursor.id);
	const cursors = keeps ? withFilter.cursors : { ...withFilter.cursors, [listKey(ref)]: { id: rows[0]?.id ?? null, index: 0, top: 0 } };
	return status({ ...withFilter, cursors }, `filter: ${filter}`);
}

function scrollPreview(state: UiState, offset: number): UiState {
	return clampPreview({ ...state, preview: { ...state.preview, offset } });
}

function clampPreview(state: UiState): UiState {
	const content = state.preview.content;
	if (!content) return state;
	const lines = content.kind === 'unavailable' ? 0 : content.lines.length;
	const maxOffset = Math.max(0, lines - previewRowsOf(state));
	const offset = Math.max(0, Math.min(state.preview.offset, maxOffset));
	return offset === state.preview.offset ? state : { ...state, preview: { ...state.preview, offset } };
}

function status(state: UiState, text: string, tone: StatusTone = 'info', cause?: string): UiState {
	return withStatus(state, text, tone, cause);
}
