import path from 'node:path';
import { backtickedPaths } from '../ledger/parse-ledger.js';
import { auditOwnFiles } from '../model/audit-files.js';
import { findGate } from '../model/lookup.js';
import type { AuditModel, GateModel } from '../model/types.js';
import { isUnderFolder } from '../paths/inside.js';
import { describePathProblem, type RepoPaths } from '../paths/repo-paths.js';
import { evidenceCell, type SnapshotColumn, snapshotCell } from './markdown.js';
import { columnName, plainCell, rowGateId, type SnapshotTable, type TableLine } from './snapshot-table.js';

/** One way a summary's gate snapshot table disagrees with the tracker. */
export interface SummaryDifference {
	/** 1-based line in the summary. */
	line: number;
	gateId: number;
	/** The column that differs; null when the whole row is wrong, missing or extra. */
	column: SnapshotColumn | null;
	/** `gate 1 Status: the summary says NO-GO, the tracker PARTIAL` (untrusted text: sanitise before showing). */
	message: string;
}

/** A row of a tracker gate and the cells it needs replaced (by what `report` would write). */
export interface RowFix {
	row: TableLine;
	gate: GateModel;
	/** The row's cell count differs from the header's: only a whole new row can fix it. */
	malformed: boolean;
	cells: Map<SnapshotColumn, string>;
}

/** Everything `report --check` reports and `report --write` changes, worked out once. */
export interface SummaryPlan {
	differences: SummaryDifference[];
	/** Every row of a tracker gate, first occurrence, in the file's order. */
	rows: RowFix[];
	/** Rows for a gate the tracker does not have, or a second row for one gate. */
	extraRows: TableLine[];
	/** Tracker gates without a row. */
	missing: GateModel[];
}

const COMPARED: SnapshotColumn[] = ['Area', 'Status', 'Closed Signals', 'Open Signals'];

/**
 * Compares the table with the tracker: Gate, Area, Status, Closed and Open Signals must be the tracker's;
 * each Primary Evidence path must exist and be one of the gate's evidence paths or one of the audit's own
 * files (a summary may cite the ledger). Rows that name no gate (a total, a note) are left alone.
 */
export function planSummaryTable(table: SnapshotTable, model: AuditModel, paths: RepoPaths): SummaryPlan {
	const plan: SummaryPlan = { differences: [], rows: [], extraRows: [], missing: [] };
	const firstRowOf = new Map<number, TableLine>();
	const own = new Set(auditOwnFiles(model));
	for (const row of table.rows) {
		const gateId = rowGateId(table, row);
		if (gateId === null) continue;
		const line = row.index + 1;
		const gate = findGate(model, gateId);
		const first = firstRowOf.get(gateId);
		if (!gate || first) {
			plan.extraRows.push(row);
			const why = gate ? `a second row for this gate (the first is line ${(first?.index ?? 0) + 1})` : `the tracker has no gate ${gateId}`;
			plan.differences.push({ line, gateId, column: null, message: `gate ${gateId}: ${why}` });
			continue;
		}
		firstRowOf.set(gateId, row);
		const fix: RowFix = { row, gate, malformed: row.cells.length !== table.header.cells.length, cells: new Map() };
		plan.rows.push(fix);
		if (fix.malformed) {
			plan.differences.push({
				line,
				gateId,
				column: null,
				message: `gate ${gateId}: the row has ${row.cells.length} cells where the header has ${table.header.cells.length} (an unescaped |?)`,
			});
			continue;
		}
		for (const column of COMPARED) {
			const index = table.columns.get(column);
			const written = index === undefined ? undefined : row.cells[index]?.value;
			if (written === undefined) continue;
			const expected = snapshotCell(gate, column);
			if (plainCell(written) === plainCell(expected.replace(/\\\|/g, '|'))) continue;
			fix.cells.set(column, expected);
			plan.differences.push({
				line,
				gateId,
				column,
				message: `gate ${gateId} ${columnName(table, column)}: the summary says ${plainCell(written) || '(empty)'}, the tracker ${plainCell(expected)}`,
			});
		}
		checkEvidence(table, fix, paths, own, model.evidenceRoot, plan.differences);
	}
	const reported = new Set<number>();
	for (const gate of model.gates) {
		if (firstRowOf.has(gate.id) || reported.has(gate.id)) continue;
		reported.add(gate.id);
		plan.missing.push(gate);
		plan.differences.push({
			line: table.header.index + 1,
			gateId: gate.id,
			column: null,
			message: `gate ${gate.id}: no row (the tracker has gate ${gate.id} ${gate.name}, ${gate.status})`,
		});
	}
	plan.differences.sort((a, b) => a.line - b.line);
	return plan;
}

/** The paths a Primary Evidence cell cites: backticked ones, else the comma-separated text. */
function citedPaths(value: string): string[] {
	const backticked = backtickedPaths(value);
	if (backticked.length > 0 || value.includes('`')) return backticked;
	return value
		.split(',')
		.map((item) => item.trim())
		.filter((item) => item !== '');
}

function checkEvidence(table: SnapshotTable, fix: RowFix, paths: RepoPaths, own: Set<string>, evidenceRoot: string, differences: SummaryDifference[]): void {
	const index = table.columns.get('Primary Evidence');
	const written = index === undefined ? undefined : fix.row.cells[index]?.value;
	if (written === undefined) return;
	const { gate } = fix;
	const name = columnName(table, 'Primary Evidence');
	const line = fix.row.index + 1;
	const gatePaths = new Set(gate.evidence.flatMap((ref) => (ref.path === null ? [] : [ref.path])));
	const folder = evidenceFolder(gate, evidenceRoot);
	const cited = citedPaths(written);
	const passing: string[] = [];
	for (const item of cited) {
		const ref = paths.ref(item);
		const problem =
			ref.path === null
				? `${item} ${describePathProblem(ref.problem ?? 'empty')}`
				: !ref.exists
					? `${item} does not exist`
					: !gatePaths.has(ref.path) && !own.has(ref.path) && !(folder !== null && isUnderFolder(ref.path, folder))
						? `${item} is neither an evidence path of gate ${gate.id}${folder === null ? '' : ` nor under its evidence folder ${folder}`} nor one of the audit's own files`
						: null;
		if (problem === null) passing.push(item);
		else differences.push({ line, gateId: gate.id, column: 'Primary Evidence', message: `gate ${gate.id} ${name}: ${problem}` });
	}
	if (cited.length === 0 && gate.evidence.length > 0) {
		differences.push({
			line,
			gateId: gate.id,
			column: 'Primary Evidence',
			message: `gate ${gate.id} ${name}: no path cited; the tracker lists ${gate.evidence.length}`,
		});
	}
	if (passing.length === cited.length && cited.length > 0) return;
	// Keep what the author chose where it holds; else the tracker's evidence that exists; else the cell stays
	// as it is (nothing true to write: `report --write` then says what it could not fix).
	const existing = gate.evidence.flatMap((ref) => (ref.path !== null && ref.exists ? [ref.written] : []));
	const replacement = passing.length > 0 ? passing : existing;
	if (replacement.length > 0) fix.cells.set('Primary Evidence', evidenceCell(replacement));
}

/**
 * The folder that holds all of a gate's evidence (`…/gate-4/` when every path lies under it), when that is
 * below the evidence root: a summary may cite the folder's index (its README) for the gate as a whole.
 */
function evidenceFolder(gate: GateModel, evidenceRoot: string): string | null {
	const folders = gate.evidence.flatMap((ref) => (ref.path === null ? [] : [ref.isDirectory ? ref.path : path.posix.dirname(ref.path)]));
	const [first, ...rest] = folders;
	if (first === undefined) return null;
	let common = first.split('/');
	for (const folder of rest) {
		const parts = folder.split('/');
		let same = 0;
		while (same < common.length && common[same] === parts[same]) same += 1;
		common = common.slice(0, same);
	}
	const shared = common.join('/');
	const root = evidenceRoot.replace(/\/+$/, '');
	return shared !== '' && shared !== root && isUnderFolder(shared, root) ? shared : null;
}
