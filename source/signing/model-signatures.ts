import os from 'node:os';
import { describeError, UserError } from '../errors.js';
import { readSignerSettings } from '../git/reviewer.js';
import type { AuditModel } from '../model/types.js';
import { committedLineTimes } from '../signoff/committed-history.js';
import { readCommitTimes } from '../signoff/git-batch.js';
import { type SubjectSignoff, subjectsWithSignoff } from '../signoff/subject.js';
import { type AllowedSigners, describeAllowedSigners, resolveAllowedSigners } from './allowed-signers.js';
import { type SignatureCheck, SignatureChecker } from './check-signature.js';
import { mapBounded } from './map-bounded.js';
import { windowOf } from './signing-window.js';

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
export function checkerFor(anchor: TrustAnchor): SignatureChecker {
	return new SignatureChecker(anchor.allowed, anchor.problem ?? undefined, answers);
}

/** How many ssh-keygen checks run at once. */
export function checkConcurrency(): number {
	return Math.max(2, Math.min(4, os.availableParallelism()));
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
	const [anchor, windows] = await Promise.all([readTrustAnchor(model), signingWindows(model, signed)]);
	const checker = checkerFor(anchor);
	try {
		const results = await mapBounded(signed, checkConcurrency(), (item) => checker.check(item, item.record, windows(item)));
		signed.forEach((item, index) => {
			const check = results[index];
			if (check) checks.set(item.subject, check);
		});
		return { checks, anchor };
	} finally {
		checker.close();
	}
}

/** The signing window of each current sign-off: its HEAD's commit time, and the commit that first recorded its history line. */
async function signingWindows(model: AuditModel, signed: SubjectSignoff[]): Promise<(item: SubjectSignoff) => ReturnType<typeof windowOf>> {
	const [headTimes, lineTimes] = await Promise.all([
		readCommitTimes(
			model.root,
			signed.map((item) => item.record.head),
		),
		model.inGitRepository ? committedLineTimes(model) : Promise.resolve(new Map()),
	]);
	return (item) => windowOf(item.record.head, headTimes, (item.record.history_sha256 && lineTimes.get(item.record.history_sha256)) || null);
}
