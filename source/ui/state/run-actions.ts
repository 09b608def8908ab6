import type { OutputSnapshot } from '../../runner/index.js';
import type { RunSummary } from './runs.js';

/** Reruns: what the keys ask for, and what the run supervisor reports as a run goes through its phases. */
export type RunAction =
	// Reruns (keys)
	/** `all`: every command recorded for the signal on screen. */
	| { type: 'rerun'; scope: 'selected' | 'failed' | 'all' }
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
	| { type: 'runRecordFailed'; name: string; message: string };
