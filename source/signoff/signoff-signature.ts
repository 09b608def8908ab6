import { PROJECT_CONFIG_FILE } from '../config/project-config.js';
import { UserError } from '../errors.js';
import type { SignoffRecord } from '../model/signoff-record.js';
import type { SubjectKey } from '../model/subject.js';
import type { AuditModel } from '../model/types.js';
import { resolveAllowedSigners } from '../signing/allowed-signers.js';
import { SignatureChecker } from '../signing/check-signature.js';
import { gateSignersFor, policyApplies, policyViolation } from '../signing/policy.js';
import { signBytes } from '../signing/sign-record.js';
import { type SignedSubject, signedBytes } from '../signing/signed-bytes.js';
import type { SigningKey } from '../signing/signing-key.js';

const HOW_TO_SIGN = 'set git config gpg.format ssh and user.signingKey, or pass --sign-key PATH';

/** The record with its signature when a key is configured; unchanged (unsigned) without one. */
export async function signRecord(about: SignedSubject, record: SignoffRecord, key: SigningKey | null): Promise<SignoffRecord> {
	if (key === null) return record;
	return { ...record, signature: await signBytes(key, signedBytes(about, record)) };
}

/**
 * Refuses, before anything is written, a sign-off that `check` would fail on: unsigned or signed by a key
 * outside the allowed signers where `require_signed` asks for a signature, or by a principal a gate's
 * `gate_signers` does not list.
 */
export async function checkPolicyBeforeWriting(
	model: AuditModel,
	key: SubjectKey,
	about: SignedSubject,
	record: SignoffRecord,
	signer: { signingKey: SigningKey | null; gitAllowedSignersFile: string | null },
): Promise<void> {
	if (!policyApplies(model, key, record.status)) return;
	if (!record.signature) {
		throw new UserError(`${policyViolation(model, key, record.status, { state: 'unsigned' })}; ${HOW_TO_SIGN}; nothing written`);
	}
	const allowed = resolveAllowedSigners(model, { allowedSignersFile: signer.gitAllowedSignersFile });
	if (allowed === null) {
		throw new UserError(
			`${about.subject}: the signing policy of ${PROJECT_CONFIG_FILE} needs an allowed signers file to check the signer (git config gpg.ssh.allowedSignersFile, or allowed_signers there); nothing written`,
		);
	}
	const checker = new SignatureChecker(allowed);
	try {
		// No signing window: this process made the signature a moment ago, at the signed_at it wrote.
		const check = await checker.check(about, record);
		if (check.state === 'bad') throw new UserError(`${about.subject}: the new signature does not verify (${check.detail}); nothing written`);
		const violation = policyViolation(model, key, record.status, check);
		if (violation !== null) throw new UserError(`${violation}; nothing written`);
	} finally {
		checker.close();
	}
}

/** What the policy asks of this subject, for the sign-off dialog; null when it asks nothing. */
export function policyNote(model: AuditModel, key: SubjectKey, signingKey: SigningKey | null): string | null {
	const parts: string[] = [];
	const required = model.config.requireSigned;
	if (required === true) parts.push('sign-offs must be signed');
	else if (required === 'GO') parts.push('GO sign-offs must be signed');
	for (const { gate, principals } of gateSignersFor(model, key)) parts.push(`gate ${gate} may be signed only by ${principals.join(', ')}`);
	if (parts.length === 0) return null;
	const missing = signingKey === null ? ` (no signing key: ${HOW_TO_SIGN})` : '';
	return `${parts.join('; ')}${missing}`;
}
