import { wrapAtMost } from '../../format/wrap-text.js';
import { BLOCKED_STATUS } from '../../model/blocked.js';
import { findGate, findSignal } from '../../model/lookup.js';
import type { GateModel, SignalModel } from '../../model/types.js';
import { sanitizeLine } from '../../text/sanitize.js';
import { historyProblems } from './history.js';
import { type ListRef, listKey, rowsOf } from './lists.js';
import { gateCountsOf } from './model-memo.js';
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

/** Lines of a pane's or overlay's body under its title line: the preview, the detail pane, help. */
export function paneBodyRows(viewport: Viewport): number {
	return Math.max(1, bodyRows(viewport) - 1);
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
	/** 1 when the gate is BLOCKED-EXTERNAL or carries a block: owner, ticket, until. */
	blockedRows: number;
	/** A signed gate gets a line of its own for its sign-off (who, when, whether the signature verified). */
	signoffRows: number;
	listRows: number;
	evidenceRows: number;
}

export interface SignalLayout {
	kind: 'signal';
	signal: SignalModel | undefined;
	exitTestLines: string[];
	blockedRows: number;
	/** A signed signal gets a line of its own for its sign-off (who, when, whether the signature verified). */
	signoffRows: number;
	evidenceRows: number;
	commandRows: number;
	previewRows: number;
}

export interface TableScreenLayout {
	kind: 'findings' | 'matrix' | 'history';
	headerRows: number;
	listRows: number;
	/** Lines under the summary, wrapped, never cut: what could not be read (the history's problems). */
	noteLines: string[];
}

export type ScreenLayout = OverviewLayout | GateLayout | SignalLayout | TableScreenLayout;

/** Audit date and tracker, git, definition of done; a fourth line for blocks when the audit has any. */
export const OVERVIEW_HEADER_ROWS = 3;

/**
 * Rows a list of `total` gets in `available` lines: all of them, or all but one when it does not fit,
 * for the line that says how many are above and below.
 */
function fitList(available: number, total: number): number {
	return total > available ? Math.max(1, available - 1) : Math.max(1, available);
}

function hasBlock(subject: { status: string; blocked: unknown } | undefined): boolean {
	return subject !== undefined && (subject.status === BLOCKED_STATUS || subject.blocked !== null);
}

export function layoutOf(state: UiState): ScreenLayout {
	const body = bodyRows(state.viewport);
	const screen = currentScreen(state);
	const textWidth = Math.max(1, state.viewport.columns - LABEL_WIDTH);
	const total = (ref: ListRef) => rowsOf(state, ref, state.filters[listKey(ref)] ?? '').length;
	switch (screen.kind) {
		case 'overview': {
			const legendRows = gateCountsOf(state.model).anyMismatch ? 1 : 0;
			const headerRows = OVERVIEW_HEADER_ROWS + (state.model.blocks.total > 0 ? 1 : 0);
			// header, blank line, table header
			const available = Math.max(1, body - headerRows - 2 - legendRows);
			return { kind: 'overview', headerRows, listRows: fitList(available, total({ kind: 'gates' })), legendRows };
		}
		case 'gate': {
			const gate = findGate(state.model, screen.gateId);
			const reasonLines = gate ? wrapAtMost(sanitizeLine(gate.statusReason), textWidth, 2) : [];
			const blockedRows = hasBlock(gate) ? 1 : 0;
			const signoffRows = gate?.signoff ? 1 : 0;
			// title, status, blocked, sign-off, reason, blank, table header, blank, evidence header
			const fixed = 2 + blockedRows + signoffRows + Math.max(1, reasonLines.length) + 4;
			const available = Math.max(2, body - fixed);
			const signals = gate ? total({ kind: 'gate-signals', gateId: gate.id }) : 0;
			// The signals are what the captain acts on: they get the room first, the evidence keeps a line or two.
			const evidenceMinimum = Math.min(Math.max(1, gate?.evidence.length ?? 0), 2);
			const listRows = signals <= available - evidenceMinimum ? Math.max(1, signals) : fitList(available - evidenceMinimum, signals);
			const listLines = listRows + (signals > listRows ? 1 : 0);
			return { kind: 'gate', gate, reasonLines, blockedRows, signoffRows, listRows, evidenceRows: Math.max(1, available - listLines) };
		}
		case 'signal': {
			const signal = findSignal(state.model, screen.signalId);
			const exitTestLines = wrapAtMost(sanitizeLine(signal?.ledger?.exitTest ?? '—'), textWidth, 2);
			const blockedRows = hasBlock(signal) ? 1 : 0;
			const signoffRows = signal?.signoff ? 1 : 0;
			// title, meta, blocked, sign-off, code paths, exit test, evidence header, commands header, preview header
			const fixed = 3 + blockedRows + signoffRows + Math.max(1, exitTestLines.length) + 3;
			const available = Math.max(3, body - fixed);
			const evidenceTotal = total({ kind: 'signal-evidence', signalId: screen.signalId });
			const commandTotal = total({ kind: 'signal-commands', signalId: screen.signalId });
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
				blockedRows,
				signoffRows,
				evidenceRows: evidence,
				commandRows: commands,
				previewRows: Math.max(1, available - evidence - commands),
			};
		}
		case 'findings':
			// summary line, table header
			return { kind: 'findings', headerRows: 1, listRows: fitList(body - 2, total({ kind: 'findings' })), noteLines: [] };
		case 'matrix':
			// status file line, summary line, table header
			return { kind: 'matrix', headerRows: 2, listRows: fitList(body - 3, total({ kind: 'matrix' })), noteLines: [] };
		case 'history': {
			const noteLines = historyProblemLines(state);
			// summary line, problems, table header
			return { kind: 'history', headerRows: 1 + noteLines.length, listRows: fitList(body - 2 - noteLines.length, total({ kind: 'history' })), noteLines };
		}
	}
}

const HISTORY_PROBLEM_LINES = 3;

/** The history's first problem whole (a file refused, a line that is not a sign-off), and how many more. */
function historyProblemLines(state: UiState): string[] {
	const [first, ...rest] = historyProblems(state.history);
	if (first === undefined) return [];
	const text = `${first}${rest.length > 0 ? ` (and ${rest.length} more)` : ''}`;
	return wrapAtMost(sanitizeLine(text), Math.max(1, state.viewport.columns - 2), HISTORY_PROBLEM_LINES);
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
		case 'history':
			return layout.listRows;
	}
}

/** Lines of file content the preview shows: the whole body under a title in the pane, its own section inline. */
export function previewRowsOf(state: UiState): number {
	if (state.pane?.kind === 'preview') return paneBodyRows(state.viewport);
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
