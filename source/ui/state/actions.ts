import type { AuditModel } from '../../model/types.js';
import type { SignoffPreview } from '../../signoff/record-signoff.js';
import type { Preview } from './preview-target.js';
import type { RunAction } from './run-actions.js';
import type { StatusTone, UiState, Viewport } from './state.js';

/**
 * Everything that can change the UI state. Keys become actions in keymap.ts; the controller and its
 * features add the ones that come from outside (file changes, previews read, terminal resizes, run
 * output, sign-off results).
 */
export type NavigationAction =
	// Lists
	| { type: 'move'; delta: number }
	| { type: 'moveToEdge'; edge: 'first' | 'last' }
	| { type: 'page'; direction: 1 | -1 }
	| { type: 'open' }
	| { type: 'focusNextSection' }
	// Navigation
	| { type: 'back' }
	| { type: 'backOrQuit' }
	| { type: 'goto'; screen: 'findings' | 'matrix' }
	| { type: 'quit'; exitCode: number; reason: string }
	// Filter
	| { type: 'filterStart' }
	| { type: 'filterType'; text: string }
	| { type: 'filterErase' }
	| { type: 'filterAccept' }
	| { type: 'filterCancel' }
	// Dialogs and panes
	| { type: 'toggleHelp' }
	| { type: 'closeDialog' }
	| { type: 'openPreviewPane' }
	| { type: 'closePane' }
	// Preview
	| { type: 'previewScroll'; delta: number }
	| { type: 'previewPage'; direction: 1 | -1 }
	| { type: 'previewEdge'; edge: 'first' | 'last' }
	| { type: 'previewLoaded'; key: string; preview: Preview }
	// From outside
	| { type: 'resized'; viewport: Viewport }
	/** `quiet`: the reload only shows what this app itself wrote; the status line keeps its message. */
	| { type: 'modelReloaded'; model: AuditModel; summary: string; cause?: string; quiet?: boolean }
	| { type: 'reloadFailed'; message: string; cause?: string }
	| { type: 'setStatus'; text: string; tone: StatusTone };

export type SignoffAction =
	// Sign-off (keys)
	| { type: 'signoffOpen'; target: 'screen' | 'row' }
	| { type: 'signoffChoose'; delta?: number; index?: number }
	| { type: 'signoffType'; text: string }
	| { type: 'signoffErase' }
	| { type: 'signoffSubmit'; allowDirty: boolean }
	| { type: 'signoffCancel' }
	// Sign-off (from its effects)
	| { type: 'signoffPreviewLoaded'; token: number; preview: SignoffPreview }
	| { type: 'signoffPreviewFailed'; token: number; message: string }
	| { type: 'signoffRefused'; token: number; message: string; dirty: boolean }
	| { type: 'signoffWritten'; token: number; message: string };

export type Action = NavigationAction | RunAction | SignoffAction;

export type ActionType = Action['type'];

/**
 * One reducer per action type, as an object: the compiler checks that every action of the union has a
 * handler and that no handler is for an action that does not exist, so each action is named once in its
 * union and once where it is handled.
 */
export type ActionHandlers<A extends Action> = { [T in A['type']]: (state: UiState, action: Extract<A, { type: T }>) => UiState };
