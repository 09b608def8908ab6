import type { LedgerRow } from '../model/types.js';
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

/** Splits a markdown table row into cells; `\|` is a literal pipe. */
export function splitTableRow(line: string): string[] {
	let body = line.trim();
	if (body.startsWith('|')) body = body.slice(1);
	if (body.endsWith('|') && !body.endsWith('\\|')) body = body.slice(0, -1);
	const cells: string[] = [];
	let current = '';
	for (let index = 0; index < body.length; index += 1) {
		const character = body[index];
		if (character === '\\' && body[index + 1] === '|') {
			current += '|';
			index += 1;
		} else if (character === '|') {
			cells.push(current.trim());
			current = '';
		} else {
			current += character;
		}
	}
	cells.push(current.trim());
	return cells;
}

const SEPARATOR_ROW = /^\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/;

/** Backticked items without spaces are paths; prose around them is not. */
export function backtickedPaths(cell: string): string[] {
	const paths: string[] = [];
	for (const match of cell.matchAll(/`([^`]+)`/g)) {
		const item = (match[1] ?? '').trim();
		if (item !== '' && !/\s/.test(item)) paths.push(item);
	}
	return paths;
}

function assignColumns(header: string[]): Map<Field, number> {
	const columns = new Map<Field, number>();
	header.forEach((text, index) => {
		for (const [field, matcher] of FIELD_MATCHERS) {
			if (!columns.has(field) && matcher.test(text)) {
				columns.set(field, index);
				return;
			}
		}
	});
	return columns;
}

/** Reads the markdown table whose header has a `Signal ID` column. Text outside that table is ignored. */
export function parseLedger(text: string, paths: RepoPaths): Ledger {
	const lines = text.split(/\r?\n/);
	const rows: LedgerRow[] = [];
	const duplicateLines: Ledger['duplicateLines'] = [];
	const malformedLines: Ledger['malformedLines'] = [];
	const seen = new Set<string>();
	let header: string[] | null = null;
	let columns = new Map<Field, number>();
	for (let index = 0; index < lines.length; index += 1) {
		const line = lines[index] ?? '';
		if (!line.trim().startsWith('|')) {
			header = null;
			continue;
		}
		if (header === null) {
			const cells = splitTableRow(line);
			if (cells.some((cell) => /^signal\s*id$/i.test(cell))) {
				header = cells;
				columns = assignColumns(cells);
			}
			continue;
		}
		if (SEPARATOR_ROW.test(line)) continue;
		const cells = splitTableRow(line);
		if (cells.length !== header.length) {
			const column = columns.get('signalId');
			malformedLines.push({
				signalId: column === undefined ? null : (cells[column]?.replace(/`/g, '') ?? null),
				line: index + 1,
				cells: cells.length,
				expected: header.length,
			});
			continue;
		}
		const cell = (field: Field): string | null => {
			const column = columns.get(field);
			const value = column === undefined ? undefined : cells[column];
			return value === undefined || value === '' ? null : value;
		};
		const signalId = cell('signalId')?.replace(/`/g, '');
		if (!signalId) continue;
		if (seen.has(signalId)) {
			duplicateLines.push({ signalId, line: index + 1 });
			continue;
		}
		seen.add(signalId);
		const byHeader: Record<string, string> = {};
		header.forEach((name, column) => {
			byHeader[name] = cells[column] ?? '';
		});
		const evidenceText = cell('evidence');
		rows.push({
			signalId,
			line: index + 1,
			gate: cell('gate'),
			title: cell('title'),
			owner: cell('owner'),
			status: cell('status')?.replace(/`/g, '') ?? null,
			codePaths: backtickedPaths(cell('codePaths') ?? '').map((written) => paths.ref(written, { allowLineSuffix: true })),
			evidence: backtickedPaths(evidenceText ?? '').map((written) => paths.ref(written, { allowLineSuffix: true })),
			evidenceText,
			exitTest: cell('exitTest'),
			cells: byHeader,
		});
	}
	return { rows, duplicateLines, malformedLines };
}
