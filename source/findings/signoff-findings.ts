import { gateKey, type SubjectKey, signalKey, subjectLabel } from '../model/subject.js';
import type { AuditModel, Finding } from '../model/types.js';

/**
 * What the recorded sign-offs say against the tracker, cheap enough for every load: a subject whose
 * status is not the status of its own sign-off was edited by hand after it was signed.
 */
export function signoffFindings(model: AuditModel): Finding[] {
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
	for (const gate of model.gates) check(gateKey(gate.id), gate.status, gate.signoff?.status);
	for (const signal of model.signals) check(signalKey(signal.id), signal.status, signal.signoff?.status);
	return findings;
}
