import { splitTableRow } from './parse-ledger.js';

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
		if (line.charCodeAt(0) !== 124 && !line.trimStart().startsWith('|')) {
			statusColumn = null;
			continue;
		}
		// Under the header only the row that names the signal matters: thousands of others are not split.
		if (statusColumn !== null && !mayName(line, signalId)) continue;
		const cells = splitTableRow(line);
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
		const rewritten = replaceCell(lines[index] ?? '', statusColumn, status);
		if (rewritten === null) return null;
		lines[index] = rewritten;
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

// Walks the raw line so escaped pipes and spacing survive; only the trimmed content of one cell changes.
function replaceCell(line: string, column: number, value: string): string | null {
	const boundaries: number[] = [];
	for (let index = 0; index < line.length; index += 1) {
		if (line[index] === '\\' && line[index + 1] === '|') {
			index += 1;
			continue;
		}
		if (line[index] === '|') boundaries.push(index);
	}
	const leadingPipe = line.trimStart().startsWith('|');
	const start = leadingPipe ? boundaries[column] : column === 0 ? -1 : boundaries[column - 1];
	const end = leadingPipe ? boundaries[column + 1] : boundaries[column];
	if (start === undefined || end === undefined) return null;
	const raw = line.slice(start + 1, end);
	const leading = /^\s*/.exec(raw)?.[0] ?? '';
	const trailing = /\s*$/.exec(raw)?.[0] ?? '';
	const content = raw.trim();
	const replacement = content.startsWith('`') && content.endsWith('`') ? `\`${value}\`` : value;
	return `${line.slice(0, start + 1)}${leading}${replacement}${trailing}${line.slice(end)}`;
}
