import type { TableScreenLayout } from '../../source/ui/state/layout.js';
import { type FindingRow, findingRows } from '../../source/ui/state/lists.js';
import { filterOf, visibleWindow } from '../../source/ui/state/selection.js';
import type { UiState } from '../../source/ui/state/state.js';
import { plural, severityStyle } from '../format.js';
import { type LineSpec, line, seg } from '../line.js';
import { type Column, tableHeader, tableRows } from '../table.js';

/** Findings: what the checks found, most severe first; Enter opens the gate or signal it is about. */
export function findingsLines(state: UiState, layout: TableScreenLayout): LineSpec[] {
	const { model, viewport } = state;
	const ref = { kind: 'findings' } as const;
	const filter = filterOf(state, ref);
	const rows = findingRows(model, filter);
	const count = (severity: string) => model.findings.filter((finding) => finding.severity === severity).length;
	const columns = findingColumns();
	return [
		line(
			seg(`Findings ${model.findings.length}`, 'heading'),
			seg('  '),
			seg(plural(count('error'), 'error'), 'error'),
			seg(' · ', 'muted'),
			seg(plural(count('warning'), 'warning'), 'warn'),
			seg(' · ', 'muted'),
			seg(`${count('info')} info`, 'muted'),
		),
		tableHeader(columns, viewport.columns),
		...tableRows(columns, visibleWindow(state, ref, rows, layout.listRows), viewport.columns, {
			focused: true,
			emptyText: filter ? `no finding matches "${filter}"` : 'no findings',
		}),
	];
}

function findingColumns(): Column<FindingRow>[] {
	return [
		{ header: 'Severity', width: 8, cell: (row) => row.finding.severity, style: (row) => severityStyle(row.finding.severity) },
		{ header: 'Subject', flex: 1, minWidth: 8, cell: (row) => row.finding.subject },
		{ header: 'Code', flex: 1, minWidth: 10, cell: (row) => row.finding.code, style: () => 'muted' },
		{ header: 'Message', flex: 3, minWidth: 12, cell: (row) => row.finding.message },
	];
}
