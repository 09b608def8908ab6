import { fit } from '../source/text/text-fit.js';
import { helpLayers } from '../source/ui/state/keymap.js';
import type { UiState } from '../source/ui/state/state.js';
import { type LineSpec, line, seg } from './line.js';

const KEY_WIDTH = 11;

/** The keys that work right now, from the router's own tables; two columns when one does not fit. */
export function helpLines(state: UiState, rows: number): LineSpec[] {
	const entries: Array<{ heading: string } | { keys: string; description: string }> = [];
	for (const layer of helpLayers(state)) {
		entries.push({ heading: `${layer.title} keys` });
		for (const binding of layer.bindings) entries.push({ keys: binding.keys, description: binding.description });
	}
	const title = line(seg('Help', 'heading'), seg('  ? or Esc closes', 'muted'));
	const available = Math.max(1, rows - 1);
	const columns = entries.length <= available ? 1 : 2;
	const columnWidth = Math.floor(state.viewport.columns / columns);
	const perColumn = Math.ceil(entries.length / columns);
	const lines: LineSpec[] = [title];
	for (let row = 0; row < Math.min(perColumn, available); row++) {
		const segments = [];
		for (let column = 0; column < columns; column++) {
			const entry = entries[column * perColumn + row];
			const text = !entry ? '' : 'heading' in entry ? entry.heading : `  ${fit(entry.keys, KEY_WIDTH)} ${entry.description}`;
			const cell = column < columns - 1 ? `${fit(text, columnWidth - 1)} ` : text;
			segments.push(seg(cell, entry && 'heading' in entry ? 'heading' : undefined));
		}
		lines.push({ segments });
	}
	return lines;
}
