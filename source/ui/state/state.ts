import type { AuditModel } from '../../model/types.js';
import type { SignatureCheck } from '../../signing/check-signature.js';
import type { DetailDiff, DetailSubject } from './detail-subject.js';
import { type HistoryState, UNREAD_HISTORY } from './history.js';
import type { ListRef } from './lists.js';
import type { Preview, PreviewTarget } from './preview-target.js';
import type { RunBatch, RunState } from './runs.js';
import type { SignoffDialog } from './signoff-dialog.js';

/** Where the user is. The stack's first entry is always the overview. */
export type Screen =
	| { kind: 'overview' }
	| { kind: 'gate'; gateId: number }
	| { kind: 'signal'; signalId: string }
	| { kind: 'findings' }
	| { kind: 'matrix' }
	| { kind: 'history' };

/** Sections of the signal screen that hold a selectable list. */
export type SignalSection = 'evidence' | 'commands';

/**
 * A list selection. `id` is what survives reloads and filtering; `index` is the fallback when the id
 * disappears; `top` is the first visible row, remembered so the window does not jump on every move.
 */
export interface Cursor {
	id: string | null;
	index: number;
	top: number;
}

/**
 * Layers drawn above the screen: help (scrolled by `offset`), the list filter, the log search field, the
 * go-to prompt, the sign-off dialog, and the question `q` asks on the top screen.
 */
export type Dialog =
	| { kind: 'help'; offset: number }
	| { kind: 'filter'; list: ListRef }
	| { kind: 'logSearch'; run: string; query: string }
	| { kind: 'jump'; text: string; message: string | null }
	| { kind: 'confirmQuit' }
	| SignoffDialog;

/**
 * Panes that take over the body: a file preview, the live log of a rerun (by entry name), or the detail
 * of one row (`d`), scrolled by `offset`.
 */
export type Pane = { kind: 'preview'; target: PreviewTarget } | { kind: 'run'; run: string } | { kind: 'detail'; subject: DetailSubject; offset: number };

export type StatusTone = 'info' | 'change' | 'error';

export interface StatusMessage {
	text: string;
	tone: StatusTone;
	/** Shown after the text and kept when a narrow terminal cuts the line, e.g. `(tracker changed on disk)`. */
	detail?: string;
}

export interface PreviewState {
	/** Key of the target being shown; null when the current screen shows no preview. */
	key: string | null;
	/** Null while loading. */
	content: Preview | null;
	/** First shown line. */
	offset: number;
}

export interface Viewport {
	columns: number;
	rows: number;
}

export interface UiState {
	model: AuditModel;
	viewport: Viewport;
	stack: Screen[];
	cursors: Record<string, Cursor>;
	/** Kept filters by list key. */
	filters: Record<string, string>;
	/** Focused section of each signal screen, by signal id. */
	signalFocus: Record<string, SignalSection>;
	dialog: Dialog | null;
	pane: Pane | null;
	preview: PreviewState;
	status: StatusMessage;
	/** The last reload's one-line error while the last good model is shown. */
	reloadError: string | null;
	/** Set when the app should exit; the controller unmounts and resolves with the code. */
	quit: { exitCode: number } | null;
	/** Reruns of this session by entry name, the latest of each entry. */
	runs: Record<string, RunState>;
	/** The entry whose run is in progress (starting, running or being recorded). */
	activeRun: string | null;
	/** Entry names waiting to run, in order. */
	queue: string[];
	/** Progress of the runs asked for since the queue was last empty (`2/5`); null when idle. */
	batch: RunBatch | null;
	/** Epoch milliseconds of the controller's last clock tick, for running times. */
	clock: number;
	/** Counts sign-off dialogs opened, so each gets its own token. */
	dialogsOpened: number;
	/** The entry of the most recently started run: what `l` shows. */
	lastRun: string | null;
	/** The sign-off history as last read (the history screen and its filter). */
	history: HistoryState;
	/** What changed since the sign-off of the subject in the detail pane (`git diff` of what it rests on). */
	detailDiff: DetailDiff | null;
	/** The signature checks of the sign-offs, for the model they were made on (checked after each load). */
	signatures: SignatureChecks | null;
}

/** Each signed sign-off's check by subject label, and the model whose records were checked. */
export interface SignatureChecks {
	model: AuditModel;
	checks: ReadonlyMap<string, SignatureCheck>;
}

export function initialState(model: AuditModel, viewport: Viewport): UiState {
	return {
		model,
		viewport,
		stack: [{ kind: 'overview' }],
		cursors: {},
		filters: {},
		signalFocus: {},
		dialog: null,
		pane: null,
		preview: { key: null, content: null, offset: 0 },
		status: { text: 'ready: ? for keys', tone: 'info' },
		reloadError: null,
		quit: null,
		runs: {},
		activeRun: null,
		queue: [],
		batch: null,
		clock: 0,
		dialogsOpened: 0,
		lastRun: null,
		history: UNREAD_HISTORY,
		detailDiff: null,
		signatures: null,
	};
}

export function currentScreen(state: UiState): Screen {
	// The stack is never empty: back() refuses to pop the overview.
	return state.stack[state.stack.length - 1] ?? { kind: 'overview' };
}

export function screenLabel(screen: Screen): string {
	switch (screen.kind) {
		case 'overview':
			return 'Audit';
		case 'gate':
			return `Gate ${screen.gateId}`;
		case 'signal':
			return screen.signalId;
		case 'findings':
			return 'Findings';
		case 'matrix':
			return 'Command matrix';
		case 'history':
			return 'Sign-off history';
	}
}

export function breadcrumb(state: UiState): string[] {
	return state.stack.map(screenLabel);
}

export function sameScreen(a: Screen, b: Screen): boolean {
	if (a.kind !== b.kind) return false;
	if (a.kind === 'gate' && b.kind === 'gate') return a.gateId === b.gateId;
	if (a.kind === 'signal' && b.kind === 'signal') return a.signalId === b.signalId;
	return true;
}

/** Sets the status line; `cause` (why a reload happened) is kept visible when the line is cut. */
export function withStatus(state: UiState, text: string, tone: StatusTone = 'info', cause?: string): UiState {
	return { ...state, status: cause ? { text, tone, detail: `(${cause})` } : { text, tone } };
}
