import type { PathRef } from '../../model/types.js';

/**
 * What the preview pane shows and how it is named: pure data, so the state and the views need no file access.
 * Reading the file is source/ui/effects/preview-reader.ts.
 */

/** What a preview shows: one PathRef, identified by `key` so the controller can cache and compare. */
export interface PreviewTarget {
	key: string;
	/** The path as written in the source file, for the preview header. */
	title: string;
	ref: PathRef;
}

export type Preview =
	| { kind: 'text'; lines: string[]; truncated: boolean }
	| { kind: 'directory'; lines: string[]; truncated: boolean }
	| { kind: 'unavailable'; reason: string };

export function targetForPathRef(ref: PathRef): PreviewTarget {
	return { key: `ref:${ref.path ?? ''}:${ref.written}`, title: ref.written, ref };
}

/** A log path recorded in a status file; validated by readPreview like any other path. */
export function targetForLog(log: string): PreviewTarget {
	const ref: PathRef = { written: log, path: log, line: null, exists: true, isDirectory: false, problem: null };
	return { key: `log:${log}`, title: log, ref };
}
