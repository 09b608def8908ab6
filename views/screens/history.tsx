import { plural } from '../../source/format/plural.js';
import { shortSha } from '../../source/git/short-sha.js';
import { historyProblems } from '../../source/ui/state/history.js';
import type { TableScreenLayout } from '../../source/ui/state/layout.js';
import { type HistoryRow, historyRows } from '../../source/ui/state/lists.js';
import { filterOf, visibleWindow } from '../../source/ui/state/selection.js';
import type { UiState } from '../../source/ui/state/state.js';
import { statusStyle } from '../../source/ui/state/theme.js';
import { formatTime } from '../format.js';
import { type LineSpec, line, seg } from '../line.js';
import { type Column, tableHeader, tableRows } from '../table.js';

/** Sign-off history: who signed what, when, at which HEAD, with which note, newest first; Enter opens the subject. */
export function historyLines(state: UiState, layout: TableScreenLayout): LineSpec[] {
	const { history, viewport } = state;
	const ref = { kind: 'history' } as const;
	const filter = filterOf(state, ref);
	const rows = historyRows(history, filter);
	const columns = historyColumns();
	const problems = historyProblems(history).length;
	const summary = !history.loaded
		? line(seg('Sign-off history ', 'heading'), seg('reading…', 'muted'))
		: line(
				seg('Sign-off history ', 'heading'),
				seg(plural(history.items.length, 'sign-off')),
				seg(problems > 0 ? `  ${plural(problems, 'problem')}:` : '', history.items.length === 0 ? 'error' : 'warn'),
			);
	// The first problem whole, wrapped under the summary (a refused file, a line that is not a sign-off).
	const notes = layout.noteLines.map((text) => line(seg(`  ${text}`, history.items.length === 0 ? 'error' : 'warn')));
	return [
		summary,
		...notes,
		tableHeader(columns, viewport.columns, rows),
		...tableRows(columns, visibleWindow(state, ref, rows, layout.listRows), viewport.columns, {
			focused: true,
			all: rows,
			emptyText: filter ? `no sign-off matches "${filter}"` : history.loaded ? 'no sign-offs recorded yet' : 'reading the history…',
		}),
	];
}

function historyColumns(): Column<HistoryRow>[] {
	return [
		{ header: 'Signed', width: 16, cell: (row) => formatTime(row.item.record.signed_at) },
		{ header: 'Subject', fitContent: true, width: 16, cell: (row) => row.item.subject },
		{
			header: 'Verdict',
			fitContent: true,
			width: 30,
			cell: ({ item }) =>
				item.previousStatus && item.previousStatus !== item.record.status ? `${item.previousStatus} -> ${item.record.status}` : item.record.status,
			style: (row) => statusStyle(row.item.record.status),
		},
		{ header: 'By', fitContent: true, width: 20, cell: (row) => row.item.record.reviewer.name },
		{ header: 'HEAD', width: 7, cell: (row) => shortSha(row.item.record.head), style: () => 'muted' },
		{ header: 'Note', flex: 2, minWidth: 8, cell: (row) => row.item.record.note || '—' },
	];
}
