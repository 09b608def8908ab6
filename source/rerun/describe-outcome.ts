import type { RunOutcome } from '../runner/index.js';
import { sanitizeLine } from '../text/sanitize.js';

/** The result a cancelled run left in place: the entry's recorded row, untouched. */
export interface KeptResult {
	/** As recorded (`0`, `1`, `NA`, or empty). */
	exitCode: string;
	/** When that run ended (or began), as recorded; null when the row records neither. */
	at: string | null;
}

/** How a rerun ended, for the screen, the CLI and the JSON report: one shape, one wording. */
export interface RerunOutcome {
	kind: RunOutcome['kind'];
	exitCode: number;
	durationMs: number;
	/** Why it could not start, for `failed-to-start`. */
	message?: string;
	/** For `cancelled`: the recorded result that stays, since a cancelled run is never written back. */
	kept?: KeptResult;
}

/** `1.2s`, `2m05s`: short enough for a pane header. */
export function formatDuration(ms: number): string {
	const seconds = Math.max(0, ms) / 1000;
	if (seconds < 60) return `${seconds.toFixed(1)}s`;
	const minutes = Math.floor(seconds / 60);
	return `${minutes}m${String(Math.floor(seconds % 60)).padStart(2, '0')}s`;
}

/**
 * `passed in 1.2s`, `failed with exit 1 after 0.3s`, `timed out after 5.0s (recorded as 124)`,
 * `cancelled after 3.0s; recorded result kept (exit 0 at 2026-02-15T18:25:09Z)`. What came from outside
 * (the kept row's cells, an error message) is sanitized: the text is safe to print as it is.
 */
export function describeOutcome(outcome: RerunOutcome): string {
	const took = formatDuration(outcome.durationMs);
	switch (outcome.kind) {
		case 'passed':
			return `passed in ${took}`;
		case 'failed':
			return `failed with exit ${outcome.exitCode} after ${took}`;
		case 'timed-out':
			return `timed out after ${took} (recorded as ${outcome.exitCode})`;
		case 'failed-to-start':
			return `failed to start${outcome.message ? `: ${sanitizeLine(outcome.message)}` : ''}`;
		case 'cancelled':
			return `cancelled after ${took}; ${describeKept(outcome.kept)}`;
	}
}

function describeKept(kept: KeptResult | undefined): string {
	if (kept === undefined) return 'nothing recorded';
	const exit = kept.exitCode === '' ? 'no exit code' : `exit ${sanitizeLine(kept.exitCode)}`;
	return `recorded result kept (${exit}${kept.at ? ` at ${sanitizeLine(kept.at)}` : ''})`;
}

/**
 * A run whose result could not be (fully) written: `fmt_check passed in 1.2s, but not recorded: <why>`, or
 * when the row was written and a later step failed, `fmt_check passed in 1.2s; recorded, but <why>`.
 * Sanitized like describeOutcome.
 */
export function describeRecordFailure(name: string, outcome: RerunOutcome | null, recorded: boolean, error: string): string {
	const what = sanitizeLine(name);
	const why = sanitizeLine(error);
	if (outcome === null) return `${what} did not run: ${why}`;
	return recorded ? `${what} ${describeOutcome(outcome)}; recorded, but ${why}` : `${what} ${describeOutcome(outcome)}, but not recorded: ${why}`;
}
