import os from 'node:os';
import { describeError, UserError } from '../errors.js';
import { readSignerSettings } from '../git/reviewer.js';
import type { SignoffRecord } from '../model/signoff-record.js';
import type { AuditModel } from '../model/types.js';
import { committedLineTimes } from '../signoff/committed-history.js';
import { readCommitTimes } from '../signoff/git-batch.js';
import { subjectsWithSignoff } from '../signoff/subject.js';
import { type AllowedSigners, describeAllowedSigners, resolveAllowedSigners } from './allowed-signers.js';
import { type SignatureCheck, SignatureChecker } from './check-signature.js';
import { mapBounded } from './map-bounded.js';
import type { SignedSubject } from './signed-bytes.js';
import { type CommitTime, windowOf } from './signing-window.js';

/** The allowed signers signatures are checked against, or why the configured one cannot be used. */
export interface TrustAnchor {
	allowed: AllowedSigners | null;
	/** Why the configured allowed signers file cannot be used (it does not exist, it leaves the repository). */
	problem: string | null;
}

/** Reads git config once (gpg.ssh.allowedSignersFile) and resolves the allowed signers; a broken setting is said, not thrown. */
export async function readTrustAnchor(model: AuditModel): Promise<TrustAnchor> {
	try {
		return { allowed: resolveAllowedSigners(model, await readSignerSettings(model.root)), problem: null };
	} catch (error) {
		if (error instanceof UserError) return { allowed: null, problem: describeError(error) };
		throw error;
	}
}

/** `allowed_signers (.arco-review.json allowed_signers)`, or why there is none. */
export function describeTrustAnchor(anchor: TrustAnchor): string {
	return anchor.problem ?? describeAllowedSigners(anchor.allowed);
}

// Answers of ssh-keygen for this process's lifetime, keyed by record, signature, window and allowed-signers
// file (its path, mtime and size): a reloaded model does not pay again for sign-offs that did not change.
const answers = new Map<string, Promise<SignatureCheck>>();

/** A checker for this trust anchor, sharing the process's answers; close it when done. */
function checkerFor(anchor: TrustAnchor): SignatureChecker {
	return new SignatureChecker(anchor.allowed, anchor.problem ?? undefined, answers);
}

/** How many ssh-keygen checks run at once. */
function checkConcurrency(): number {
	return Math.max(2, Math.min(4, os.availableParallelism()));
}

/** A signed record to check: what it is about, and the commit that first recorded its history line when known. */
export interface RecordToCheck {
	about: SignedSubject;
	record: SignoffRecord;
	recorded: CommitTime | null;
}

/**
 * Checks records against the audit's allowed signers, each within its signing window (its HEAD's commit
 * time, the commit that recorded it): the one way verify, the review's Signed column and a sign-off's
 * pending-line check judge signatures. One checker, a few ssh-keygen processes at a time.
 */
export async function checkRecords(model: AuditModel, items: readonly RecordToCheck[]): Promise<{ anchor: TrustAnchor; checks: SignatureCheck[] }> {
	const [anchor, headTimes] = await Promise.all([
		readTrustAnchor(model),
		readCommitTimes(
			model.root,
			items.map((item) => item.record.head),
		),
	]);
	const checker = checkerFor(anchor);
	try {
		const checks = await mapBounded(items, checkConcurrency(), (item) =>
			checker.check(item.about, item.record, windowOf(item.record.head, headTimes, item.recorded)),
		);
		return { anchor, checks };
	} finally {
		checker.close();
	}
}

export interface ModelSignatures {
	/** By subject label (`G3-002`, `gate 3`): every current sign-off's check (`unsigned` costs nothing). */
	checks: Map<string, SignatureCheck>;
	/** What the signatures were checked against; null when no sign-off is signed (nothing was checked). */
	anchor: TrustAnchor | null;
}

/**
 * Signature checks of every current sign-off of a model, for `check`, `report` and the TUI's Signed
 * column: made once per model (the promise is kept), only when asked for, a few ssh-keygen processes at a
 * time, each judged within its signing window (its HEAD's commit time, the commit that first recorded its
 * history line: three git processes, only when some sign-off is signed).
 */
const checked = new WeakMap<AuditModel, Promise<ModelSignatures>>();

export function modelSignatures(model: AuditModel): Promise<ModelSignatures> {
	let result = checked.get(model);
	if (result === undefined) {
		result = runChecks(model);
		checked.set(model, result);
	}
	return result;
}

/** Per subject label: unsigned, good (principal, fingerprint), other signer, unknown key, not valid at signing time, bad, not checked. */
export async function checkModelSignatures(model: AuditModel): Promise<Map<string, SignatureCheck>> {
	return (await modelSignatures(model)).checks;
}

async function runChecks(model: AuditModel): Promise<ModelSignatures> {
	const subjects = subjectsWithSignoff(model);
	const checks = new Map<string, SignatureCheck>(subjects.map((item) => [item.subject, { state: 'unsigned' }]));
	const signed = subjects.filter((item) => item.record.signature);
	if (signed.length === 0) return { checks, anchor: null };
	// The commit that first recorded each history line bounds its signing window.
	const lineTimes = model.inGitRepository ? await committedLineTimes(model) : new Map<string, CommitTime>();
	const { anchor, checks: results } = await checkRecords(
		model,
		signed.map((item) => ({ about: item, record: item.record, recorded: (item.record.history_sha256 && lineTimes.get(item.record.history_sha256)) || null })),
	);
	signed.forEach((item, index) => {
		const check = results[index];
		if (check) checks.set(item.subject, check);
	});
	return { checks, anchor };
}
