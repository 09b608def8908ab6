import fs from 'node:fs';
import path from 'node:path';
import { historyPathOf } from '../model/audit-files.js';
import type { SignoffRecord } from '../model/signoff-record.js';
import { type SubjectKey, subjectFromLabel } from '../model/subject.js';
import type { AuditModel } from '../model/types.js';
import { describePathProblem, RepoPaths } from '../paths/repo-paths.js';
import { decodeStrictUtf8 } from '../writers/strict-utf8.js';
import { describeFormat, type HistoryFormat, historyFormat, historyLines, parseHistoryLine, sha256Text } from './history.js';

/** The sign-off history beside the tracker as read: never through a symlink out of the repository, strictly UTF-8. */
export interface HistoryFile {
	/** Repository-relative. */
	path: string;
	/** Null when there is no file (or it could not be read). */
	bytes: Buffer | null;
	text: string;
	/** Why it could not be read; null when it was (or does not exist). */
	problem: string | null;
}

export function readHistoryFile(model: AuditModel): HistoryFile {
	const relative = historyPathOf(model);
	const ref = new RepoPaths(model.root).ref(relative);
	if (ref.problem !== null) return { path: relative, bytes: null, text: '', problem: `${relative} ${describePathProblem(ref.problem)}: not read` };
	let bytes: Buffer;
	try {
		bytes = fs.readFileSync(path.join(model.root, relative));
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return { path: relative, bytes: null, text: '', problem: code === 'ENOENT' ? null : `${relative}: cannot read (${code ?? 'error'})` };
	}
	const text = decodeStrictUtf8(bytes);
	return text === null ? { path: relative, bytes, text: '', problem: `${relative}: not valid UTF-8` } : { path: relative, bytes, text, problem: null };
}

/** One sign-off of the history, for the history screen. */
export interface HistoryItem {
	/** 1-based line number. */
	line: number;
	subject: string;
	key: SubjectKey;
	kind: 'signal' | 'gate';
	previousStatus: string;
	record: SignoffRecord;
	/** `unknown`: written by a newer arco-review (shown, and named in `problems`). */
	format: HistoryFormat;
	sha256: string;
}

export interface SignoffHistory {
	/** Repository-relative. */
	path: string;
	/** Newest first. */
	items: HistoryItem[];
	/** Lines that are not sign-offs, and lines of an unknown format (shown, but named here). */
	problems: string[];
	/** Why the file could not be read at all (a symlink out of the repository, not UTF-8); a missing file is an empty history. */
	unreadable: string | null;
}

/**
 * Every readable sign-off of the history, newest first, for the TUI's history screen: read through
 * RepoPaths (never through a symlink out of the repository) and strictly as UTF-8, the way verify reads it.
 */
export function readSignoffHistory(model: AuditModel): SignoffHistory {
	const file = readHistoryFile(model);
	const items: HistoryItem[] = [];
	const problems: string[] = [];
	historyLines(file.text).forEach((text, index) => {
		const entry = parseHistoryLine(text);
		if (entry === null) {
			problems.push(`${file.path}:${index + 1}: not a sign-off record`);
			return;
		}
		const format = historyFormat(entry);
		if (format === 'unknown') problems.push(`${file.path}:${index + 1}: unknown history format ${describeFormat(entry)}`);
		items.push({
			line: index + 1,
			subject: entry.subject,
			key: subjectFromLabel(entry.subject),
			kind: entry.kind,
			previousStatus: entry.previous_status,
			record: entry.record,
			format,
			sha256: sha256Text(text),
		});
	});
	return { path: file.path, items: items.reverse(), problems, unreadable: file.problem };
}
