import { runFinishedAt } from '../../source/model/command-runs.js';
import type { TableScreenLayout } from '../../source/ui/state/layout.js';
import { type MatrixRow, matrixRows } from '../../source/ui/state/lists.js';
import { matrixCountsOf } from '../../source/ui/state/model-memo.js';
import { filterOf, visibleWindow } from '../../source/ui/state/selection.js';
import type { UiState } from '../../source/ui/state/state.js';
import { exitTag, formatTime, pathState, runTag } from '../format.js';
import { type LineSpec, line, pathSeg, seg } from '../line.js';
import { type Column, tableHeader, tableRows } from '../table.js';

/** Command matrix: the required commands and their latest recorded runs; `running`/`queued` while rerun (r, R). */
export function matrixLines(state: UiState, layout: TableScreenLayout): LineSpec[] {
	const { model, viewport } = state;
	const matrix = model.matrix;
	const ref = { kind: 'matrix' } as const;
	const filter = filterOf(state, ref);
	const rows = matrixRows(model, filter);
	const { recorded, failing, missing } = matrixCountsOf(model);
	const fileState = pathState(matrix.statusFile);
	const columns = matrixColumns(state);
	return [
		line(seg('Status file ', 'muted'), seg(fileState.text, fileState.style), seg('  '), pathSeg(matrix.statusFile.written || '—')),
		line(
			seg('all_pass ', 'muted'),
			seg(String(matrix.allPass), matrix.allPass ? 'ok' : 'bad'),
			seg(' (recorded)', 'muted'),
			seg(`  ${matrix.requiredCommands.length} required · ${recorded} recorded · `),
			seg(`${failing} failing`, failing > 0 ? 'bad' : 'muted'),
			seg(' · '),
			seg(`${missing} missing`, missing > 0 ? 'bad' : 'muted'),
		),
		tableHeader(columns, viewport.columns, rows),
		...tableRows(columns, visibleWindow(state, ref, rows, layout.listRows), viewport.columns, {
			focused: true,
			all: rows,
			emptyText: filter ? `no command matches "${filter}"` : 'the tracker lists no command matrix entries',
		}),
	];
}

function matrixColumns(state: UiState): Column<MatrixRow>[] {
	const exit = (row: MatrixRow) => runTag(state, row.entry.entry?.name) ?? exitTag(row.entry.entry?.latest);
	return [
		{ header: 'Name', fitContent: true, width: 40, cell: (row) => row.entry.name ?? row.entry.entry?.label ?? '—' },
		{ header: 'Req', width: 3, cell: (row) => (row.entry.required ? 'yes' : 'no'), style: (row) => (row.entry.required ? undefined : 'muted') },
		{ header: 'Exit', width: 7, cell: (row) => exit(row).text, style: (row) => exit(row).style },
		{ header: 'Finished', width: 16, cell: (row) => formatTime(row.entry.entry ? runFinishedAt(row.entry.entry.latest) : null) },
		{ header: 'Command', flex: 2, minWidth: 12, cell: (row) => row.entry.command },
	];
}
