import { sanitizeLine } from '../source/text/sanitize.js';

/**
 * The render boundary for text. Every string that reaches the terminal passes through here, via
 * <Line> and the table cells; model text (tracker, ledger, TSVs, logs, git, error messages) is never
 * handed to Ink any other way. Our own literals pass through too, which costs nothing and means no
 * caller has to decide what is trusted.
 */
export function safe(text: string): string {
	return sanitizeLine(text);
}
