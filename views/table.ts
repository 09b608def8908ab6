import { fit } from '../source/text/text-fit.js';
import type { ListRow } from '../source/ui/state/lists.js';
import type { ListWindow } from '../source/ui/state/selection.js';
import type { StyleName } from '../source/ui/state/theme.js';
import { type LineSpec, type Segment, seg } from './line.js';
import { safe } from './safe.js';

/**
 * Tables as lines: a header and only the visible window of rows, every cell sanitized and cut to its
 * column. Nothing wraps: a long value ends in an ellipsis, so one row is always one terminal line.
 */

export interface Column<Row> {
	header: string;
	/** Fixed width in cells. */
	width?: number;
	/** Share of the space left after fixed columns; flexible columns never go below minWidth. */
	flex?: number;
	minWidth?: number;
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

export function columnWidths<Row>(columns: Column<Row>[], width: number): number[] {
	const available = Math.max(0, width - MARKER_WIDTH - GAP.length * (columns.length - 1));
	const fixed = columns.reduce((sum, column) => sum + (column.flex ? (column.minWidth ?? 1) : (column.width ?? 1)), 0);
	const totalFlex = columns.reduce((sum, column) => sum + (column.flex ?? 0), 0);
	const spare = Math.max(0, available - fixed);
	const widths = columns.map((column) => {
		if (!column.flex) return column.width ?? 1;
		return (column.minWidth ?? 1) + Math.floor((spare * column.flex) / Math.max(1, totalFlex));
	});
	// Rounding leaves a few cells: give them to the last flexible column so rows reach the edge.
	const leftover = available - widths.reduce((sum, value) => sum + value, 0);
	const lastFlex = columns.map((column) => Boolean(column.flex)).lastIndexOf(true);
	if (lastFlex !== -1 && leftover > 0) widths[lastFlex] = (widths[lastFlex] ?? 0) + leftover;
	return widths;
}

export function tableHeader<Row>(columns: Column<Row>[], width: number): LineSpec {
	const widths = columnWidths(columns, width);
	const cells = columns.map((column, index) => fit(column.header, widths[index] ?? 1, column.align));
	return { segments: [seg(' '.repeat(MARKER_WIDTH)), seg(cells.join(GAP), 'heading')] };
}

export interface TableRowsOptions {
	/** Whether this table holds the cursor (an unfocused table shows no selection). */
	focused: boolean;
	emptyText: string;
}

export function tableRows<Row extends ListRow>(columns: Column<Row>[], window: ListWindow<Row>, width: number, options: TableRowsOptions): LineSpec[] {
	if (window.total === 0) return [{ segments: [seg(`  ${options.emptyText}`, 'muted')] }];
	const widths = columnWidths(columns, width);
	return window.rows.map((row, offset) => {
		const selected = options.focused && window.start + offset === window.selected;
		const segments: Segment[] = [seg(selected ? '> ' : '  ', selected ? 'accent' : undefined)];
		columns.forEach((column, index) => {
			if (index > 0) segments.push(seg(GAP));
			const width = widths[index] ?? 1;
			const text = column.fitCell ? fit(column.fitCell(row, width), width, column.align) : fit(safe(column.cell(row)), width, column.align, column.keepEnd);
			segments.push(seg(text, column.style?.(row)));
		});
		return { segments, selected };
	});
}
