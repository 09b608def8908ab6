import { findGate, findSignal } from '../../model/lookup.js';
import type { GateModel, SignalModel } from '../../model/types.js';
import { sanitizeLine } from '../../text/sanitize.js';
import { wrap } from '../../text/text-fit.js';
import { commandRows, evidenceRows, gateRows, gateSignalRows, type ListRef, listKey } from './lists.js';
import { currentScreen, type UiState, type Viewport } from './state.js';

/**
 * How many lines each part of a screen gets. The reducer (page sizes, scroll windows) and the views
 * (what to draw) both read these numbers, so a frame is never taller than `rows - 1`: Ink clears the
 * whole terminal on every frame once the output is as tall as the screen (ink #359, #450).
 */

/** Breadcrumb above the body; status and key hints below it. */
export const FRAME_CHROME_ROWS = 3;
export const MIN_COLUMNS = 40;
export const MIN_ROWS = 8;
/** Width of field labels on the gate and signal screens (`Reason  `). */
export const LABEL_WIDTH = 10;

export function frameFits(viewport: Viewport): boolean {
	return viewport.columns >= MIN_COLUMNS && viewport.rows >= MIN_ROWS;
}

/** Body lines: the frame keeps one terminal row free. */
export function bodyRows(viewport: Viewport): number {
	return Math.max(1, viewport.rows - 1 - FRAME_CHROME_ROWS);
}

export interface OverviewLayout {
	kind: 'overview';
	headerRows: number;
	listRows: number;
	legendRows: number;
}

export interface GateLayout {
	kind: 'gate';
	gate: GateModel | undefined;
	reasonLines: string[];
	listRows: number;
	evidenceRows: number;
}

export interface SignalLayout {
	kind: 'signal';
	signal: SignalModel | undefined;
	exitTestLines: string[];
	evidenceRows: number;
	commandRows: number;
	previewRows: number;
}

export interface TableScreenLayout {
	kind: 'findings' | 'matrix';
	headerRows: number;
	listRows: number;
}

export type ScreenLayout = OverviewLayout | GateLayout | SignalLayout | TableScreenLayout;

export const OVERVIEW_HEADER_ROWS = 3;

export function layoutOf(state: UiState): ScreenLayout {
	const body = bodyRows(state.viewport);
	const screen = currentScreen(state);
	const textWidth = Math.max(1, state.viewport.columns - LABEL_WIDTH);
	switch (screen.kind) {
		case 'overview': {
			const legendRows = gateRows(state.model).some((row) => row.statusMismatch) ? 1 : 0;
			// header, blank line, table header
			const fixed = OVERVIEW_HEADER_ROWS + 2 + legendRows;
			return { kind: 'overview', headerRows: OVERVIEW_HEADER_ROWS, listRows: Math.max(1, body - fixed), legendRows };
		}
		case 'gate': {
			const gate = findGate(state.model, screen.gateId);
			const reasonLines = gate ? wrap(sanitizeLine(gate.statusReason), textWidth, 2) : [];
			// title, status, reason, blank, table header, blank, evidence header
			const fixed = 2 + Math.max(1, reasonLines.length) + 4;
			const available = Math.max(2, body - fixed);
			const signalCount = gate ? gateSignalRows(state.model, gate.id, state.filters[listKey({ kind: 'gate-signals', gateId: gate.id })] ?? '').length : 0;
			const evidenceWanted = Math.max(1, gate?.evidence.length ?? 0);
			const evidence = Math.max(1, Math.min(evidenceWanted, available - Math.max(1, Math.min(signalCount, 3))));
			return { kind: 'gate', gate, reasonLines, listRows: Math.max(1, available - evidence), evidenceRows: evidence };
		}
		case 'signal': {
			const signal = findSignal(state.model, screen.signalId);
			const exitTestLines = wrap(sanitizeLine(signal?.ledger?.exitTest ?? '—'), textWidth, 2);
			// title, meta, code paths, exit test, evidence header, commands header, preview header
			const fixed = 3 + Math.max(1, exitTestLines.length) + 3;
			const available = Math.max(3, body - fixed);
			const evidenceTotal = evidenceRows(
				state.model,
				screen.signalId,
				state.filters[listKey({ kind: 'signal-evidence', signalId: screen.signalId })] ?? '',
			).length;
			const commandTotal = commandRows(
				state.model,
				screen.signalId,
				state.filters[listKey({ kind: 'signal-commands', signalId: screen.signalId })] ?? '',
			).length;
			const share = Math.floor(available / 4);
			let evidence = Math.min(Math.max(1, evidenceTotal), Math.max(4, share));
			let commands = Math.min(Math.max(1, commandTotal), Math.max(3, share));
			const minimumPreview = 3;
			while (available - evidence - commands < minimumPreview && (evidence > 1 || commands > 1)) {
				if (evidence >= commands && evidence > 1) evidence--;
				else commands--;
			}
			return {
				kind: 'signal',
				signal,
				exitTestLines,
				evidenceRows: evidence,
				commandRows: commands,
				previewRows: Math.max(1, available - evidence - commands),
			};
		}
		case 'findings':
			// summary line, table header
			return { kind: 'findings', headerRows: 1, listRows: Math.max(1, body - 2) };
		case 'matrix':
			// status file line, summary line, table header
			return { kind: 'matrix', headerRows: 2, listRows: Math.max(1, body - 3) };
	}
}

/** Visible rows of a list on the current screen. */
export function listRowsOf(state: UiState, ref: ListRef): number {
	const layout = layoutOf(state);
	switch (layout.kind) {
		case 'signal':
			return ref.kind === 'signal-commands' ? layout.commandRows : layout.evidenceRows;
		case 'overview':
		case 'gate':
		case 'findings':
		case 'matrix':
			return layout.listRows;
	}
}

/** Lines of file content the preview shows: the whole body under a title in the pane, its own section inline. */
export function previewRowsOf(state: UiState): number {
	if (state.pane?.kind === 'preview') return Math.max(1, bodyRows(state.viewport) - 1);
	const layout = layoutOf(state);
	return layout.kind === 'signal' ? layout.previewRows : 1;
}

/**
 * The first visible row for a selection: the previous window is kept while the selection stays inside
 * it, so moving does not recentre the list on every key.
 */
export function scrollTop(index: number, previousTop: number, rows: number, count: number): number {
	let top = Math.min(previousTop, index);
	if (index >= top + rows) top = index - rows + 1;
	return Math.max(0, Math.min(top, Math.max(0, count - rows)));
}

/** Log lines the run pane shows: the body under its header and command lines. */
export const RUN_PANE_HEADER_ROWS = 2;

export function logRowsOf(state: UiState): number {
	return Math.max(1, bodyRows(state.viewport) - RUN_PANE_HEADER_ROWS);
}
