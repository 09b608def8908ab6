import { plural } from '../../source/format/plural.js';
import type { TableScreenLayout } from '../../source/ui/state/layout.js';
import { type FindingRow, findingRows } from '../../source/ui/state/lists.js';
import { findingCountsOf } from '../../source/ui/state/model-memo.js';
import { filterOf, visibleWindow } from '../../source/ui/state/selection.js';
import type { UiState } from '../../source/ui/state/state.js';
import { severityStyle } from '../../source/ui/state/theme.js';
import { type LineSpec, line, seg } from '../line.js';
import { type Column, tableHeader, tableRows } from '../table.js';

/** Findings: what the checks found, most severe first; Enter opens the gate or signal it is about. */
export function findingsLines(state: UiState, layout: TableScreenLayout): LineSpec[] {
	const { model, viewport } = state;
	const ref = { kind: 'findings' } as const;
	const filter = filterOf(state, ref);
	const rows = findingRows(model, filter);
	const counts = findingCountsOf(model);
	const columns = findingColumns();
	return [
		line(
			seg(`Findings ${model.findings.length}`, 'heading'),
			seg('  '),
			seg(plural(counts.error, 'error'), 'error'),
			seg(' · ', 'muted'),
			seg(plural(counts.warning, 'warning'), 'warn'),
			seg(' · ', 'muted'),
			seg(`${counts.info} info`, 'muted'),
		),
		tableHeader(columns, viewport.columns, rows),
		...tableRows(columns, visibleWindow(state, ref, rows, layout.listRows), viewport.columns, {
			focused: true,
			all: rows,
			emptyText: filter ? `no finding matches "${filter}"` : 'no findings',
		}),
	];
}

function findingColumns(): Column<FindingRow>[] {
	return [
		{ header: 'Severity', width: 8, cell: (row) => row.finding.severity, style: (row) => severityStyle(row.finding.severity) },
		{ header: 'Subject', fitContent: true, width: 24, cell: (row) => row.finding.subject },
		{ header: 'Code', fitContent: true, width: 26, cell: (row) => row.finding.code, style: () => 'muted' },
		{ header: 'Message', flex: 3, minWidth: 12, cell: (row) => row.finding.message },
	];
}
