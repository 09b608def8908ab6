import { PROJECT_CONFIG_FILE } from '../config/project-config.js';
import { findGate, findSignal } from '../model/lookup.js';
import { type SubjectKey, subjectLabel } from '../model/subject.js';
import type { AuditModel } from '../model/types.js';
import type { SignatureCheck } from './check-signature.js';

/**
 * The signing policy of `.arco-review.json`: `require_signed` (true, or "GO" for GO verdicts only) and
 * `gate_signers` (principals allowed per gate; a signal is bound by every gate that requires it). One
 * rule for refusing a sign-off before it is written and for `check`'s findings about recorded ones.
 */

function signatureRequired(model: AuditModel, status: string): boolean {
	const required = model.config.requireSigned;
	return required === true || (required === 'GO' && status === 'GO');
}

/** The gates with `gate_signers` entries that bind this subject, with their principals. */
export function gateSignersFor(model: AuditModel, key: SubjectKey): Array<{ gate: number; principals: readonly string[] }> {
	const gates = key.kind === 'gate' ? [key.gateId] : (findSignal(model, key.signalId)?.gateIds ?? []);
	return gates.flatMap((gate) => {
		const principals = model.config.gateSigners.get(gate);
		return principals && findGate(model, gate) ? [{ gate, principals }] : [];
	});
}

/** Whether a policy asks anything of this sign-off's signature (then it must be made and checked). */
export function policyApplies(model: AuditModel, key: SubjectKey, status: string): boolean {
	return signatureRequired(model, status) || gateSignersFor(model, key).length > 0;
}

/**
 * Why a sign-off with this signature breaks the policy, or null when it does not. `bad` signatures are
 * always a problem of their own and are not repeated here.
 */
export function policyViolation(model: AuditModel, key: SubjectKey, status: string, check: SignatureCheck): string | null {
	const label = subjectLabel(key);
	const bound = gateSignersFor(model, key);
	const required = signatureRequired(model, status);
	if (!required && bound.length === 0) return null;
	const why = required
		? `require_signed in ${PROJECT_CONFIG_FILE}`
		: `gate_signers for gate ${bound.map((entry) => entry.gate).join(', ')} in ${PROJECT_CONFIG_FILE}`;
	switch (check.state) {
		case 'unsigned':
			return `${label} ${status} is unsigned, but ${why} asks for a signature`;
		case 'unknown-key':
			return `${label} ${status} is signed by ${check.fingerprint}, which is not in the allowed signers (${why})`;
		case 'not-valid-at-signing-time':
			return `${label} ${status} is signed by a key not valid at signing time: ${check.detail} (${why})`;
		case 'other-signer':
			return `${label} ${status} is signed by ${check.principal} but recorded as ${check.recorded} (${why} asks for the reviewer's own signature)`;
		case 'not-checked':
			return `${label} ${status}'s signature cannot be checked here: ${check.detail} (${why})`;
		case 'bad':
			return null;
		case 'good':
			break;
	}
	for (const { gate, principals } of bound) {
		if (!principals.includes(check.principal)) {
			return `${label} may be signed only by ${principals.join(', ')} (gate_signers for gate ${gate} in ${PROJECT_CONFIG_FILE}); it is signed by ${check.principal}`;
		}
	}
	return null;
}
