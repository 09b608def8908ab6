import { createHash } from 'node:crypto';
import path from 'node:path';
import { HISTORY_FILE_NAME } from '../model/audit-files.js';
import { type SignoffRecord, signoffFromTracker } from '../model/signoff-record.js';
import { signoffSchema } from '../tracker/signoff-schema.js';
import { canonicalJson } from './canonical-json.js';

/**
 * One line of the append-only sign-off history (`signoffs.jsonl` beside the tracker); `prev_sha256`
 * chains it to the exact bytes of the line before.
 *
 * Format 1 (lines without `v`, written before format 2): JSON in any layout; the chain covers every line
 * but the last, and the tracker's sign-off is compared with the line's record as canonical JSON.
 * Format 2 (`"v":2`): written as canonical JSON, so any byte change of the line shows; and the tracker's
 * copy of the record carries `history_sha256`, the sha256 of its line, so the last line is anchored too.
 */
export interface HistoryEntry {
	/** As written: absent on format 1 lines, 2 on format 2 lines; anything else is a format this program does not know. */
	v?: unknown;
	subject: string;
	kind: 'signal' | 'gate';
	previous_status: string;
	record: SignoffRecord;
	prev_sha256: string | null;
}

export const HISTORY_FORMAT = 2;

export function historyPathFor(trackerAbsolutePath: string): string {
	return path.join(path.dirname(trackerAbsolutePath), HISTORY_FILE_NAME);
}

export function sha256Text(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The history's lines without the final newline; a hand-edited blank line is kept (and reported by verify). */
export function historyLines(text: string): string[] {
	if (text === '') return [];
	const lines = text.split('\n');
	if (lines[lines.length - 1] === '') lines.pop();
	return lines;
}

/** A format 2 line for `entry`, chained to `previousLine` (undefined for the first line). */
export function formatHistoryLine(entry: Omit<HistoryEntry, 'v' | 'prev_sha256'>, previousLine: string | undefined): string {
	const line: HistoryEntry = { v: HISTORY_FORMAT, ...entry, prev_sha256: previousLine === undefined ? null : sha256Text(previousLine) };
	return canonicalJson(line);
}

/** The entry of a line, its record read the way the tracker's is; null when the line is not one. */
export function parseHistoryLine(line: string): HistoryEntry | null {
	let value: unknown;
	try {
		value = JSON.parse(line);
	} catch {
		return null;
	}
	if (typeof value !== 'object' || value === null) return null;
	const raw = value as Record<string, unknown>;
	const parsed = signoffSchema.safeParse(raw['record']);
	const record = parsed.success ? signoffFromTracker(parsed.data) : null;
	if (record === null || typeof raw['subject'] !== 'string' || (raw['kind'] !== 'signal' && raw['kind'] !== 'gate')) return null;
	const prev = raw['prev_sha256'];
	return {
		...(raw['v'] === undefined ? {} : { v: raw['v'] }),
		subject: raw['subject'],
		kind: raw['kind'],
		previous_status: typeof raw['previous_status'] === 'string' ? raw['previous_status'] : '',
		record,
		prev_sha256: typeof prev === 'string' ? prev : null,
	};
}

export function isFormat2(entry: HistoryEntry): boolean {
	return entry.v === HISTORY_FORMAT;
}

/** 1 (no `v`), 2, or `unknown` for any other `v` (`3`, `"2"`): a line never silently read by the wrong rule. */
export type HistoryFormat = 1 | 2 | 'unknown';

export function historyFormat(entry: HistoryEntry): HistoryFormat {
	if (entry.v === undefined) return 1;
	return isFormat2(entry) ? 2 : 'unknown';
}

/** `v=3`, `v="2"`: how a line's unknown format is named in messages. */
export function describeFormat(entry: HistoryEntry): string {
	return `v=${JSON.stringify(entry.v)}`;
}

/** The tracker's copy of a record without its anchor: what must equal the history line's record. */
export function withoutAnchor(record: SignoffRecord): SignoffRecord {
	const { history_sha256: _anchor, ...rest } = record;
	return rest;
}
