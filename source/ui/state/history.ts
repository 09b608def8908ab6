import type { SignoffHistory } from '../../signoff/history-file.js';

/**
 * The sign-off history (`signoffs.jsonl` beside the tracker) as the history screen shows it: what the
 * sign-off module's reader gives (source/signoff/history-file.ts: path-checked, strict UTF-8, the record
 * read as the tracker's is, newest first), read by source/ui/effects/history-reader.ts.
 */
export type { HistoryItem, SignoffHistory as HistoryRead } from '../../signoff/history-file.js';

export interface HistoryState extends SignoffHistory {
	/** False until the first read answered. */
	loaded: boolean;
}

export const UNREAD_HISTORY: HistoryState = { loaded: false, path: '', items: [], problems: [], unreadable: null };

/** What the history screen says could not be read: the file itself first, then its lines. */
export function historyProblems(history: HistoryState): string[] {
	return history.unreadable === null ? history.problems : [history.unreadable, ...history.problems];
}
