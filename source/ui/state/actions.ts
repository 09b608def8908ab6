import type { AuditModel } from '../../model/types.js';
import type { OutputSnapshot } from '../../runner/index.js';
import type { SignoffPreview } from '../../signoff/record-signoff.js';
import type { Preview } from './preview-target.js';
import type { RunSummary } from './runs.js';
import type { StatusTone, Viewport } from './state.js';

/**
 * Everything that can change the UI state. Keys become actions in keymap.ts; the controller and its
 * features add the ones that come from outside (file changes, previews read, terminal resizes, run
 * output, sign-off results).
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
	/** `quiet`: the reload only shows what this app itself wrote; the status line keeps its message. */
	| { type: 'modelReloaded'; model: AuditModel; summary: string; cause?: string; quiet?: boolean }
	| { type: 'reloadFailed'; message: string; cause?: string }
	| { type: 'setStatus'; text: string; tone: StatusTone }
	// Reruns (keys)
	| { type: 'rerun'; scope: 'selected' | 'failed' }
	| { type: 'rerunEntries'; names: string[] }
	| { type: 'cancelRun' }
	| { type: 'openRunPane' }
	| { type: 'logScroll'; delta: number }
	| { type: 'logPage'; direction: 1 | -1 }
	| { type: 'logEdge'; edge: 'first' | 'last' }
	| { type: 'logFollow' }
	| { type: 'logSearchStart' }
	| { type: 'logSearchType'; text: string }
	| { type: 'logSearchErase' }
	| { type: 'logSearchAccept' }
	| { type: 'logSearchCancel' }
	| { type: 'logSearchNext'; direction: 1 | -1 }
	// Reruns (from the run supervisor)
	| { type: 'runStarting'; name: string; command: string; now: number }
	| { type: 'runStarted'; name: string; log: string; head: string | null; dirty: boolean }
	| { type: 'runOutput'; name: string; snapshot: OutputSnapshot }
	| { type: 'runTick'; now: number }
	| { type: 'runFinished'; name: string; result: RunSummary; snapshot: OutputSnapshot }
	| { type: 'runRecorded'; name: string; message: string; failed: boolean }
	| { type: 'runRecordFailed'; name: string; message: string }
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

export type ActionType = Action['type'];
