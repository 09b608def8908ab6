import { type CellSpan, isTableRow, tableRowCells } from '../format/markdown-table-row.js';

/**
 * Rewrites one signal's Status cell in the ledger's table and nothing else: the cell's surrounding spaces,
 * every other cell and every other line keep their bytes. Returns null when the ledger has no row for it.
 */
export function setLedgerStatus(text: string, signalId: string, status: string): string | null {
	const lines = text.split('\n');
	let statusColumn: number | null = null;
	let idColumn: number | null = null;
	let headerCells = 0;
	for (let index = 0; index < lines.length; index += 1) {
		const raw = lines[index] as string;
		const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
		if (!isTableRow(line)) {
			statusColumn = null;
			continue;
		}
		// Under the header only the row that names the signal matters: thousands of others are not split.
		if (statusColumn !== null && !mayName(line, signalId)) continue;
		const spans = tableRowCells(line);
		const cells = spans.map((cell) => cell.value);
		if (statusColumn === null) {
			const id = cells.findIndex((cell) => /^signal\s*id$/i.test(cell));
			const statusIndex = cells.findIndex((cell) => /status/i.test(cell));
			if (id !== -1 && statusIndex !== -1) {
				idColumn = id;
				statusColumn = statusIndex;
				headerCells = cells.length;
			}
			continue;
		}
		if (idColumn === null || cells[idColumn]?.replace(/`/g, '') !== signalId) continue;
		// A row with a stray `|` has its cells shifted: writing "the status cell" would hit another one.
		if (cells.length !== headerCells) return null;
		const cell = spans[statusColumn];
		if (cell === undefined) return null;
		lines[index] = replaceCell(lines[index] ?? '', cell, status);
		return lines.join('\n');
	}
	return null;
}

// Whether a row's cells could hold the id: a cell is its text without backticks, with `\|` read as `|`.
function mayName(line: string, signalId: string): boolean {
	if (line.includes(signalId)) return true;
	if (!line.includes('`') && !line.includes('\\|')) return false;
	// Escapes first, as the row is read: then each cell's text is a piece of what is left.
	return line.replaceAll('\\|', '|').replaceAll('`', '').includes(signalId);
}

// Only the trimmed content of the one cell changes: its spacing, escaped pipes elsewhere and every other byte stay.
function replaceCell(line: string, cell: CellSpan, value: string): string {
	const raw = line.slice(cell.start, cell.end);
	const leading = /^\s*/.exec(raw)?.[0] ?? '';
	const trailing = /\s*$/.exec(raw)?.[0] ?? '';
	const content = raw.trim();
	const replacement = content.startsWith('`') && content.endsWith('`') ? `\`${value}\`` : value;
	return `${line.slice(0, cell.start)}${leading}${replacement}${trailing}${line.slice(cell.end)}`;
}
