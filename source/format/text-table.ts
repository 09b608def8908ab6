import { sanitizeLine } from '../text/sanitize.js';
import { displayWidth, fit } from '../text/text-fit.js';

export type Alignment = 'left' | 'right';

export interface TableOptions {
	align?: Alignment[];
	/** Total width to fit; the widest column is shortened with an ellipsis. Unlimited when absent. */
	maxWidth?: number;
}

const GAP = '  ';

/** A plain-text table; every cell is sanitised, so untrusted text cannot reach the terminal raw. */
export function renderTable(headers: string[], rows: string[][], options: TableOptions = {}): string {
	const cells = [headers, ...rows].map((row) => row.map((cell) => sanitizeLine(cell)));
	const widths = headers.map((_, column) => Math.max(...cells.map((row) => displayWidth(row[column] ?? ''))));
	if (options.maxWidth !== undefined) shrinkToFit(widths, options.maxWidth);
	const lines = cells.map((row) =>
		row
			.map((cell, column) => {
				const width = widths[column] ?? 0;
				const alignment = options.align?.[column] ?? 'left';
				const text = fit(cell, width, alignment);
				return column === row.length - 1 && alignment === 'left' ? text.trimEnd() : text;
			})
			.join(GAP),
	);
	const rule = widths.map((width) => '-'.repeat(width)).join(GAP);
	return [lines[0], rule, ...lines.slice(1)].join('\n');
}

function shrinkToFit(widths: number[], maxWidth: number): void {
	const total = (): number => widths.reduce((sum, width) => sum + width, 0) + GAP.length * (widths.length - 1);
	while (total() > maxWidth) {
		const widest = widths.indexOf(Math.max(...widths));
		if ((widths[widest] ?? 0) <= 6) return;
		widths[widest] = (widths[widest] ?? 0) - 1;
	}
}
