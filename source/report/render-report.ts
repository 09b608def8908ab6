import { isStale } from '../findings/stale-signoffs.js';
import { plural } from '../format/plural.js';
import { BLOCKED_STATUS, describeBlock } from '../model/blocked.js';
import type { SignoffRecord } from '../model/signoff-record.js';
import { gateKey, type SubjectKey, signalKey, subjectLabel } from '../model/subject.js';
import { findingCounts, gatesGo } from '../model/summary.js';
import type { AuditModel } from '../model/types.js';
import { type SignatureCheck, signatureVerdict } from '../signing/check-signature.js';
import { cell, code, SNAPSHOT_COLUMNS, snapshotCell, tableRow } from './markdown.js';

/** Each current sign-off's signature check, by subject label (`checkModelSignatures`). */
export type SignatureChecks = ReadonlyMap<string, SignatureCheck>;

function signoffRow(subject: SubjectKey, signoff: SignoffRecord, model: AuditModel, signatures: SignatureChecks): string {
	const label = subjectLabel(subject);
	const stale = isStale(model, subject);
	const reviewer = `${signoff.reviewer.name} <${signoff.reviewer.email}>`;
	const check = signatures.get(label);
	const verified = check ? signatureVerdict(check) : 'unsigned';
	return `| ${cell(label)} | ${cell(signoff.status)} | ${cell(reviewer)} | ${cell(verified)} | ${code(signoff.head.slice(0, 12))}${signoff.dirty ? ' (dirty)' : ''} | ${cell(signoff.signed_at)} | ${stale ? '**STALE**' : 'current'} | ${cell(signoff.note)} |`;
}

/**
 * The audit summary in the shape of the seed summary that started this product. Deterministic: the same
 * files and the same HEAD give the same bytes (no clock, no machine names; a block's expiry shows as the
 * `blocked-expired` finding of the day it is run).
 */
export function renderReport(model: AuditModel, signatures: SignatureChecks): string {
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
	out.push(tableRow(SNAPSHOT_COLUMNS), '|---:|---|---|---:|---:|---|');
	for (const gate of model.gates) out.push(tableRow(SNAPSHOT_COLUMNS.map((column) => snapshotCell(gate, column))));
	out.push('');

	out.push('## Findings', '');
	if (model.findings.length === 0) out.push('None.');
	const counts = findingCounts(model.findings);
	if (model.findings.length > 0) out.push(`${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info.`, '');
	for (const finding of model.findings) out.push(`- **${finding.severity}** ${code(finding.code)} ${cell(finding.subject)}: ${cell(finding.message)}`);
	out.push('');

	out.push('## Open Signals', '');
	// A blocked gate is listed even when its signals are all GO: its owner, ticket and until are the open item.
	const gatesWithOpen = model.gates.filter((gate) => gate.open > 0 || gate.status === BLOCKED_STATUS);
	if (gatesWithOpen.length === 0) out.push('None: every required signal is GO.', '');
	for (const gate of gatesWithOpen) {
		out.push(`### Gate ${gate.id} - ${cell(gate.name)} (${cell(gate.status)})`, '');
		if (gate.status === BLOCKED_STATUS) out.push(`Gate ${cell(describeBlock(gate.blocked))}`, '');
		for (const id of gate.requiredSignalIds) {
			const signal = gate.signals.find((candidate) => candidate.id === id);
			if (signal?.status === 'GO') continue;
			if (!signal) {
				out.push(`- ${code(id)} not defined in the tracker`);
				continue;
			}
			const block = signal.status === BLOCKED_STATUS ? `; ${cell(describeBlock(signal.blocked))}` : '';
			out.push(
				`- ${code(signal.id)} ${cell(signal.status)} - ${cell(signal.ledger?.title ?? '(not in the ledger)')} (owner: ${cell(signal.owner ?? signal.ledger?.owner ?? 'unassigned')}${block})`,
			);
		}
		out.push('');
	}

	out.push('## Sign-offs', '');
	const rows: string[] = [];
	for (const gate of model.gates) if (gate.signoff) rows.push(signoffRow(gateKey(gate.id), gate.signoff, model, signatures));
	for (const signal of model.signals) if (signal.signoff) rows.push(signoffRow(signalKey(signal.id), signal.signoff, model, signatures));
	if (rows.length === 0) out.push('No sign-offs recorded yet.');
	else out.push('| Subject | Status | Reviewer | Verified | HEAD | Signed at (UTC) | Freshness | Note |', '|---|---|---|---|---|---|---|---|', ...rows);
	out.push('');
	return out.join('\n');
}
