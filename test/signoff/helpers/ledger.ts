/** Reads the ledger's signal table the simple way (the fixtures' rows have no escaped pipes). */

export interface LedgerTable {
	statusColumn: number;
	/** Signal id -> 0-based line index of its row. */
	rows: Map<string, number>;
}

export function cellsOf(line: string): string[] {
	return line.split('|').slice(1, -1);
}

export function ledgerTable(text: string): LedgerTable {
	const lines = text.split('\n');
	const header = lines.findIndex((line) => line.startsWith('|') && /\|\s*Signal ID\s*\|/i.test(line));
	if (header === -1) throw new Error('no signal table in the ledger');
	const headerCells = cellsOf(lines[header]!).map((cell) => cell.trim());
	const statusColumn = headerCells.indexOf('Status');
	const idColumn = headerCells.indexOf('Signal ID');
	const rows = new Map<string, number>();
	for (let index = header + 2; index < lines.length && lines[index]!.startsWith('|'); index += 1) {
		rows.set(cellsOf(lines[index]!)[idColumn]!.trim().replace(/`/g, ''), index);
	}
	return { statusColumn, rows };
}

export function ledgerStatus(text: string, id: string): string {
	const table = ledgerTable(text);
	const row = table.rows.get(id);
	if (row === undefined) throw new Error(`${id} has no ledger row`);
	return cellsOf(text.split('\n')[row]!)[table.statusColumn]!.trim().replace(/`/g, '');
}

/**
 * Compares two ledgers: every line must be byte-identical except the rows of `changed`, and in those rows
 * every cell except Status must be byte-identical, the Status cell keeping its padding. Returns problems.
 */
export function ledgerDifferences(before: string, after: string, changed: Map<string, string>): string[] {
	const problems: string[] = [];
	const a = before.split('\n');
	const b = after.split('\n');
	if (a.length !== b.length) return [`line count ${a.length} -> ${b.length}`];
	const table = ledgerTable(before);
	const rowOf = new Map([...table.rows].map(([id, line]) => [line, id]));
	for (let index = 0; index < a.length; index += 1) {
		const id = rowOf.get(index);
		const expectedStatus = id === undefined ? undefined : changed.get(id);
		if (expectedStatus === undefined) {
			if (a[index] !== b[index]) problems.push(`line ${index + 1} changed: ${JSON.stringify(a[index])} -> ${JSON.stringify(b[index])}`);
			continue;
		}
		const oldCells = cellsOf(a[index]!);
		const newCells = cellsOf(b[index]!);
		if (oldCells.length !== newCells.length) {
			problems.push(`line ${index + 1} (${id}): cell count ${oldCells.length} -> ${newCells.length}`);
			continue;
		}
		oldCells.forEach((cell, column) => {
			const next = newCells[column]!;
			if (column !== table.statusColumn) {
				if (cell !== next) problems.push(`line ${index + 1} (${id}): cell ${column} changed ${JSON.stringify(cell)} -> ${JSON.stringify(next)}`);
				return;
			}
			const expected = cell.replace(cell.trim(), expectedStatus);
			if (next !== expected) problems.push(`line ${index + 1} (${id}): status cell ${JSON.stringify(next)}, expected ${JSON.stringify(expected)}`);
		});
		const [oldFirst, oldLast] = [a[index]!.split('|')[0], a[index]!.split('|').at(-1)];
		const [newFirst, newLast] = [b[index]!.split('|')[0], b[index]!.split('|').at(-1)];
		if (oldFirst !== newFirst || oldLast !== newLast) problems.push(`line ${index + 1} (${id}): text outside the row's pipes changed`);
	}
	return problems;
}
