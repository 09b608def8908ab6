import type { AuditModel, Finding } from './types.js';

const SEVERITY_ORDER: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then warnings, then info; a stable sort keeps each group in the order it was found. */
export function bySeverity(a: Finding, b: Finding): number {
	return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
}

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
