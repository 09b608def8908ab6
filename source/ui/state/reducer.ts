import type { Action, ActionHandlers, NavigationAction } from './actions.js';
import { copyTarget, describeCopy } from './copy.js';
import { openDetail, refreshDetailDiff } from './detail.js';
import { fieldHandlers } from './fields.js';
import { jumpHandlers } from './jump.js';
import { listRowsOf, scrollTop } from './layout.js';
import { filterHandlers } from './list-filter.js';
import { listKey } from './lists.js';
import { back, backOrQuit, closePane, focusNextSection, open, push, quit } from './navigation.js';
import { runHandlers } from './run-reducer.js';
import { clampPreview, clampScrolledViews, scrollView } from './scroll.js';
import { activeListRef, cursorOf, filteredRows, previewTargetOf, selectedIndex } from './selection.js';
import { signoffHandlers } from './signoff-reducer.js';
import { type UiState, withStatus } from './state.js';

/**
 * The UI state machine: pure, synchronous, no Ink and no I/O, so every key can be tested as
 * `reduce(state, action)`. Effects (reading a preview, a diff or the history, copying, exiting) are
 * requested through state and actions and carried out by the controller's features.
 */
export function reduce(state: UiState, action: Action): UiState {
	const next = apply(state, action);
	return next === state ? state : settle(next);
}

/** One handler per navigation action; filters, the go-to prompt, fields, reruns and sign-offs bring their own. */
const navigationHandlers: ActionHandlers<
	Exclude<NavigationAction, { type: 'filterStart' | 'filterAccept' | 'filterCancel' | 'jumpStart' | 'jumpComplete' | 'jumpAccept' }>
> = {
	move: (state, action) => moveBy(state, action.delta),
	moveToEdge: (state, action) => moveTo(state, action.edge === 'first' ? 0 : Number.MAX_SAFE_INTEGER),
	page: (state, action) => moveBy(state, action.direction * listRowsOf(state, activeListRef(state))),
	open: (state) => open(state),
	focusNextSection: (state) => focusNextSection(state),
	back: (state) => back(state),
	backOrQuit: (state) => backOrQuit(state),
	goto: (state, action) =>
		push(
			{ ...state, pane: null, dialog: null },
			{ kind: action.screen },
			action.screen === 'history' ? 'sign-off history, newest first' : action.screen === 'findings' ? 'findings' : 'command matrix',
		),
	quit: (state, action) => quit(state, action.exitCode, action.reason),
	toggleHelp: (state) =>
		state.dialog?.kind === 'help'
			? withStatus({ ...state, dialog: null }, 'closed help')
			: withStatus({ ...state, dialog: { kind: 'help', offset: 0 } }, 'help: every key of this screen'),
	closeDialog: (state) => {
		if (!state.dialog) return state;
		const staying = state.dialog.kind === 'confirmQuit' ? 'staying' : state.dialog.kind === 'jump' ? 'go to cancelled' : null;
		return staying ? withStatus({ ...state, dialog: null }, staying) : { ...state, dialog: null };
	},
	openDetail: (state) => openDetail(state),
	closePane: (state) => closePane(state),
	scrollView: (state, action) => scrollView(state, action.view, action.move),
	copy: (state) => {
		const copied = copyTarget(state);
		return copied ? withStatus(state, describeCopy(copied), 'change') : withStatus(state, 'nothing highlighted to copy');
	},
	previewLoaded: (state, action) => {
		if (action.key !== state.preview.key) return state;
		return clampPreview({ ...state, preview: { ...state.preview, content: action.preview } });
	},
	detailDiffLoaded: (state, action) => (state.detailDiff?.key === action.key ? { ...state, detailDiff: { key: action.key, stat: action.stat } } : state),
	historyLoaded: (state, action) => ({ ...state, history: { ...action.history, loaded: true } }),
	signaturesChecked: (state, action) => (action.model === state.model ? { ...state, signatures: { model: action.model, checks: action.checks } } : state),
	resized: (state, action) => {
		if (action.viewport.columns === state.viewport.columns && action.viewport.rows === state.viewport.rows) return state;
		return { ...state, viewport: action.viewport };
	},
	modelReloaded: (state, action) => {
		// Content is dropped so the controller re-reads the previewed file: it may be what changed.
		const reloaded = refreshDetailDiff({ ...state, model: action.model, reloadError: null, preview: { ...state.preview, content: null } });
		return action.quiet ? reloaded : withStatus(reloaded, action.summary, 'change', action.cause);
	},
	reloadFailed: (state, action) =>
		withStatus({ ...state, reloadError: action.message }, `reload failed, showing the last good model: ${action.message}`, 'error', action.cause),
	setStatus: (state, action) => withStatus(state, action.text, action.tone),
};

const handlers: ActionHandlers<Action> = {
	...navigationHandlers,
	...filterHandlers,
	...jumpHandlers,
	...fieldHandlers,
	...runHandlers,
	...signoffHandlers,
};

function apply(state: UiState, action: Action): UiState {
	// The map is keyed by action type, so the handler found takes this action; TypeScript cannot follow the
	// lookup, hence the widening.
	const handler = handlers[action.type] as (state: UiState, action: Action) => UiState;
	return handler(state, action);
}

/**
 * Keeps invariants after every change: the active cursor points at a real row, the preview follows the
 * selection, and help and the detail pane are not scrolled past their end.
 */
function settle(state: UiState): UiState {
	return clampScrolledViews(syncPreview(normalizeActiveCursor(state)));
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
