import { Box } from 'ink';
import { formatDuration } from '../source/rerun/describe-outcome.js';
import { displayWidth, truncate } from '../source/text/text-fit.js';
import { jumpMatches } from '../source/ui/state/jump.js';
import { hints, keyFor } from '../source/ui/state/keymap.js';
import { bodyRows, frameFits, layoutOf, MIN_COLUMNS, MIN_ROWS } from '../source/ui/state/layout.js';
import { listKey } from '../source/ui/state/lists.js';
import { activeListRef, filterOf } from '../source/ui/state/selection.js';
import { breadcrumb, currentScreen, type UiState } from '../source/ui/state/state.js';
import { detailPaneLines } from './detail-pane.js';
import { helpLines } from './help-overlay.js';
import { BLANK, Line, type LineSpec, Lines, line, type Segment, seg } from './line.js';
import { previewPaneLines } from './preview-pane.js';
import { runPaneLines } from './run-pane.js';
import { safe } from './safe.js';
import { findingsLines } from './screens/findings.js';
import { gateLines } from './screens/gate.js';
import { historyLines } from './screens/history.js';
import { matrixLines } from './screens/matrix.js';
import { overviewLines } from './screens/overview.js';
import { signalLines } from './screens/signal.js';
import { signoffDialogLines } from './signoff-dialog.js';

/**
 * The whole frame: breadcrumb, body, status line, key hints. It is always exactly `rows - 1` lines of
 * at most `columns` cells, whatever the body holds (see layout.ts for why).
 */
export function Frame({ state }: { state: UiState }) {
	const { columns, rows } = state.viewport;
	if (!frameFits(state.viewport)) {
		return <Line spec={line(seg(`${columns}x${rows}: need ${MIN_COLUMNS}x${MIN_ROWS} (Q quits)`, 'warn'))} width={columns} />;
	}
	const height = bodyRows(state.viewport);
	const body = bodyLines(state, height).slice(0, height);
	while (body.length < height) body.push(BLANK);
	return (
		// No fixed width: between a resize and our re-layout Ink draws the old frame once more, and only
		// its terminal-wide container makes each line truncate (not wrap) at the new, narrower width.
		<Box flexDirection="column">
			<Line spec={topLine(state)} width={columns} />
			<Lines lines={body} width={columns} maxRows={height} />
			<Line spec={statusLine(state)} width={columns} />
			<Line spec={hintLine(state)} width={columns} />
		</Box>
	);
}

export function bodyLines(state: UiState, height: number): LineSpec[] {
	if (state.dialog?.kind === 'help') return helpLines(state);
	if (state.dialog?.kind === 'signoff') return signoffDialogLines(state, state.dialog);
	if (state.pane?.kind === 'preview') return previewPaneLines(state, height);
	if (state.pane?.kind === 'run') return runPaneLines(state, state.pane.run, height);
	if (state.pane?.kind === 'detail') return detailPaneLines(state);
	const layout = layoutOf(state);
	const screen = currentScreen(state);
	if (layout.kind === 'overview') return overviewLines(state, layout);
	if (layout.kind === 'gate' && screen.kind === 'gate') return gateLines(state, layout, screen.gateId);
	if (layout.kind === 'signal' && screen.kind === 'signal') return signalLines(state, layout, screen.signalId);
	if (layout.kind === 'findings') return findingsLines(state, layout);
	if (layout.kind === 'matrix') return matrixLines(state, layout);
	if (layout.kind === 'history') return historyLines(state, layout);
	return [];
}

function topLine(state: UiState): LineSpec {
	const segments: Segment[] = [];
	breadcrumb(state).forEach((part, index) => {
		if (index > 0) segments.push(seg(' > ', 'muted'));
		segments.push(seg(part, index === state.stack.length - 1 ? 'heading' : 'accent'));
	});
	const filter = filterOf(state, activeListRef(state));
	if (filter && state.dialog?.kind !== 'filter') segments.push(seg(`  [filter: ${filter}]`, 'accent'));
	if (state.reloadError) segments.push(seg('  [reload failed: showing last good model]', 'error'));
	// A run going on behind another screen stays in sight, with the keys that reach it from here.
	const active = state.activeRun === null ? undefined : state.runs[state.activeRun];
	if (active && !(state.pane?.kind === 'run' && state.pane.run === active.name)) {
		const progress = state.batch && state.batch.total > 1 ? ` ${state.batch.started}/${state.batch.total}` : '';
		const log = keyFor(state, (action) => action.type === 'openRunPane');
		const cancel = keyFor(state, (action) => action.type === 'cancelRun');
		const keys = [log && `${log} log`, cancel && `${cancel} cancel`].filter(Boolean).join(', ');
		const elapsed = formatDuration(Math.max(0, state.clock - active.startedAt));
		segments.push(seg(`  [running ${active.name}${progress} ${elapsed}${keys ? `: ${keys}` : ''}]`, 'accent'));
	}
	return { segments };
}

function statusLine(state: UiState): LineSpec {
	const style = state.status.tone === 'error' ? 'error' : state.status.tone === 'change' ? 'change' : undefined;
	const detail = state.status.detail;
	if (!detail) return line(seg(state.status.text, style));
	// Both when they fit; else the message (what changed) keeps the line but for a third of it, the detail's (why).
	const text = safe(state.status.text);
	const detailText = ` ${safe(detail)}`;
	const columns = state.viewport.columns;
	const detailRoom = Math.max(Math.min(displayWidth(detailText), Math.floor(columns / 3)), columns - displayWidth(text));
	return line(seg(truncate(text, Math.max(0, columns - detailRoom)), style), seg(truncate(detailText, detailRoom), 'muted'));
}

/** The key hints that apply, whole ones only, as many as fit (`?` lists every key). */
function fittedHints(state: UiState, width: number): string {
	let text = '';
	for (const hint of hints(state)) {
		const next = text === '' ? hint : `${text}  ${hint}`;
		if (displayWidth(next) > width) break;
		text = next;
	}
	return text;
}

function hintLine(state: UiState): LineSpec {
	const { columns } = state.viewport;
	const dialog = state.dialog;
	const field = (prefix: string, text: string, after: Segment[]) => {
		const keys = fittedHints(state, Math.max(0, columns - displayWidth(prefix + text) - 3 - after.reduce((sum, part) => sum + displayWidth(part.text), 0)));
		return line(seg(prefix, 'accent'), seg(text), seg('▏', 'accent'), ...after, seg(`  ${keys}`, 'muted'));
	};
	if (dialog?.kind === 'filter') return field('/', state.filters[listKey(dialog.list)] ?? '', []);
	if (dialog?.kind === 'logSearch') return field('/', dialog.query, []);
	if (dialog?.kind === 'jump') {
		if (dialog.message) return field(':', dialog.text, [seg(`  ${dialog.message}`, 'error')]);
		const matches = jumpMatches(state.model, dialog.text);
		const listed = matches.length === 0 ? '' : `  ${matches.slice(0, 6).join(' ')}${matches.length > 6 ? ` +${matches.length - 6}` : ''}`;
		return field(':', dialog.text, [seg(listed, 'accent')]);
	}
	return line(seg(fittedHints(state, columns), 'muted'));
}
