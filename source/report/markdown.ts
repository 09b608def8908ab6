import type { GateModel } from '../model/types.js';
import { sanitizeLine } from '../text/sanitize.js';

/** A markdown table cell: one line, pipes escaped, no terminal controls. */
export function cell(text: string): string {
	return sanitizeLine(text).replace(/\|/g, '\\|');
}

/** Inline code in a table cell (a backtick inside becomes a quote: markdown cannot escape it there). */
export function code(text: string): string {
	return `\`${cell(text).replace(/`/g, "'")}\``;
}

/** The columns of the seed summary's gate snapshot table, the table `report` writes and `report --check` reads. */
export const SNAPSHOT_COLUMNS = ['Gate', 'Area', 'Status', 'Closed Signals', 'Open Signals', 'Primary Evidence'] as const;
export type SnapshotColumn = (typeof SNAPSHOT_COLUMNS)[number];

/** Primary Evidence as cited paths: each in backticks, comma-separated. */
export function evidenceCell(paths: readonly string[]): string {
	return paths.map(code).join(', ');
}

/** One gate's cell in the snapshot table, as `report` writes it. */
export function snapshotCell(gate: GateModel, column: SnapshotColumn): string {
	switch (column) {
		case 'Gate':
			return String(gate.id);
		case 'Area':
			return cell(gate.name);
		case 'Status':
			return cell(gate.status);
		case 'Closed Signals':
			return String(gate.closed);
		case 'Open Signals':
			return String(gate.open);
		case 'Primary Evidence':
			return evidenceCell(gate.evidence.map((ref) => ref.written));
	}
}

/** `| a | b |`: a table row from its cells. */
export function tableRow(cells: readonly string[]): string {
	return `| ${cells.join(' | ')} |`;
}
