import type { CommandRun } from './types.js';

/** Exit 0: the only result that counts as passing. */
export function runPassed(run: CommandRun): boolean {
	return run.exitCode === 0;
}

/** A run that was attempted and did not pass (`NA` included); a SKIPPED row is neither passed nor failed. */
export function runFailed(run: CommandRun): boolean {
	return run.skipped === null && run.exitCode !== 0;
}

/** When the run ended, or began when no end was recorded; null when the row records neither. */
export function runFinishedAt(run: CommandRun): string | null {
	return run.endUtc ?? run.startUtc ?? null;
}
