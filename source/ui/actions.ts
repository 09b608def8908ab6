import type { AuditModel } from '../model/types.js';
import type { Preview } from './preview.js';
import type { StatusTone, Viewport } from './state.js';

/**
 * Everything that can change the UI state. Keys become actions in keymap.ts; the controller adds the
 * ones that come from outside (file changes, previews read, terminal resizes). Later work (reruns,
 * sign-off) adds its own action types here and handles them in reduce().
 */
export type Action =
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
	| { type: 'modelReloaded'; model: AuditModel; summary: string; cause?: string }
	| { type: 'reloadFailed'; message: string; cause?: string }
	| { type: 'setStatus'; text: string; tone: StatusTone };

export type ActionType = Action['type'];
