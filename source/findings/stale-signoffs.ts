import fs from 'node:fs';
import path from 'node:path';
import { changedSince } from '../git/repository.js';
import { shortSha } from '../git/short-sha.js';
import { auditOwnFiles } from '../model/audit-files.js';
import type { SignoffRecord } from '../model/signoff-record.js';
import { type SubjectKey, subjectLabel } from '../model/subject.js';
import type { AuditModel, Finding, SignalModel } from '../model/types.js';
import { sha256File } from '../signoff/evidence-digest.js';
import { gateSubject, restsOn, type Subject, signalSubject } from '../signoff/subject.js';

function signedSubjects(model: AuditModel): Array<{ subject: Subject; signoff: SignoffRecord }> {
	const signed: Array<{ subject: Subject; signoff: SignoffRecord }> = [];
	for (const gate of model.gates) if (gate.signoff) signed.push({ subject: gateSubject(gate), signoff: gate.signoff });
	// Indexed, without an array per signal: most signals of a large audit are not signed.
	const signals = model.signals;
	for (let index = 0; index < signals.length; index += 1) {
		const signal = signals[index] as SignalModel;
		if (signal.signoff) signed.push({ subject: signalSubject(signal), signoff: signal.signoff });
	}
	return signed;
}

function covers(restingPaths: string[], file: string): boolean {
	return restingPaths.some((resting) => resting === '.' || file === resting || file.startsWith(`${resting}/`));
}

function digestChanged(root: string, file: string, sha256: string): boolean {
	const absolute = path.join(root, file);
	try {
		return !fs.statSync(absolute).isFile() || sha256File(absolute) !== sha256;
	} catch {
		return true;
	}
}

/**
 * A sign-off is stale when a file it rests on changed between its HEAD and the current HEAD, or no longer
 * matches the digest recorded with it. The audit's own files (tracker, ledger, history) never count.
 */
export async function findStaleSignoffs(model: AuditModel): Promise<Finding[]> {
	const signed = signedSubjects(model);
	if (signed.length === 0 || !model.inGitRepository || model.git.head === null) return [];
	const own = new Set(auditOwnFiles(model));
	const heads = [...new Set(signed.map(({ signoff }) => signoff.head))];
	const changedByHead = new Map(
		await Promise.all(heads.map(async (head) => [head, head === model.git.head ? [] : await changedSince(model.root, head)] as const)),
	);
	const findings: Finding[] = [];
	for (const { subject, signoff } of signed) {
		const { label } = subject;
		const resting = restsOn(subject).flatMap((ref) => (ref.path !== null && ref.problem === null ? [ref.path] : []));
		const changed = changedByHead.get(signoff.head);
		const short = shortSha(signoff.head);
		if (changed === null || changed === undefined) {
			findings.push({
				severity: 'error',
				code: 'stale-signoff',
				subject: label,
				about: subject.key,
				message: `${label} was signed ${signoff.status} at ${short}, which is not a commit in this repository`,
			});
			continue;
		}
		const files = new Set(changed.filter((file) => !own.has(file) && covers(resting, file)));
		for (const item of signoff.evidence) {
			if (!own.has(item.path) && digestChanged(model.root, item.path, item.sha256)) files.add(item.path);
		}
		if (files.size === 0) continue;
		const list = [...files].sort();
		findings.push({
			severity: 'error',
			code: 'stale-signoff',
			subject: label,
			about: subject.key,
			message: `${label} was signed ${signoff.status} at ${short}; since then ${list.slice(0, 5).join(', ')}${list.length > 5 ? ` and ${list.length - 5} more` : ''} changed`,
		});
	}
	return findings;
}

const staleByModel = new WeakMap<AuditModel, Set<string>>();

/**
 * Whether the model's checks found the subject's sign-off stale (a `stale-signoff` finding). Nobody
 * guesses from HEADs: a sign-off made at an older HEAD whose files did not change is not stale.
 */
export function isStale(model: AuditModel, key: SubjectKey): boolean {
	let stale = staleByModel.get(model);
	if (!stale) {
		stale = new Set(model.findings.flatMap((finding) => (finding.code === 'stale-signoff' ? [finding.subject] : [])));
		staleByModel.set(model, stale);
	}
	return stale.has(subjectLabel(key));
}
