import { type CellSpan, isTableRow, tableRowCells } from '../format/markdown-table-row.js';
import { SNAPSHOT_COLUMNS, type SnapshotColumn } from './markdown.js';

/**
 * The gate snapshot table of a hand-written summary (`| Gate | Area | Status | Closed Signals | Open
 * Signals | Primary Evidence |`), located in the document with the byte position of every cell, so a
 * rewrite can replace one cell and leave every other byte as it was.
 */

export interface TableLine {
	/** 0-based index in the document's lines. */
	index: number;
	cells: CellSpan[];
}

export interface SnapshotTable {
	/** The document split on `\n`; a line keeps its `\r` when the document has CRLF line ends. */
	lines: string[];
	header: TableLine;
	/** Header text of each column, as written. */
	headerNames: string[];
	/** Where each known column sits among the header's cells. */
	columns: Map<SnapshotColumn, number>;
	separatorIndex: number;
	rows: TableLine[];
}

const HEADER_WORDS: Record<string, SnapshotColumn> = {
	gate: 'Gate',
	area: 'Area',
	status: 'Status',
	'closed signals': 'Closed Signals',
	closed: 'Closed Signals',
	'open signals': 'Open Signals',
	open: 'Open Signals',
	'primary evidence': 'Primary Evidence',
	evidence: 'Primary Evidence',
};

const SEPARATOR_CELL = /^:?-+:?$/;

/** Markdown emphasis and code marks around a cell's content: `**GO**`, `` `GO` ``. */
export function plainCell(value: string): string {
	return value
		.replace(/^[*_`\s]+|[*_`\s]+$/g, '')
		.replace(/\s+/g, ' ')
		.trim();
}

export function lineText(line: string): string {
	return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** The cells of a table line; null for a line that is not one (its first non-blank character is not `|`). */
function cellSpans(line: string): CellSpan[] | null {
	return isTableRow(line) ? tableRowCells(line) : null;
}

function headerColumns(cells: CellSpan[]): Map<SnapshotColumn, number> | null {
	const columns = new Map<SnapshotColumn, number>();
	cells.forEach((cell, index) => {
		const column = HEADER_WORDS[plainCell(cell.value).toLowerCase()];
		if (column && !columns.has(column)) columns.set(column, index);
	});
	const identifies = columns.has('Gate') && columns.has('Status') && (columns.has('Closed Signals') || columns.has('Open Signals'));
	return identifies ? columns : null;
}

/** The first table whose header names Gate, Status and Closed or Open Signals; null when the document has none. */
export function findSnapshotTable(text: string): SnapshotTable | null {
	const lines = text.split('\n');
	for (let index = 0; index + 1 < lines.length; index += 1) {
		const cells = cellSpans(lines[index] ?? '');
		if (!cells) continue;
		const columns = headerColumns(cells);
		const separator = cellSpans(lines[index + 1] ?? '');
		if (!columns || !separator?.every((cell) => SEPARATOR_CELL.test(cell.value.replace(/\s/g, '')))) continue;
		const rows: TableLine[] = [];
		for (let row = index + 2; row < lines.length; row += 1) {
			const rowCells = cellSpans(lines[row] ?? '');
			if (!rowCells) break;
			rows.push({ index: row, cells: rowCells });
		}
		return {
			lines,
			header: { index, cells },
			headerNames: cells.map((cell) => cell.value),
			columns,
			separatorIndex: index + 1,
			rows,
		};
	}
	return null;
}

/** The gate number a row's Gate cell names (`3`, `Gate 3`, `**3**`); null for other rows (totals, notes). */
export function rowGateId(table: SnapshotTable, row: TableLine): number | null {
	const column = table.columns.get('Gate');
	const value = column === undefined ? undefined : row.cells[column]?.value;
	const match = value === undefined ? null : /^(?:gate\s*)?(\d+)$/i.exec(plainCell(value));
	return match ? Number(match[1]) : null;
}

/** The header's name for a known column (the file's own spelling), for messages. */
export function columnName(table: SnapshotTable, column: SnapshotColumn): string {
	const index = table.columns.get(column);
	return (index === undefined ? undefined : table.headerNames[index]) ?? column;
}

export const SNAPSHOT_COLUMN_LIST = SNAPSHOT_COLUMNS.join(', ');
