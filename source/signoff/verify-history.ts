import fs from 'node:fs';
import path from 'node:path';
import type { SignoffRecord } from '../model/signoff-record.js';
import { gateLabel } from '../model/subject.js';
import type { AuditModel } from '../model/types.js';
import { canonicalJson, type HistoryEntry, historyLines, historyPathFor, sha256Text } from './history.js';

export interface VerifyResult {
	history: string;
	lines: number;
	problems: string[];
}

/** Checks the history's hash chain, and that each subject's sign-off in the tracker is the history's latest for it. */
export function verifyHistory(model: AuditModel): VerifyResult {
	const historyAbsolute = historyPathFor(path.join(model.root, model.trackerPath));
	const history = path.relative(model.root, historyAbsolute).split(path.sep).join('/');
	let text = '';
	try {
		text = fs.readFileSync(historyAbsolute, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
			return { history, lines: 0, problems: [`${history}: cannot read (${(error as NodeJS.ErrnoException).code})`] };
	}
	const problems: string[] = [];
	const lines = historyLines(text);
	const latest = new Map<string, SignoffRecord>();
	lines.forEach((line, index) => {
		const where = `${history}:${index + 1}`;
		let entry: HistoryEntry;
		try {
			entry = JSON.parse(line) as HistoryEntry;
		} catch {
			problems.push(`${where}: not a JSON line`);
			return;
		}
		const expected = index === 0 ? null : sha256Text(lines[index - 1] ?? '');
		if (entry.prev_sha256 !== expected) {
			problems.push(
				`${where}: chain broken: prev_sha256 does not match line ${index}${index === 0 ? ' (the first line has none)' : ''}; a line was edited, removed or inserted`,
			);
		}
		if (typeof entry.subject === 'string' && entry.record) latest.set(entry.subject, entry.record);
	});
	const current: Array<[string, SignoffRecord | null]> = [
		...model.gates.map((gate) => [gateLabel(gate.id), gate.signoff] as [string, SignoffRecord | null]),
		...model.signals.map((signal) => [signal.id, signal.signoff] as [string, SignoffRecord | null]),
	];
	for (const [subject, signoff] of current) {
		const recorded = latest.get(subject);
		if (signoff && !recorded) problems.push(`${model.trackerPath}: ${subject} has a sign-off that is not in ${history}`);
		else if (!signoff && recorded) problems.push(`${model.trackerPath}: ${subject} has no sign-off but ${history} records one`);
		else if (signoff && recorded && canonicalJson(signoff) !== canonicalJson(recorded)) {
			problems.push(`${model.trackerPath}: ${subject}'s sign-off differs from the latest in ${history} (signed_at ${recorded.signed_at})`);
		}
	}
	return { history, lines: lines.length, problems };
}
