import { renderTable } from '../format/text-table.js';
import { shortSha } from '../git/short-sha.js';
import { findingCounts, gatesGo } from '../model/summary.js';
import type { AuditModel } from '../model/types.js';
import { sanitizeLine } from '../text/sanitize.js';
import { primaryEvidence } from './status.js';

// Kept apart from status.ts so `status --json` does not load the width tables of string-width.
export function renderStatusText(model: AuditModel, width: number | null): string {
	const counts = findingCounts(model.findings);
	const head = model.git.head ? `${shortSha(model.git.head, '-')}${model.git.dirty ? ' (dirty)' : ''}` : 'none (not a git repository)';
	const since = model.git.commitsSinceBaseline === null ? '' : `, ${model.git.commitsSinceBaseline} commits since baseline`;
	const header = [
		`Audit ${sanitizeLine(model.auditDate)}  tracker ${sanitizeLine(model.trackerPath)}`,
		`Baseline ${shortSha(model.baselineCommit, '-')}  HEAD ${head}${since}`,
		`Definition of done ${sanitizeLine(model.definitionOfDone)}: ${model.dodMet ? 'met' : 'not met'} (${gatesGo(model)}/${model.gates.length} gates GO)`,
	];
	const rows = model.gates.map((gate) => [
		String(gate.id),
		gate.name,
		gate.status === gate.derivedStatus ? gate.status : `${gate.status} (signals: ${gate.derivedStatus})`,
		String(gate.closed),
		String(gate.open),
		primaryEvidence(gate),
	]);
	const table = renderTable(['Gate', 'Area', 'Status', 'Closed', 'Open', 'Primary Evidence'], rows, {
		align: ['right', 'left', 'left', 'right', 'right', 'left'],
		...(width === null ? {} : { maxWidth: width }),
	});
	const findings = `Findings: ${model.findings.length} (${counts.error} errors, ${counts.warning} warnings, ${counts.info} info)`;
	return `${header.join('\n')}\n\n${table}\n\n${findings}\n`;
}
