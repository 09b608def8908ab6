/** The timestamp spellings the audits use; every UTC timestamp this program writes is one of them. */

/** `2026-02-15T18:24:01Z`: whole seconds, UTC (log headers, TSV rows, sign-offs). */
export function formatUtcSeconds(date: Date): string {
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `20260215T182401Z`: the same instant as the audits' log file names spell it. */
export function formatCompactUtc(date: Date): string {
	return formatUtcSeconds(date).replace(/[-:]/g, '');
}

/** `2026-02-15`: the UTC day of an instant. */
export function formatUtcDay(date: Date): string {
	return date.toISOString().slice(0, 10);
}

export const DAY_MS = 86_400_000;

/** How long until the next UTC day begins: when a block's `until` may have passed without any file changing. */
export function msUntilNextUtcDay(now: Date): number {
	return DAY_MS - (now.getTime() % DAY_MS);
}
const UTC_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a `YYYY-MM-DD` UTC day; null when the text is not a real calendar day. */
export function utcDayNumber(text: string): number | null {
	const match = UTC_DAY.exec(text.trim());
	if (!match) return null;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const time = Date.UTC(year, month - 1, day);
	const date = new Date(time);
	// Date.UTC rolls 2026-02-30 over into March; a real day survives the round trip.
	if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
	return time / DAY_MS;
}
