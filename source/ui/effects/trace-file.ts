import fs from 'node:fs';
import type { TraceEvent } from './reloader.js';

/**
 * `ARCO_TUI_TRACE=<file>`: the review UI appends one JSON line per status-line message and per load of
 * the audit (shown, held back as half-written, failed), for finding out what a live reload did and in
 * which order. The end-to-end tests read it to see every message, not only the ones a screen capture
 * happens to catch. A trace that cannot be written is given up silently: it never disturbs the review.
 */
export function traceToFile(file: string): (event: TraceEvent) => void {
	let broken = false;
	return (event) => {
		if (broken) return;
		try {
			fs.appendFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), ...event })}\n`);
		} catch {
			broken = true;
		}
	};
}
