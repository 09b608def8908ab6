import { isStale } from '../findings/stale-signoffs.js';
import type { SignoffRecord } from '../model/signoff-record.js';
import { gateKey, type SubjectKey, signalKey, subjectLabel } from '../model/subject.js';
import { findingCounts, gatesGo } from '../model/summary.js';
import type { AuditModel, GateModel } from '../model/types.js';
import { sanitizeLine } from '../text/sanitize.js';

/** A markdown table cell: one line, pipes escaped, no terminal controls. */
function cell(text: string): string {
	return sanitizeLine(text).replace(/\|/g, '\\|');
}

function code(text: string): string {
	return `\`${cell(text).replace(/`/g, "'")}\``;
}

function gateEvidence(gate: GateModel): string {
	return gate.evidence.map((ref) => code(ref.written)).join(', ');
}

function signoffRow(subject: SubjectKey, signoff: SignoffRecord, model: AuditModel): string {
	const stale = isStale(model, subject);
	const reviewer = `${signoff.reviewer.name} <${signoff.reviewer.email}>`;
	return `| ${cell(subjectLabel(subject))} | ${cell(signoff.status)} | ${cell(reviewer)} | ${code(signoff.head.slice(0, 12))}${signoff.dirty ? ' (dirty)' : ''} | ${cell(signoff.signed_at)} | ${stale ? '**STALE**' : 'current'} | ${cell(signoff.note)} |`;
}

/**
 * The audit summary in the shape of the seed summary that started this product. Deterministic: the same
 * files and the same HEAD give the same bytes (no clock, no machine names).
 */
export function renderReport(model: AuditModel): string {
	const gatesGoCount = gatesGo(model);
	const out: string[] = [];
	out.push(`# Production Readiness Audit - ${cell(model.auditDate)}`, '');
	out.push(`- Audit date: ${cell(model.auditDate)}`);
	out.push(`- Baseline commit: ${code(model.baselineCommit)}`);
	out.push(`- Reviewed at HEAD: ${model.git.head ? code(model.git.head) : 'not a git repository'}${model.git.dirty ? ' (uncommitted changes)' : ''}`);
	out.push(`- Definition of Done: ${code(model.definitionOfDone)} - ${model.dodMet ? 'met' : 'not met'} (${gatesGoCount}/${model.gates.length} gates GO)`);
	out.push(`- Evidence root: ${code(model.evidenceRoot.endsWith('/') ? model.evidenceRoot : `${model.evidenceRoot}/`)}`);
	out.push(`- Tracker: ${code(model.trackerPath)}`, '');

	out.push('## Gate Status Snapshot', '');
	out.push('| Gate | Area | Status | Closed Signals | Open Signals | Primary Evidence |');
	out.push('|---:|---|---|---:|---:|---|');
	for (const gate of model.gates) {
		out.push(`| ${gate.id} | ${cell(gate.name)} | ${cell(gate.status)} | ${gate.closed} | ${gate.open} | ${gateEvidence(gate)} |`);
	}
	out.push('');

	out.push('## Findings', '');
	if (model.findings.length === 0) out.push('None.');
	const counts = findingCounts(model.findings);
	if (model.findings.length > 0) out.push(`${counts.error} errors, ${counts.warning} warnings, ${counts.info} info.`, '');
	for (const finding of model.findings) out.push(`- **${finding.severity}** ${code(finding.code)} ${cell(finding.subject)}: ${cell(finding.message)}`);
	out.push('');

	out.push('## Open Signals', '');
	const gatesWithOpen = model.gates.filter((gate) => gate.open > 0);
	if (gatesWithOpen.length === 0) out.push('None: every required signal is GO.', '');
	for (const gate of gatesWithOpen) {
		out.push(`### Gate ${gate.id} - ${cell(gate.name)} (${cell(gate.status)})`, '');
		for (const id of gate.requiredSignalIds) {
			const signal = gate.signals.find((candidate) => candidate.id === id);
			if (signal?.status === 'GO') continue;
			if (!signal) {
				out.push(`- ${code(id)} not defined in the tracker`);
				continue;
			}
			out.push(
				`- ${code(signal.id)} ${cell(signal.status)} - ${cell(signal.ledger?.title ?? '(not in the ledger)')} (owner: ${cell(signal.owner ?? signal.ledger?.owner ?? 'unassigned')})`,
			);
		}
		out.push('');
	}

	out.push('## Sign-offs', '');
	const rows: string[] = [];
	for (const gate of model.gates) if (gate.signoff) rows.push(signoffRow(gateKey(gate.id), gate.signoff, model));
	for (const signal of model.signals) if (signal.signoff) rows.push(signoffRow(signalKey(signal.id), signal.signoff, model));
	if (rows.length === 0) out.push('No sign-offs recorded yet.');
	else out.push('| Subject | Status | Reviewer | HEAD | Signed at (UTC) | Freshness | Note |', '|---|---|---|---|---|---|---|', ...rows);
	out.push('');
	return out.join('\n');
}
