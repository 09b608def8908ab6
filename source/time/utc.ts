/** The two timestamp spellings the audits use; every UTC timestamp this program writes is one of them. */

/** `2026-02-15T18:24:01Z`: whole seconds, UTC (log headers, TSV rows, sign-offs). */
export function formatUtcSeconds(date: Date): string {
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `20260215T182401Z`: the same instant as the audits' log file names spell it. */
export function formatCompactUtc(date: Date): string {
	return formatUtcSeconds(date).replace(/[-:]/g, '');
}
