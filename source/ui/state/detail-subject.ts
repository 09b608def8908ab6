import type { DiffStatFile } from '../../git/diff-stat.js';

/**
 * What the detail pane (`d`) describes: the highlighted row of the screen it was opened on, named so that
 * a reload shows the same row's new state. Gate and signal details also show what changed in the files
 * their sign-off rests on since its HEAD, read by an effect (source/ui/effects/detail-diff.ts).
 */
export type DetailSubject =
	| { kind: 'gate'; gateId: number }
	| { kind: 'signal'; signalId: string }
	/** A finding, by its row id in the findings list. */
	| { kind: 'finding'; rowId: string }
	/** A recorded command (status-file entry), by its unique name. */
	| { kind: 'entry'; name: string }
	/** A command-matrix line, by its row id (it may have no status-file row). */
	| { kind: 'matrix'; rowId: string }
	/** A sign-off history line, by its row id. */
	| { kind: 'history'; rowId: string };

export type DiffStat = { kind: 'ready'; files: DiffStatFile[] } | { kind: 'failed'; message: string };

/** The diff shown in the detail pane: for which request (`key`), and the answer once it came (null while reading). */
export interface DetailDiff {
	key: string;
	stat: DiffStat | null;
}

/** What the effect reads: the files a sign-off rests on, compared between its HEAD and the work tree. */
export interface DiffRequest {
	key: string;
	head: string;
	paths: string[];
}
