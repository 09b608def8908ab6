import { isTableRow, tableRowValues } from '../format/markdown-table-row.js';
import type { LedgerRow, PathRef } from '../model/types.js';
import type { RepoPaths } from '../paths/repo-paths.js';

export interface Ledger {
	rows: LedgerRow[];
	/** Rows with a Signal ID seen before, by 1-based line. */
	duplicateLines: Array<{ signalId: string; line: number }>;
	/** Rows whose cell count differs from the header's (an unescaped `|`): their cells cannot be trusted. */
	malformedLines: Array<{ signalId: string | null; line: number; cells: number; expected: number }>;
}

type Field = 'signalId' | 'gate' | 'title' | 'owner' | 'status' | 'codePaths' | 'evidence' | 'exitTest';

// Columns are matched by header text, so a ledger whose columns are reordered or renamed slightly still reads.
const FIELD_MATCHERS: Array<[Field, RegExp]> = [
	['signalId', /^signal\s*id$/i],
	['gate', /^gate$/i],
	['title', /^(signal|title|signal title|name)$/i],
	['owner', /owner/i],
	['status', /status/i],
	['evidence', /evidence/i],
	['codePaths', /code|infra|path/i],
	['exitTest', /exit|closure/i],
];

const SEPARATOR_ROW = /^\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/;

/** Backticked items without spaces are paths; prose around them is not. */
export function backtickedPaths(cell: string): string[] {
	const paths: string[] = [];
	let open = cell.indexOf('`');
	while (open !== -1) {
		const close = cell.indexOf('`', open + 1);
		if (close === -1) break;
		// An empty pair (``) is no item: its second backtick may open the next one.
		if (close === open + 1) {
			open = close;
			continue;
		}
		const item = cell.slice(open + 1, close).trim();
		if (item !== '' && !/\s/.test(item)) paths.push(item);
		open = cell.indexOf('`', close + 1);
	}
	return paths;
}

/** The column of each field, -1 when the header has none. */
type Columns = Record<Field, number>;

function assignColumns(header: string[]): Columns {
	const columns: Columns = { signalId: -1, gate: -1, title: -1, owner: -1, status: -1, codePaths: -1, evidence: -1, exitTest: -1 };
	header.forEach((text, index) => {
		for (const [field, matcher] of FIELD_MATCHERS) {
			if (columns[field] === -1 && matcher.test(text)) {
				columns[field] = index;
				return;
			}
		}
	});
	return columns;
}

const LINE_SUFFIX = { allowLineSuffix: true } as const;
const NO_PATHS: readonly PathRef[] = Object.freeze([]);

// A cell, null when the column is absent or the cell empty.
function cellAt(cells: string[], column: number): string | null {
	const value = column === -1 ? undefined : cells[column];
	return value === undefined || value === '' ? null : value;
}

function withoutBackticks(cell: string | null): string | null {
	return cell?.includes('`') ? cell.replace(/`/g, '') : cell;
}

/**
 * Reads the markdown table whose header has a `Signal ID` column. Text outside that table is ignored.
 * Ledgers name the same files in many rows (one evidence cell for a whole gate): a cell's paths are
 * validated once per distinct cell text and the rows share the frozen answer.
 */
export function parseLedger(text: string, paths: RepoPaths): Ledger {
	// Split on \n alone: a \r before it is trimmed with the row's last cell (or makes no table line).
	const lines = text.split('\n');
	const rows: LedgerRow[] = [];
	const duplicateLines: Ledger['duplicateLines'] = [];
	const malformedLines: Ledger['malformedLines'] = [];
	const seen = new Set<string>();
	const refsByCell = new Map<string, readonly PathRef[]>();
	const refs = (cell: string | null): PathRef[] => {
		if (cell === null) return NO_PATHS as PathRef[];
		let found = refsByCell.get(cell);
		if (found === undefined) {
			found = Object.freeze(backtickedPaths(cell).map((written) => paths.ref(written, LINE_SUFFIX)));
			refsByCell.set(cell, found);
		}
		return found as PathRef[];
	};
	let header: string[] | null = null;
	let columns = assignColumns([]);
	for (let index = 0; index < lines.length; index += 1) {
		const line = lines[index] as string;
		if (!isTableRow(line)) {
			header = null;
			continue;
		}
		if (header === null) {
			const cells = tableRowValues(line);
			if (cells.some((cell) => /^signal\s*id$/i.test(cell))) {
				header = cells;
				columns = assignColumns(cells);
			}
			continue;
		}
		if (SEPARATOR_ROW.test(line)) continue;
		const cells = tableRowValues(line);
		if (cells.length !== header.length) {
			malformedLines.push({
				signalId: columns.signalId === -1 ? null : (cells[columns.signalId]?.replace(/`/g, '') ?? null),
				line: index + 1,
				cells: cells.length,
				expected: header.length,
			});
			continue;
		}
		const signalId = withoutBackticks(cellAt(cells, columns.signalId));
		if (!signalId) continue;
		if (seen.has(signalId)) {
			duplicateLines.push({ signalId, line: index + 1 });
			continue;
		}
		seen.add(signalId);
		const byHeader: Record<string, string> = {};
		for (let column = 0; column < header.length; column += 1) byHeader[header[column] as string] = cells[column] as string;
		const evidenceText = cellAt(cells, columns.evidence);
		rows.push({
			signalId,
			line: index + 1,
			gate: cellAt(cells, columns.gate),
			title: cellAt(cells, columns.title),
			owner: cellAt(cells, columns.owner),
			status: withoutBackticks(cellAt(cells, columns.status)),
			codePaths: refs(cellAt(cells, columns.codePaths)),
			evidence: refs(evidenceText),
			evidenceText,
			exitTest: cellAt(cells, columns.exitTest),
			cells: byHeader,
		});
	}
	return { rows, duplicateLines, malformedLines };
}
