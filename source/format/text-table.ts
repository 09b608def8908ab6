import { sanitizeLine } from '../text/sanitize.js';
import { displayWidth, fit, truncateStart } from '../text/text-fit.js';
import { breakLongWord, wrapWords } from './wrap-text.js';

export type Alignment = 'left' | 'right';

/** How a cell wider than its column gives way: cut at the end (…), cut at the start (paths), or wrap onto more lines. */
export type Overflow = 'cut' | 'cut-start' | 'wrap';

export interface TableOptions {
	align?: Alignment[];
	/** Total width to fit; the widest column gives way first. Unlimited when absent. */
	maxWidth?: number;
	/** Per column; `cut` when absent. */
	overflow?: Overflow[];
	/**
	 * Columns that give way first, in this order, each down to its `minWidths` entry (free text before the
	 * columns a reader scans); after them the widest column gives way.
	 */
	shrinkFirst?: number[];
	minWidths?: number[];
}

const GAP = '  ';
const MIN_COLUMN = 6;

/** A laid-out table: each row as its physical lines, so a caller can put lines of its own between rows. */
export interface TableLines {
	header: string[];
	rule: string;
	rows: string[][];
}

/**
 * A plain-text table; every cell is sanitised whole (a newline in it becomes a space, so a cell can never
 * forge a row of its own). A column that wraps gives its row as many lines as it needs, the others blank below.
 */
export function renderTable(headers: string[], rows: string[][], options: TableOptions = {}): string {
	const table = layoutTable(headers, rows, options);
	return [...table.header, table.rule, ...table.rows.flat()].join('\n');
}

export function layoutTable(headers: string[], rows: string[][], options: TableOptions = {}): TableLines {
	const cells = [headers, ...rows].map((row) => row.map((cell) => sanitizeLine(cell)));
	const widths = headers.map((_, column) => Math.max(...cells.map((row) => displayWidth(row[column] ?? ''))));
	if (options.maxWidth !== undefined) shrinkToFit(widths, options.maxWidth, options.shrinkFirst ?? [], options.minWidths ?? []);
	const [header = [], ...body] = cells.map((row) => {
		const columns = row.map((cell, column) => layoutCell(cell, widths[column] ?? 0, options.overflow?.[column] ?? 'cut'));
		const height = Math.max(1, ...columns.map((cell) => cell.length));
		const physical: string[] = [];
		for (let line = 0; line < height; line += 1) {
			const text = columns.map((cell, column) => fit(cell[line] ?? '', widths[column] ?? 0, options.align?.[column] ?? 'left')).join(GAP);
			physical.push(text.trimEnd());
		}
		return physical;
	});
	return { header, rule: widths.map((width) => '-'.repeat(width)).join(GAP), rows: body };
}

function layoutCell(text: string, width: number, overflow: Overflow): string[] {
	if (overflow === 'wrap') return displayWidth(text) <= width ? [text] : wrapCellLine(text, width);
	if (overflow === 'cut-start') return [truncateStart(text, width)];
	return [text];
}

// Words first; a path longer than the column continues on the next line after a `/`.
function wrapCellLine(line: string, width: number): string[] {
	return line.includes(' ') ? wrapWords(line, width) : breakLongWord(line, width);
}

function shrinkToFit(widths: number[], maxWidth: number, shrinkFirst: number[], minWidths: number[]): void {
	const total = (): number => widths.reduce((sum, width) => sum + width, 0) + GAP.length * (widths.length - 1);
	for (const column of shrinkFirst) {
		const floor = Math.max(MIN_COLUMN, minWidths[column] ?? MIN_COLUMN);
		const width = widths[column] ?? 0;
		if (width > floor) widths[column] = Math.max(floor, width - Math.max(0, total() - maxWidth));
	}
	while (total() > maxWidth) {
		const widest = widths.indexOf(Math.max(...widths));
		if ((widths[widest] ?? 0) <= MIN_COLUMN) return;
		widths[widest] = (widths[widest] ?? 0) - 1;
	}
}
