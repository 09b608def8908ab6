import { type HistoryEntry, isFormat2, parseHistoryLine, sha256Text } from './history.js';

/**
 * Interrupted sign-offs. A sign-off writes its history line first (the intent record), then the ledger,
 * then the tracker, whose copy of the record carries the line's sha256; and before it writes its own line
 * it completes every line still pending. So the lines whose sign-off did not finish are always the tail
 * of the history after the last line the tracker anchors, and completing them from the history is what
 * the killed sign-off would have done.
 */
export interface PendingSignoff {
	/** 1-based line number in the history. */
	line: number;
	sha256: string;
	entry: HistoryEntry;
}

/** The sha256 the tracker's sign-off of `subject` carries (`history_sha256`), or null. */
export type AnchorLookup = (subject: string) => string | null;

/**
 * The format 2 lines at the end of the history that the tracker does not anchor yet, oldest first. A line
 * whose subject's tracker sign-off is anchored to a line that is in the history no more is not pending
 * but altered: the tracker once held it under other bytes, so it is left for `verify` to report, never
 * "completed" from its altered text.
 */
export function findPendingSignoffs(lines: readonly string[], anchorOf: AnchorLookup): PendingSignoff[] {
	const pending: PendingSignoff[] = [];
	let allHashes: Set<string> | null = null;
	for (let index = lines.length - 1; index >= 0; index -= 1) {
		const text = lines[index] ?? '';
		const entry = parseHistoryLine(text);
		// Format 1 lines were written by the old sign-off, which completed nothing; a broken line is verify's to report.
		if (entry === null || !isFormat2(entry)) break;
		const sha256 = sha256Text(text);
		const anchor = anchorOf(entry.subject);
		if (anchor === sha256) break;
		if (anchor !== null) {
			allHashes ??= new Set(lines.map(sha256Text));
			if (!allHashes.has(anchor)) break;
		}
		pending.unshift({ line: index + 1, sha256, entry });
	}
	return pending;
}

/** The latest pending line of each subject: what `verify` and the findings name. */
export function latestPendingBySubject(pending: readonly PendingSignoff[]): PendingSignoff[] {
	const latest = new Map<string, PendingSignoff>();
	for (const item of pending) latest.set(item.entry.subject, item);
	return [...latest.values()];
}

/** `G3-002 GO by Rita Reviewer at 2026-02-15T18:24:01Z (signoffs.jsonl line 12)`. */
export function describePending(item: PendingSignoff, historyPath: string): string {
	const { subject, record } = item.entry;
	return `${subject} ${record.status} by ${record.reviewer.name} at ${record.signed_at} (${historyPath} line ${item.line})`;
}
