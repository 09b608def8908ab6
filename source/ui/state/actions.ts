import type { AuditModel } from '../../model/types.js';
import type { SignatureCheck } from '../../signing/check-signature.js';
import type { SignoffPreview } from '../../signoff/record-signoff.js';
import type { DiffStat } from './detail-subject.js';
import type { HistoryRead } from './history.js';
import type { Preview } from './preview-target.js';
import type { RunAction } from './run-actions.js';
import type { StatusTone, UiState, Viewport } from './state.js';
import type { TextEdit } from './text-field.js';

/**
 * Everything that can change the UI state. Keys become actions in keymap.ts; the controller and its
 * features add the ones that come from outside (file changes, previews read, terminal resizes, run
 * output, sign-off results, the history and `git diff` read for the detail pane).
 */

/** How a scrolled view moves: by lines, by a page, or to an end. */
export type ScrollMove = { by: 'line'; delta: number } | { by: 'page'; direction: 1 | -1 } | { by: 'edge'; edge: 'first' | 'last' };

/** The views scrolled as a whole rather than by a selection: the file preview, help, the detail pane. */
export type ScrolledView = 'preview' | 'help' | 'detail';

export type NavigationAction =
	// Lists
	| { type: 'move'; delta: number }
	| { type: 'moveToEdge'; edge: 'first' | 'last' }
	| { type: 'page'; direction: 1 | -1 }
	| { type: 'open' }
	| { type: 'focusNextSection' }
	// Navigation
	| { type: 'back' }
	/** `q`: go back; on the top screen ask first (a second `q` quits). */
	| { type: 'backOrQuit' }
	| { type: 'goto'; screen: 'findings' | 'matrix' | 'history' }
	| { type: 'quit'; exitCode: number; reason: string }
	// The go-to prompt (`:`)
	| { type: 'jumpStart' }
	| { type: 'jumpComplete' }
	| { type: 'jumpAccept' }
	// Filter
	| { type: 'filterStart' }
	| { type: 'filterAccept' }
	| { type: 'filterCancel' }
	// Dialogs and panes
	| { type: 'toggleHelp' }
	| { type: 'closeDialog' }
	| { type: 'openDetail' }
	| { type: 'closePane' }
	| { type: 'scrollView'; view: ScrolledView; move: ScrollMove }
	/** `y`: the highlighted row's command, path or id to the clipboard (the effect writes OSC 52). */
	| { type: 'copy' }
	// From outside
	| { type: 'previewLoaded'; key: string; preview: Preview }
	| { type: 'detailDiffLoaded'; key: string; stat: DiffStat }
	| { type: 'historyLoaded'; history: HistoryRead }
	/** Signature checks of a model's sign-offs (ssh-keygen, off the frame path); dropped when the model has moved on. */
	| { type: 'signaturesChecked'; model: AuditModel; checks: ReadonlyMap<string, SignatureCheck> }
	| { type: 'resized'; viewport: Viewport }
	/** `quiet`: the reload only shows what this app itself wrote; the status line keeps its message. */
	| { type: 'modelReloaded'; model: AuditModel; summary: string; cause?: string; quiet?: boolean }
	| { type: 'reloadFailed'; message: string; cause?: string }
	| { type: 'setStatus'; text: string; tone: StatusTone };

/** Typing into whichever text field the open dialog shows (text-field.ts). */
export type FieldAction = { type: 'fieldEdit'; edit: TextEdit };

export type SignoffAction =
	// Sign-off (keys)
	| { type: 'signoffOpen'; target: 'screen' | 'row' }
	/** ← →: the status. */
	| { type: 'signoffChoose'; delta: number }
	/** Tab ↑ ↓: which field takes typing (the note, and owner, ticket, until for BLOCKED-EXTERNAL). */
	| { type: 'signoffFocus'; delta: number }
	| { type: 'signoffSubmit'; allowDirty: boolean }
	| { type: 'signoffCancel' }
	/** After a refusal because the subject changed on disk: reload, then keep the dialog open on the new state. */
	| { type: 'signoffTakeCurrent' }
	// Sign-off (from its effects)
	| { type: 'signoffRebase'; token: number }
	| { type: 'signoffPreviewLoaded'; token: number; preview: SignoffPreview }
	| { type: 'signoffPreviewFailed'; token: number; message: string }
	/** A dirty tree (`a` signs anyway), or any other refusal; `conflict`: the subject changed on disk since the dialog opened (the race a second reviewer won). */
	| { type: 'signoffRefused'; token: number; message: string; dirty: true }
	| { type: 'signoffRefused'; token: number; message: string; dirty: false; conflict: boolean }
	| { type: 'signoffWritten'; token: number; message: string };

export type Action = NavigationAction | FieldAction | RunAction | SignoffAction;

export type ActionType = Action['type'];

/**
 * One reducer per action type, as an object: the compiler checks that every action of the union has a
 * handler and that no handler is for an action that does not exist, so each action is named once in its
 * union and once where it is handled.
 */
export type ActionHandlers<A extends Action> = { [T in A['type']]: (state: UiState, action: Extract<A, { type: T }>) => UiState };
