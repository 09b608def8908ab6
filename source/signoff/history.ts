import { createHash } from 'node:crypto';
import path from 'node:path';
import { HISTORY_FILE_NAME } from '../model/audit-files.js';
import type { SignoffRecord } from '../model/signoff-record.js';

/** One line of the append-only history; `prev_sha256` chains it to the line before. */
export interface HistoryEntry {
	subject: string;
	kind: 'signal' | 'gate';
	previous_status: string;
	record: SignoffRecord;
	prev_sha256: string | null;
}

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

/** The next line of the chain, given the history's current text. */
export function nextHistoryLine(currentText: string, entry: Omit<HistoryEntry, 'prev_sha256'>): string {
	const lines = historyLines(currentText);
	const last = lines[lines.length - 1];
	const line: HistoryEntry = { ...entry, prev_sha256: last === undefined ? null : sha256Text(last) };
	return JSON.stringify(line);
}

/** JSON with sorted keys: a hand-reformatted tracker still matches its history. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
		return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/** Canonical JSON of the history's latest record for a subject, or null. Lines that do not parse are skipped. */
export function latestRecordFor(historyText: string, subject: string): string | null {
	const lines = historyLines(historyText);
	for (let index = lines.length - 1; index >= 0; index -= 1) {
		try {
			const entry = JSON.parse(lines[index] ?? '') as Partial<HistoryEntry>;
			if (entry.subject === subject) return canonicalJson(entry.record);
		} catch {
			// A line that does not parse is skipped here; verify reports it.
		}
	}
	return null;
}
