import { findGate } from '../model/lookup.js';
import { gateKey, subjectLabel } from '../model/subject.js';
import type { AuditModel, Finding } from '../model/types.js';
import type { RepoPaths } from '../paths/repo-paths.js';
import { findSnapshotTable, SNAPSHOT_COLUMN_LIST } from '../report/snapshot-table.js';
import { planSummaryTable } from '../report/summary-check.js';

/**
 * The hand-written summary's gate snapshot table against the tracker, on every load (one small file):
 * a warning per difference, so `check` and the UI's findings both say when the summary went stale.
 */
export function summaryFindings(model: AuditModel, paths: RepoPaths, summaryText: string | null): Finding[] {
	const summaryPath = model.summaryPath;
	if (summaryPath === null || summaryText === null) return [];
	const table = findSnapshotTable(summaryText);
	if (!table) {
		return [
			{
				severity: 'info',
				code: 'summary-table-missing',
				subject: summaryPath,
				about: null,
				message: `${summaryPath} has no gate snapshot table (a markdown table with the columns ${SNAPSHOT_COLUMN_LIST}); it is not checked`,
			},
		];
	}
	return planSummaryTable(table, model, paths).differences.map((difference) => {
		const about = findGate(model, difference.gateId) ? gateKey(difference.gateId) : null;
		return {
			severity: 'warning',
			code: 'summary-drift',
			subject: about ? subjectLabel(about) : summaryPath,
			about,
			message: `${summaryPath}:${difference.line}: ${difference.message}`,
		};
	});
}
