import type { RerunOutcome } from '../../rerun/describe-outcome.js';
import type { OutputSnapshot } from '../../runner/index.js';

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
	| { type: 'logSearchAccept' }
	| { type: 'logSearchCancel' }
	| { type: 'logSearchNext'; direction: 1 | -1 }
	// Reruns (from the run supervisor)
	| { type: 'runStarting'; name: string; command: string; now: number }
	/** `startedAt`: the runner's start (epoch ms), which its final duration counts from. */
	| { type: 'runStarted'; name: string; log: string; head: string | null; dirty: boolean; shell: string; shellIsBash: boolean; startedAt: number }
	| { type: 'runOutput'; name: string; snapshot: OutputSnapshot }
	| { type: 'runTick'; now: number }
	/** `recording`: the result is being written back (false for a cancelled run, which never is). */
	| { type: 'runFinished'; name: string; result: RerunOutcome; snapshot: OutputSnapshot; recording: boolean }
	/** The run is over: recorded, or (cancelled) its recorded result kept. `log`: where its log now is. */
	| { type: 'runEnded'; name: string; message: string; failed: boolean; log: string }
	/** The result could not be written (`recorded`: the row was, a later step failed), or the run never started. `log`: where its log is, if anywhere. */
	| { type: 'runRecordFailed'; name: string; message: string; recorded: boolean; log: string | null };
