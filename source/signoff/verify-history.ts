import { modelAnchors, statusDiffersFromSignoff } from '../findings/signoff-findings.js';
import { findSubject } from '../model/lookup.js';
import type { SignoffRecord } from '../model/signoff-record.js';
import { subjectFromLabel } from '../model/subject.js';
import type { AuditModel } from '../model/types.js';
import type { CommitTime } from '../signing/signing-window.js';
import { canonicalJson } from './canonical-json.js';
import { checkCommittedVersions } from './committed-history.js';
import { describeFormat, type HistoryEntry, historyFormat, historyLines, isFormat2, parseHistoryLine, sha256Text, withoutAnchor } from './history.js';
import { readHistoryFile } from './history-file.js';
import { describePending, findPendingSignoffs, latestPendingBySubject } from './pending.js';
import { subjectsWithSignoff } from './subject.js';

/** One sign-off line of the history, as `verify` lists it. */
export interface VerifiedLine {
	line: number;
	format: 1 | 2;
	entry: HistoryEntry;
	/** The sha256 of the line's bytes (what the tracker's history_sha256 names). */
	sha256: string;
	/** The earliest commit holding the line; null while it is not committed. */
	recorded: CommitTime | null;
}

export interface VerifyResult {
	/** Repository-relative path of the history. */
	history: string;
	lines: number;
	/** Everything that fails `verify`. */
	problems: string[];
	/** Interrupted sign-offs (also among the problems), which `verify --repair` completes. */
	interrupted: string[];
	/** Committed versions of the history it was compared with. */
	committedVersions: number;
	/** The readable sign-off lines of a known format, oldest first (their signatures are checked by the caller). */
	signoffs: VerifiedLine[];
}

interface LatestLine {
	line: number;
	entry: HistoryEntry;
	sha256: string;
}

/**
 * What `verify` checks without ssh-keygen:
 * - each line is a sign-off of a format this program knows; format 2 lines are canonical JSON (so a
 *   whitespace edit shows) and no format 1 line follows a format 2 one;
 * - the chain: each line's `prev_sha256` is the sha256 of the exact bytes of the line before;
 * - the tracker: each subject's sign-off is its latest line's record, and from format 2 on carries that
 *   line's sha256 (so the last line is anchored too); lines the tracker does not anchor yet at the end
 *   are interrupted sign-offs;
 * - each subject's status is its own sign-off's status;
 * - git: the history extends every committed version of it (side branches included).
 */
export async function verifyHistory(model: AuditModel): Promise<VerifyResult> {
	const file = readHistoryFile(model);
	const history = file.path;
	const problems: string[] = file.problem === null ? [] : [file.problem];
	const lines = historyLines(file.text);
	const committed = model.inGitRepository
		? await checkCommittedVersions(model.root, history, file.bytes, file.problem)
		: { versions: 0, problems: [], firstRecorded: [] };
	const signoffs: VerifiedLine[] = [];
	const latest = new Map<string, LatestLine>();
	let sawFormat2 = false;
	lines.forEach((text, index) => {
		const where = `${history}:${index + 1}`;
		const entry = parseHistoryLine(text);
		if (entry === null) {
			problems.push(`${where}: not a sign-off line (not JSON, or not a record)`);
			return;
		}
		const expected = index === 0 ? null : sha256Text(lines[index - 1] ?? '');
		if (entry.prev_sha256 !== expected) {
			problems.push(
				`${where}: chain broken: prev_sha256 does not match line ${index}${index === 0 ? ' (the first line has none)' : ''}; a line was edited, removed or inserted`,
			);
		}
		const format = historyFormat(entry);
		if (format === 'unknown') {
			problems.push(
				`${where}: unknown history format ${describeFormat(entry)} (this arco-review reads formats 1 and 2): written by a newer version, or edited`,
			);
			return;
		}
		if (format === 2 && text !== canonicalJson(JSON.parse(text))) problems.push(`${where}: changed after it was written (format 2 lines are canonical JSON)`);
		if (format === 1 && sawFormat2) problems.push(`${where}: a format 1 line after format 2 lines (written by hand or by an older arco-review)`);
		sawFormat2 ||= format === 2;
		const sha256 = sha256Text(text);
		signoffs.push({ line: index + 1, format, entry, sha256, recorded: committed.firstRecorded[index] ?? null });
		latest.set(entry.subject, { line: index + 1, entry, sha256 });
	});

	const pending = latestPendingBySubject(findPendingSignoffs(lines, modelAnchors(model)));
	const interrupted = pending.map(
		(item) => `interrupted sign-off: ${describePending(item, history)} is not in the tracker yet; \`arco-review verify --repair\` completes it`,
	);
	const pendingSubjects = new Set(pending.map((item) => item.entry.subject));
	const signed = subjectsWithSignoff(model);
	for (const { subject, record } of signed) {
		if (pendingSubjects.has(subject)) continue;
		const problem = compareWithHistory(model.trackerPath, history, subject, record, latest.get(subject));
		if (problem !== null) problems.push(problem);
	}
	const withSignoff = new Set(signed.map((item) => item.subject));
	for (const [subject, recorded] of latest) {
		if (withSignoff.has(subject) || pendingSubjects.has(subject) || !inTracker(model, subject)) continue;
		problems.push(`${model.trackerPath}: ${subject} has no sign-off but ${history} records one (line ${recorded.line})`);
	}
	for (const finding of statusDiffersFromSignoff(model)) problems.push(`${model.trackerPath}: ${finding.message}`);
	return {
		history,
		lines: lines.length,
		problems: [...interrupted, ...problems, ...committed.problems],
		interrupted,
		committedVersions: committed.versions,
		signoffs,
	};
}

function inTracker(model: AuditModel, subject: string): boolean {
	const key = subjectFromLabel(subject);
	return findSubject(model, key) !== undefined;
}

function compareWithHistory(trackerPath: string, history: string, subject: string, signoff: SignoffRecord, recorded: LatestLine | undefined): string | null {
	if (!recorded) return `${trackerPath}: ${subject} has a sign-off that is not in ${history}`;
	if (canonicalJson(withoutAnchor(signoff)) !== canonicalJson(recorded.entry.record)) {
		return `${trackerPath}: ${subject}'s sign-off differs from the latest in ${history} (line ${recorded.line}, signed_at ${recorded.entry.record.signed_at})`;
	}
	if (isFormat2(recorded.entry) && signoff.history_sha256 !== recorded.sha256) {
		return `${trackerPath}: ${subject}'s sign-off does not carry the sha256 of ${history} line ${recorded.line}: that line was changed, or the record was copied by hand`;
	}
	if (!isFormat2(recorded.entry) && signoff.history_sha256 !== undefined) {
		return `${trackerPath}: ${subject}'s sign-off carries a history_sha256, but ${history} line ${recorded.line} is a format 1 line`;
	}
	return null;
}
