import type { GateModel } from '../model/types.js';
import { type SnapshotColumn, snapshotCell, tableRow } from './markdown.js';
import { lineText, type SnapshotTable } from './snapshot-table.js';
import type { SummaryPlan } from './summary-check.js';

/**
 * The document with its gate snapshot table brought in line with the tracker and every other byte kept:
 * a differing cell is replaced in place, a row for a gate the tracker lacks (or a second row) is dropped,
 * a missing gate gets a row after the row of the gate before it. Rows that were right stay byte for byte.
 */
export function rewriteSummaryTable(table: SnapshotTable, plan: SummaryPlan): string {
	const lines = [...table.lines];
	const ending = table.lines[table.header.index]?.endsWith('\r') ? '\r' : '';
	for (const fix of plan.rows) {
		if (fix.malformed) {
			lines[fix.row.index] = `${newRow(table, fix.gate)}${ending}`;
			continue;
		}
		if (fix.cells.size === 0) continue;
		const raw = lines[fix.row.index] ?? '';
		let text = lineText(raw);
		const replacements = [...fix.cells].map(([column, value]) => ({ span: fix.row.cells[table.columns.get(column) ?? -1], value }));
		// Right to left, so the offsets of the cells not yet replaced still hold.
		replacements.sort((a, b) => (b.span?.start ?? 0) - (a.span?.start ?? 0));
		for (const { span, value } of replacements) {
			if (span) text = `${text.slice(0, span.start)} ${value} ${text.slice(span.end)}`;
		}
		lines[fix.row.index] = raw.endsWith('\r') ? `${text}\r` : text;
	}
	const dropped = new Set(plan.extraRows.map((row) => row.index));
	const insertedAfter = new Map<number, string[]>();
	for (const gate of plan.missing) {
		const anchor = anchorFor(gate, table, plan);
		insertedAfter.set(anchor, [...(insertedAfter.get(anchor) ?? []), `${newRow(table, gate)}${ending}`]);
	}
	const out: string[] = [];
	lines.forEach((line, index) => {
		if (!dropped.has(index)) out.push(line);
		out.push(...(insertedAfter.get(index) ?? []));
	});
	return out.join('\n');
}

function newRow(table: SnapshotTable, gate: GateModel): string {
	const byIndex = new Map<number, SnapshotColumn>([...table.columns].map(([column, index]) => [index, column]));
	return tableRow(
		table.header.cells.map((_, index) => {
			const column = byIndex.get(index);
			return column ? snapshotCell(gate, column) : '';
		}),
	);
}

// After the row of the nearest tracker gate before this one that has a row; else before the first row.
function anchorFor(gate: GateModel, table: SnapshotTable, plan: SummaryPlan): number {
	let anchor = table.separatorIndex;
	for (const fix of plan.rows) {
		if (fix.gate.trackerIndex < gate.trackerIndex && fix.row.index > anchor) anchor = fix.row.index;
	}
	return anchor;
}
