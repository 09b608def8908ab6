import { wrapWords } from '../../format/wrap-text.js';
import { displayWidth } from '../../text/text-fit.js';
import { helpSections } from './keymap.js';
import type { UiState } from './state.js';

/**
 * The help overlay's lines: every key that acts on the screen under it, from the router's own tables,
 * each description whole (wrapped under itself, never cut), a key that cannot act right now with the
 * reason. Taller than the body, it scrolls (j/k, PgUp/PgDn) and says how much is above and below.
 */
export type HelpRow = { kind: 'heading'; text: string } | { kind: 'key'; keys: string; text: string; disabled: boolean } | { kind: 'blank' };

/** Cells before a description: the indent and the widest key label with a gap. */
export function helpKeyColumn(rows: HelpRow[]): number {
	return 2 + Math.max(10, ...rows.map((row) => (row.kind === 'key' ? displayWidth(row.keys) : 0))) + 1;
}

export function helpRows(state: UiState): HelpRow[] {
	const columns = state.viewport.columns;
	const sections = helpSections(state);
	const labels = sections.flatMap((section) => section.entries.map((entry) => ({ kind: 'key' as const, keys: entry.keys, text: '', disabled: false })));
	const textWidth = Math.max(10, columns - helpKeyColumn(labels));
	const rows: HelpRow[] = [];
	for (const [index, section] of sections.entries()) {
		if (index > 0) rows.push({ kind: 'blank' });
		rows.push({ kind: 'heading', text: section.title });
		for (const entry of section.entries) {
			const description = entry.disabled ? `${entry.description} (not now: ${entry.disabled})` : entry.description;
			const lines = wrapWords(description, textWidth);
			lines.forEach((text, line) => {
				rows.push({ kind: 'key', keys: line === 0 ? entry.keys : '', text, disabled: entry.disabled !== null });
			});
		}
	}
	return rows;
}
