import { fit } from '../source/text/text-fit.js';
import { helpKeyColumn, helpRows } from '../source/ui/state/help.js';
import { keyFor, keysFor } from '../source/ui/state/keymap.js';
import { paneBodyRows } from '../source/ui/state/layout.js';
import type { UiState } from '../source/ui/state/state.js';
import { type LineSpec, line, seg } from './line.js';
import { countsText } from './table.js';

/** The keys that act on the screen under the overlay, from the router's own tables; descriptions whole, scrolled. */
export function helpLines(state: UiState): LineSpec[] {
	const rows = helpRows(state);
	const height = paneBodyRows(state.viewport);
	const offset = state.dialog?.kind === 'help' ? state.dialog.offset : 0;
	const shown = rows.slice(offset, offset + height);
	const counts = countsText({ start: offset, rows: shown, total: rows.length });
	const keyColumn = helpKeyColumn(rows);
	const closing = keysFor(state, (action) => action.type === 'toggleHelp').slice(0, 2);
	const down = keyFor(state, (action) => action.type === 'scrollView' && action.move.by === 'line' && action.move.delta > 0);
	const up = keyFor(state, (action) => action.type === 'scrollView' && action.move.by === 'line' && action.move.delta < 0);
	const lines: LineSpec[] = [
		line(
			seg('Help', 'heading'),
			seg(closing.length > 0 ? `  ${closing.join(' or ')} closes` : '', 'muted'),
			seg(counts ? `  ${counts}${down && up ? ` (${down}/${up} scroll)` : ''}` : '', 'accent'),
		),
	];
	for (const row of shown) {
		if (row.kind === 'blank') lines.push(line());
		else if (row.kind === 'heading') lines.push(line(seg(row.text, 'heading')));
		else lines.push(line(seg(fit(row.keys === '' ? '' : `  ${row.keys}`, keyColumn)), seg(row.text, row.disabled ? 'muted' : undefined)));
	}
	return lines;
}
