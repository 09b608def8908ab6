import { previewTargetOf } from '../source/ui/state/selection.js';
import type { UiState } from '../source/ui/state/state.js';
import { type LineSpec, line, pathSeg, seg } from './line.js';

/** The preview's title line: what is shown and which lines. */
export function previewTitle(state: UiState, rows: number): LineSpec {
	const target = previewTargetOf(state);
	if (!target) return line(seg('Preview', 'heading'), seg('  nothing highlighted', 'muted'));
	const content = state.preview.content;
	let where = '  loading…';
	if (content?.kind === 'unavailable') where = '';
	else if (content) {
		const total = content.lines.length;
		const first = total === 0 ? 0 : state.preview.offset + 1;
		const last = Math.min(total, state.preview.offset + rows);
		const unit = content.kind === 'directory' ? 'entries' : 'lines';
		where = `  ${unit} ${first}-${last} of ${total}${content.truncated ? '+ (cut)' : ''}`;
	}
	return line(seg('Preview ', 'heading'), seg(`${where.trim()}  `, 'muted'), pathSeg(target.title, 'accent'));
}

/** File lines from the current offset; each goes through <Line>, so it is sanitized and cut, never wrapped. */
export function previewBodyLines(state: UiState, rows: number): LineSpec[] {
	if (!previewTargetOf(state)) return [];
	const content = state.preview.content;
	if (!content) return [];
	if (content.kind === 'unavailable') return [line(seg(`  ${content.reason}`, content.reason.startsWith('missing') ? 'bad' : 'warn'))];
	if (content.lines.length === 0) return [line(seg(content.kind === 'directory' ? '  (empty directory)' : '  (empty file)', 'muted'))];
	return content.lines.slice(state.preview.offset, state.preview.offset + rows).map((text) => line(seg(`  ${text}`)));
}
