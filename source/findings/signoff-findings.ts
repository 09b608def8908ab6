import { findSubject } from '../model/lookup.js';
import { gateKey, type SubjectKey, signalKey, subjectFromLabel, subjectLabel } from '../model/subject.js';
import type { AuditModel, Finding, SignalModel } from '../model/types.js';
import { historyLines } from '../signoff/history.js';
import { readHistoryFile } from '../signoff/history-file.js';
import { type AnchorLookup, describePending, findPendingSignoffs, latestPendingBySubject } from '../signoff/pending.js';

/**
 * What the recorded sign-offs say against the tracker, cheap enough for every load (no git, no
 * ssh-keygen): a subject whose status is not the status of its own sign-off was edited by hand after it
 * was signed; a sign-off whose history line the tracker does not anchor yet was interrupted. For that
 * the whole history file is read, decoded and split into lines on every load (2 to 3 ms per megabyte
 * measured on a busy 2-core machine); only the parsing starts from its end, and stops at the last anchored line.
 */
export function signoffFindings(model: AuditModel): Finding[] {
	return [...statusDiffersFromSignoff(model), ...interruptedSignoffs(model)];
}

export function statusDiffersFromSignoff(model: AuditModel): Finding[] {
	const findings: Finding[] = [];
	const check = (about: SubjectKey, status: string, signedStatus: string | undefined): void => {
		if (signedStatus === undefined || signedStatus === status) return;
		const subject = subjectLabel(about);
		findings.push({
			severity: 'error',
			code: 'status-differs-from-signoff',
			subject,
			about,
			message: `${subject} is ${status} in the tracker but its own sign-off says ${signedStatus}: changed without signing`,
		});
	};
	for (const gate of model.gates) if (gate.signoff) check(gateKey(gate.id), gate.status, gate.signoff.status);
	// Indexed, and only signed signals are looked at: most of a large audit's are not.
	const signals = model.signals;
	for (let index = 0; index < signals.length; index += 1) {
		const signal = signals[index] as SignalModel;
		if (signal.signoff) check(signalKey(signal.id), signal.status, signal.signoff.status);
	}
	return findings;
}

/** The tracker's anchor (`history_sha256`) of each subject's sign-off, as loaded. */
export function modelAnchors(model: AuditModel): AnchorLookup {
	return (label) => {
		const key = subjectFromLabel(label);
		const subject = findSubject(model, key);
		return subject?.signoff?.history_sha256 ?? null;
	};
}

function interruptedSignoffs(model: AuditModel): Finding[] {
	if (!model.inGitRepository) return [];
	const file = readHistoryFile(model);
	if (file.problem !== null || file.text === '') return [];
	const pending = latestPendingBySubject(findPendingSignoffs(historyLines(file.text), modelAnchors(model)));
	return pending.map((item) => {
		const about = subjectFromLabel(item.entry.subject);
		const known = findSubject(model, about);
		return {
			severity: 'error',
			code: 'interrupted-signoff',
			subject: item.entry.subject,
			about: known ? about : null,
			message: `interrupted sign-off: ${describePending(item, file.path)} is in the history but not yet in the tracker; \`arco-review verify --repair\` completes it (so does the next sign-off)`,
		};
	});
}
