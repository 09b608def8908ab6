import { listRowsOf, scrollTop } from './layout.js';
import { commandRows, evidenceRows, type ListRef, type ListRow, listKey, rowsOf } from './lists.js';
import { type PreviewTarget, targetForLog, targetForPathRef } from './preview-target.js';
import { type Cursor, currentScreen, type UiState } from './state.js';

/** Which list the movement keys act on: every screen has one. */
export function activeListRef(state: UiState): ListRef {
	const screen = currentScreen(state);
	switch (screen.kind) {
		case 'overview':
			return { kind: 'gates' };
		case 'gate':
			return { kind: 'gate-signals', gateId: screen.gateId };
		case 'signal':
			return (state.signalFocus[screen.signalId] ?? 'evidence') === 'commands'
				? { kind: 'signal-commands', signalId: screen.signalId }
				: { kind: 'signal-evidence', signalId: screen.signalId };
		case 'findings':
			return { kind: 'findings' };
		case 'matrix':
			return { kind: 'matrix' };
		case 'history':
			return { kind: 'history' };
	}
}

export const EMPTY_CURSOR: Cursor = { id: null, index: 0, top: 0 };

export function cursorOf(state: UiState, ref: ListRef): Cursor {
	return state.cursors[listKey(ref)] ?? EMPTY_CURSOR;
}

export function filterOf(state: UiState, ref: ListRef): string {
	return state.filters[listKey(ref)] ?? '';
}

export function filteredRows(state: UiState, ref: ListRef): ListRow[] {
	return rowsOf(state, ref, filterOf(state, ref));
}

/** The selected position: the row with the cursor's id, else the remembered index clamped; -1 for an empty list. */
export function selectedIndex(rows: ReadonlyArray<ListRow>, cursor: Cursor): number {
	if (rows.length === 0) return -1;
	if (cursor.id !== null) {
		// The remembered index is right unless the list changed under it: no walk of a long list per frame.
		if (rows[cursor.index]?.id === cursor.id) return cursor.index;
		const byId = rows.findIndex((row) => row.id === cursor.id);
		if (byId !== -1) return byId;
	}
	return Math.max(0, Math.min(cursor.index, rows.length - 1));
}

export interface ListWindow<Row extends ListRow> {
	rows: Row[];
	/** Index in the filtered list of the first visible row. */
	start: number;
	selected: number;
	total: number;
}

/** The rows to draw for a list: only the visible window, kept around the selection. */
export function visibleWindow<Row extends ListRow>(state: UiState, ref: ListRef, rows: Row[], height = listRowsOf(state, ref)): ListWindow<Row> {
	const cursor = cursorOf(state, ref);
	const selected = selectedIndex(rows, cursor);
	const start = selected === -1 ? 0 : scrollTop(selected, cursor.top, height, rows.length);
	return { rows: rows.slice(start, start + height), start, selected, total: rows.length };
}

export function selectedRow(state: UiState, ref: ListRef): ListRow | undefined {
	return selectedOf(state, ref, filteredRows(state, ref));
}

/** The highlighted row of `rows` (the list `ref` filtered as on screen), typed as the caller derived it. */
export function selectedOf<Row extends ListRow>(state: UiState, ref: ListRef, rows: Row[]): Row | undefined {
	const index = selectedIndex(rows, cursorOf(state, ref));
	return index === -1 ? undefined : rows[index];
}

/** What the signal screen previews: the highlighted evidence file, or the log of the highlighted command. */
export function inlinePreviewTarget(state: UiState): PreviewTarget | null {
	const screen = currentScreen(state);
	if (screen.kind !== 'signal') return null;
	const ref = activeListRef(state);
	if (ref.kind === 'signal-evidence') {
		const rows = evidenceRows(state.model, screen.signalId, filterOf(state, ref));
		const row = rows[selectedIndex(rows, cursorOf(state, ref))];
		return row ? targetForPathRef(row.ref) : null;
	}
	if (ref.kind === 'signal-commands') {
		const rows = commandRows(state.model, screen.signalId, filterOf(state, ref));
		const log = rows[selectedIndex(rows, cursorOf(state, ref))]?.entry.latest.log;
		return log ? targetForLog(log) : null;
	}
	return null;
}

export function previewTargetOf(state: UiState): PreviewTarget | null {
	return state.pane?.kind === 'preview' ? state.pane.target : inlinePreviewTarget(state);
}
