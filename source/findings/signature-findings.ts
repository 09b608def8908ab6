import { PROJECT_CONFIG_FILE } from '../config/project-config.js';
import { sortedBySeverity } from '../model/summary.js';
import type { AuditModel, Finding } from '../model/types.js';
import { trustAnchorWarnings } from '../signing/allowed-signers.js';
import { describeSignatureCheck } from '../signing/check-signature.js';
import { describeTrustAnchor, modelSignatures } from '../signing/model-signatures.js';
import { policyViolation } from '../signing/policy.js';
import { subjectsWithSignoff } from '../signoff/subject.js';

/**
 * What the signatures of the current sign-offs prove, against `.arco-review.json`'s policy: `check` adds
 * these (an ssh-keygen process per signed sign-off, and three git processes for the signing windows:
 * more than `status` and the TUI's every load should pay).
 * A bad signature is an error; a signature by another principal than recorded, by a key outside the
 * allowed signers, not valid when it was made, or not checked (no ssh-keygen) a warning, unless the
 * policy asks for a good signature there: then, like an unsigned sign-off, an error. An info finding
 * says which allowed signers file they were checked against, and a warning when that file (or the
 * policy) has uncommitted changes.
 */
async function signatureFindings(model: AuditModel): Promise<Finding[]> {
	const { checks, anchor } = await modelSignatures(model);
	const findings: Finding[] = [];
	if (anchor !== null) {
		findings.push({
			severity: 'info',
			code: 'signoff-allowed-signers',
			subject: anchor.allowed?.inRepository ?? anchor.allowed?.file ?? PROJECT_CONFIG_FILE,
			about: null,
			message: `signatures checked against ${describeTrustAnchor(anchor)}`,
		});
		for (const warning of trustAnchorWarnings(model, anchor.allowed)) {
			findings.push({ severity: 'warning', code: 'signoff-allowed-signers-uncommitted', subject: PROJECT_CONFIG_FILE, about: null, message: warning });
		}
	}
	for (const { subject, key: about, record } of subjectsWithSignoff(model)) {
		const check = checks.get(subject) ?? { state: 'unsigned' };
		const add = (severity: Finding['severity'], code: string, message: string): void => {
			findings.push({ severity, code, subject, about, message });
		};
		const violation = policyViolation(model, about, record.status, check);
		if (check.state === 'bad') add('error', 'signoff-signature-bad', `${subject}'s sign-off has a ${describeSignatureCheck(check)}`);
		else if (violation !== null) add('error', 'signoff-policy', violation);
		else if (check.state !== 'good' && check.state !== 'unsigned')
			add('warning', 'signoff-signer-unverified', `${subject}'s sign-off: ${describeSignatureCheck(check)}`);
	}
	return findings;
}

/** Adds the signature findings to the model's, errors first: `check` calls this once before reporting. */
export async function addSignatureFindings(model: AuditModel): Promise<void> {
	model.findings = sortedBySeverity([...model.findings, ...(await signatureFindings(model))]);
}
