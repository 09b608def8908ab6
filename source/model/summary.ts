import type { AuditModel, Finding } from './types.js';

/** Findings by severity, as every summary line shows them. */
export function findingCounts(findings: Finding[]): Record<Finding['severity'], number> {
	const counts = { error: 0, warning: 0, info: 0 };
	for (const finding of findings) counts[finding.severity] += 1;
	return counts;
}

/** Gates recorded GO: the progress toward ALL_GATES_GO. */
export function gatesGo(model: AuditModel): number {
	return model.gates.filter((gate) => gate.status === 'GO').length;
}
