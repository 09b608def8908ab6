import type { AuditModel, Finding } from './types.js';

const SEVERITY_ORDER: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then warnings, then info; a stable sort keeps each group in the order it was found. */
export function bySeverity(a: Finding, b: Finding): number {
	return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
}

/**
 * The findings errors first, then warnings, then info, each group in its given order: what a stable
 * `sort(bySeverity)` gives, in one pass instead of a comparison per pair (thousands of findings on a
 * large audit).
 */
export function sortedBySeverity(findings: readonly Finding[]): Finding[] {
	const groups: Finding[][] = [[], [], []];
	for (let index = 0; index < findings.length; index += 1) {
		const finding = findings[index] as Finding;
		(groups[SEVERITY_ORDER[finding.severity]] as Finding[]).push(finding);
	}
	return [...(groups[0] as Finding[]), ...(groups[1] as Finding[]), ...(groups[2] as Finding[])];
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
