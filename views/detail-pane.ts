import { fit } from '../source/text/text-fit.js';
import { DETAIL_INDENT, DETAIL_LABEL_WIDTH, describeSubject, detailRows } from '../source/ui/state/detail.js';
import { keyFor } from '../source/ui/state/keymap.js';
import { paneBodyRows } from '../source/ui/state/layout.js';
import type { UiState } from '../source/ui/state/state.js';
import { type LineSpec, line, seg } from './line.js';
import { countsText } from './table.js';

/** The detail pane (`d`): every field of the highlighted row whole, wrapped, scrolled with j/k and PgUp/PgDn. */
export function detailPaneLines(state: UiState): LineSpec[] {
	if (state.pane?.kind !== 'detail') return [];
	const rows = detailRows(state);
	const height = paneBodyRows(state.viewport);
	const { offset } = state.pane;
	const shown = rows.slice(offset, offset + height);
	const counts = countsText({ start: offset, rows: shown, total: rows.length });
	const closing = keyFor(state, (action) => action.type === 'closePane');
	const lines: LineSpec[] = [
		line(
			seg('Detail ', 'heading'),
			seg(describeSubject(state.pane.subject), 'accent'),
			seg(counts ? `  ${counts}` : '', 'muted'),
			seg(closing ? `  ${closing} closes` : '', 'muted'),
		),
	];
	for (const row of shown) {
		if (row.kind === 'blank') lines.push(line());
		else if (row.kind === 'title') lines.push(line(seg(row.text, 'heading')));
		else lines.push(line(seg(' '.repeat(DETAIL_INDENT)), seg(fit(row.label, DETAIL_LABEL_WIDTH), 'muted'), seg(row.text, row.style)));
	}
	return lines;
}
