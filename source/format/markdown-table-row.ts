/**
 * One reading of a markdown table row for every table the audits hold (the signal ledger, the summary's
 * gate snapshot): cells lie between pipes, a pipe right after a backslash is part of the text (`\|`, as
 * GitHub reads it), and the outer pipes are optional. Each cell keeps where it sits in the line, so a
 * writer can replace one cell's text and leave every other byte as it was.
 */

export interface CellSpan {
	/** Offsets in the line, excluding the pipes around the cell and the line's `\r`. */
	start: number;
	end: number;
	/** The cell's text: `\|` read as `|`, trimmed. */
	value: string;
}

const PIPE = 124;
const BACKSLASH = 92;

/** Whether a line belongs to a table: its first non-blank character is a pipe. */
export function isTableRow(line: string): boolean {
	// Most table lines start with the pipe itself; only indented ones need a trim.
	return line.charCodeAt(0) === PIPE || line.trimStart().startsWith('|');
}

/** The cells of a table row, in order; none for a blank line. */
export function tableRowCells(rawLine: string): CellSpan[] {
	const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
	const first = line.length - line.trimStart().length;
	const end = line.trimEnd().length;
	if (first >= end) return [];
	// Ledgers run to thousands of rows: indexOf finds the pipes without visiting every character.
	const bounds: number[] = [];
	for (let at = line.indexOf('|', first); at !== -1 && at < end; at = line.indexOf('|', at + 1)) {
		if (line.charCodeAt(at - 1) !== BACKSLASH) bounds.push(at);
	}
	if (bounds[0] !== first) bounds.unshift(first - 1);
	if (bounds[bounds.length - 1] !== end - 1) bounds.push(end);
	const cells: CellSpan[] = [];
	for (let index = 0; index + 1 < bounds.length; index += 1) {
		const start = (bounds[index] as number) + 1;
		const stop = bounds[index + 1] as number;
		const raw = line.slice(start, stop);
		cells.push({ start, end: stop, value: (raw.includes('\\|') ? raw.replaceAll('\\|', '|') : raw).trim() });
	}
	return cells;
}

/** The cells' text only. */
export function tableRowValues(line: string): string[] {
	return tableRowCells(line).map((cell) => cell.value);
}
