import type { UiState } from '../source/ui/state/state.js';
import type { LineSpec } from './line.js';
import { previewBodyLines, previewTitle } from './preview-lines.js';

/** The preview pane: the file over the whole body, paged with j/k, PgUp/PgDn, g/G. */
export function previewPaneLines(state: UiState, rows: number): LineSpec[] {
	const contentRows = Math.max(1, rows - 1);
	return [previewTitle(state, contentRows), ...previewBodyLines(state, contentRows)];
}
