import type { ScrolledView, ScrollMove } from './actions.js';
import { detailRows } from './detail.js';
import { helpRows } from './help.js';
import { paneBodyRows, previewRowsOf } from './layout.js';
import type { UiState } from './state.js';

/** Scrolling the views that move as a whole (the file preview, help, the detail pane), kept inside their content. */

function target(offset: number, rows: number, move: ScrollMove): number {
	switch (move.by) {
		case 'line':
			return offset + move.delta;
		case 'page':
			return offset + move.direction * Math.max(1, rows - 1);
		case 'edge':
			return move.edge === 'first' ? 0 : Number.MAX_SAFE_INTEGER;
	}
}

function clamp(offset: number, total: number, rows: number): number {
	return Math.max(0, Math.min(offset, Math.max(0, total - rows)));
}

export function scrollView(state: UiState, view: ScrolledView, move: ScrollMove): UiState {
	switch (view) {
		case 'preview': {
			const rows = previewRowsOf(state);
			return clampPreview({ ...state, preview: { ...state.preview, offset: Math.max(0, target(state.preview.offset, rows, move)) } });
		}
		case 'help': {
			if (state.dialog?.kind !== 'help') return state;
			const rows = paneBodyRows(state.viewport);
			const offset = clamp(target(state.dialog.offset, rows, move), helpRows(state).length, rows);
			return offset === state.dialog.offset ? state : { ...state, dialog: { ...state.dialog, offset } };
		}
		case 'detail': {
			if (state.pane?.kind !== 'detail') return state;
			const rows = paneBodyRows(state.viewport);
			const offset = clamp(target(state.pane.offset, rows, move), detailRows(state).length, rows);
			return offset === state.pane.offset ? state : { ...state, pane: { ...state.pane, offset } };
		}
	}
}

/**
 * Keeps help and the detail pane inside their content after anything that changes how many lines they
 * have or how many fit (a resize, a reload, the history or a diff read): never scrolled past the end.
 */
export function clampScrolledViews(state: UiState): UiState {
	let next = state;
	if (next.dialog?.kind === 'help') {
		const offset = clamp(next.dialog.offset, helpRows(next).length, paneBodyRows(next.viewport));
		if (offset !== next.dialog.offset) next = { ...next, dialog: { ...next.dialog, offset } };
	}
	if (next.pane?.kind === 'detail') {
		const offset = clamp(next.pane.offset, detailRows(next).length, paneBodyRows(next.viewport));
		if (offset !== next.pane.offset) next = { ...next, pane: { ...next.pane, offset } };
	}
	return next;
}

/** Keeps the preview's first line inside the loaded content (before it loads, the wanted offset is kept). */
export function clampPreview(state: UiState): UiState {
	const content = state.preview.content;
	if (!content) return state;
	const lines = content.kind === 'unavailable' ? 0 : content.lines.length;
	const offset = clamp(state.preview.offset, lines, previewRowsOf(state));
	return offset === state.preview.offset ? state : { ...state, preview: { ...state.preview, offset } };
}
