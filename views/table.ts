import { displayWidth, fit } from '../source/text/text-fit.js';
import type { ListRow } from '../source/ui/state/lists.js';
import type { ListWindow } from '../source/ui/state/selection.js';
import type { StyleName } from '../source/ui/state/theme.js';
import { type LineSpec, type Segment, seg } from './line.js';
import { safe } from './safe.js';

/**
 * Tables as lines: a header and only the visible window of rows, every cell sanitized and cut to its
 * column. Nothing wraps: a long value ends in an ellipsis, so one row is always one terminal line; `d`
 * shows a row whole. Columns a user acts on (names, ids) are sized to their widest value and keep that
 * width before free text gives up any. A list that does not fit says how many rows are above and below.
 */

export interface Column<Row> {
	header: string;
	/** Fixed width in cells; for a `fitContent` column, the most it takes. */
	width?: number;
	/** Share of the space left after the other columns; flexible columns never go below minWidth. */
	flex?: number;
	minWidth?: number;
	/** Sized to the widest value of the list (up to `width`): ids and names, which must stay readable. */
	fitContent?: boolean;
	align?: 'left' | 'right';
	/** Cut long values at the front, keeping the end (paths). */
	keepEnd?: boolean;
	cell: (row: Row) => string;
	/** Lays the cell out for its width itself (already sanitized input is the caller's job: use safe()). */
	fitCell?: (row: Row, width: number) => string;
	style?: (row: Row) => StyleName | undefined;
}

const MARKER_WIDTH = 2;
const GAP = ' ';
/** A content-sized column gives up cells only when even the free text is at its minimum, down to this. */
const FIT_CONTENT_FLOOR = 6;

// Widest value per column, per list: lists are cached per model and filter, so each is measured once, and
// again only when what its values depend on beyond the list (`measuredFor`) changes.
const listWidths = new WeakMap<readonly unknown[], Map<string, { measuredFor: unknown; width: number }>>();

/** The widest of `text` over every row of `rows` (at least `least`), not only the rows on screen. */
export function widestInList<Row>(rows: readonly Row[], name: string, text: (row: Row) => string, least: number, measuredFor: unknown = null): number {
	let byName = listWidths.get(rows);
	if (!byName) {
		byName = new Map();
		listWidths.set(rows, byName);
	}
	const known = byName.get(name);
	if (known !== undefined && known.measuredFor === measuredFor) return known.width;
	let width = least;
	for (const row of rows) width = Math.max(width, displayWidth(text(row)));
	byName.set(name, { measuredFor, width });
	return width;
}

function contentWidth<Row>(column: Column<Row>, rows: readonly Row[]): number {
	const widest = widestInList(rows, column.header, (row) => safe(column.cell(row)), displayWidth(column.header));
	return Math.min(widest, column.width ?? Number.MAX_SAFE_INTEGER);
}

export function columnWidths<Row>(columns: Column<Row>[], width: number, rows: readonly Row[] = []): number[] {
	const available = Math.max(0, width - MARKER_WIDTH - GAP.length * (columns.length - 1));
	const widths = columns.map((column) => {
		if (column.flex) return column.minWidth ?? 1;
		return column.fitContent ? contentWidth(column, rows) : (column.width ?? 1);
	});
	let spare = available - widths.reduce((sum, value) => sum + value, 0);
	if (spare > 0) {
		const totalFlex = columns.reduce((sum, column) => sum + (column.flex ?? 0), 0);
		const share = spare;
		columns.forEach((column, index) => {
			if (!column.flex) return;
			const extra = Math.floor((share * column.flex) / Math.max(1, totalFlex));
			widths[index] = (widths[index] ?? 0) + extra;
			spare -= extra;
		});
		// Rounding leaves a few cells: give them to the last flexible column so rows reach the edge.
		const lastFlex = columns.map((column) => Boolean(column.flex)).lastIndexOf(true);
		if (lastFlex !== -1) widths[lastFlex] = (widths[lastFlex] ?? 0) + spare;
	}
	// Too narrow even with free text at its minimum: the widest content-sized columns give up cells last.
	while (spare < 0) {
		let widest = -1;
		columns.forEach((column, index) => {
			if (column.fitContent && (widths[index] ?? 0) > FIT_CONTENT_FLOOR && (widest === -1 || (widths[index] ?? 0) > (widths[widest] ?? 0))) widest = index;
		});
		if (widest === -1) break;
		widths[widest] = (widths[widest] ?? 0) - 1;
		spare += 1;
	}
	return widths;
}

export function tableHeader<Row>(columns: Column<Row>[], width: number, rows: readonly Row[] = []): LineSpec {
	const widths = columnWidths(columns, width, rows);
	const cells = columns.map((column, index) => fit(column.header, widths[index] ?? 1, column.align));
	return { segments: [seg(' '.repeat(MARKER_WIDTH)), seg(cells.join(GAP).trimEnd(), 'heading')] };
}

export interface TableRowsOptions<Row> {
	/** Whether this table holds the cursor (an unfocused table shows no selection). */
	focused: boolean;
	emptyText: string;
	/** The whole (filtered) list, for content-sized columns. */
	all: readonly Row[];
	/** Say below the rows how many are above and below the window (off where a section header says it). */
	counts?: boolean;
}

export function tableRows<Row extends ListRow>(columns: Column<Row>[], window: ListWindow<Row>, width: number, options: TableRowsOptions<Row>): LineSpec[] {
	if (window.total === 0) return [{ segments: [seg(`  ${options.emptyText}`, 'muted')] }];
	const widths = columnWidths(columns, width, options.all);
	const lines: LineSpec[] = window.rows.map((row, offset) => {
		const selected = options.focused && window.start + offset === window.selected;
		const segments: Segment[] = [seg(selected ? '> ' : '  ', selected ? 'accent' : undefined)];
		columns.forEach((column, index) => {
			if (index > 0) segments.push(seg(GAP));
			const cellWidth = widths[index] ?? 1;
			const text = column.fitCell
				? fit(column.fitCell(row, cellWidth), cellWidth, column.align)
				: fit(safe(column.cell(row)), cellWidth, column.align, column.keepEnd);
			segments.push(seg(text, column.style?.(row)));
		});
		// Trailing padding draws nothing; leaving it out keeps each frame smaller.
		const last = segments[segments.length - 1];
		if (last && !selected) last.text = last.text.trimEnd();
		return { segments, selected };
	});
	if (options.counts !== false && window.rows.length < window.total) lines.push(countsLine(window));
	return lines;
}

/** `↑ 3 above · ↓ 12 below`: how much of the list the window does not show. */
export function countsText(window: { start: number; rows: { length: number }; total: number }): string {
	const above = window.start;
	const below = Math.max(0, window.total - window.start - window.rows.length);
	return [above > 0 ? `↑ ${above} above` : '', below > 0 ? `↓ ${below} below` : ''].filter(Boolean).join(' · ');
}

function countsLine<Row extends ListRow>(window: ListWindow<Row>): LineSpec {
	return { segments: [seg(`  ${countsText(window)}  (${window.start + 1}-${window.start + window.rows.length} of ${window.total})`, 'muted')] };
}
