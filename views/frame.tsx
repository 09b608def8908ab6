import { Box } from 'ink';
import { displayWidth, truncate } from '../source/text/text-fit.js';
import { hints } from '../source/ui/state/keymap.js';
import { bodyRows, frameFits, layoutOf, MIN_COLUMNS, MIN_ROWS } from '../source/ui/state/layout.js';
import { listKey } from '../source/ui/state/lists.js';
import { formatDuration } from '../source/ui/state/runs.js';
import { activeListRef, filterOf } from '../source/ui/state/selection.js';
import { breadcrumb, currentScreen, type UiState } from '../source/ui/state/state.js';
import { helpLines } from './help-overlay.js';
import { BLANK, Line, type LineSpec, Lines, line, type Segment, seg } from './line.js';
import { previewPaneLines } from './preview-pane.js';
import { runPaneLines } from './run-pane.js';
import { safe } from './safe.js';
import { findingsLines } from './screens/findings.js';
import { gateLines } from './screens/gate.js';
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
	if (state.dialog?.kind === 'help') return helpLines(state, height);
	if (state.dialog?.kind === 'signoff') return signoffDialogLines(state, state.dialog);
	if (state.pane?.kind === 'preview') return previewPaneLines(state, height);
	if (state.pane?.kind === 'run') return runPaneLines(state, state.pane.run, height);
	const layout = layoutOf(state);
	const screen = currentScreen(state);
	if (layout.kind === 'overview') return overviewLines(state, layout);
	if (layout.kind === 'gate' && screen.kind === 'gate') return gateLines(state, layout, screen.gateId);
	if (layout.kind === 'signal' && screen.kind === 'signal') return signalLines(state, layout, screen.signalId);
	if (layout.kind === 'findings') return findingsLines(state, layout);
	if (layout.kind === 'matrix') return matrixLines(state, layout);
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
	// A run going on behind another screen stays in sight.
	const active = state.activeRun === null ? undefined : state.runs[state.activeRun];
	if (active && !(state.pane?.kind === 'run' && state.pane.run === active.name)) {
		const progress = state.batch && state.batch.total > 1 ? ` ${state.batch.started}/${state.batch.total}` : '';
		segments.push(seg(`  [running ${active.name}${progress} ${formatDuration(Math.max(0, state.clock - active.startedAt))}: l log, x cancel]`, 'accent'));
	}
	return { segments };
}

function statusLine(state: UiState): LineSpec {
	const style = state.status.tone === 'error' ? 'error' : state.status.tone === 'change' ? 'change' : undefined;
	const detail = state.status.detail;
	if (!detail) return line(seg(state.status.text, style));
	// The detail (why it reloaded) stays visible; the summary before it gives way on a narrow terminal.
	const detailText = ` ${safe(detail)}`;
	const room = Math.max(0, state.viewport.columns - displayWidth(detailText));
	return line(seg(truncate(safe(state.status.text), room), style), seg(detailText, 'muted'));
}

function hintLine(state: UiState): LineSpec {
	if (state.dialog?.kind === 'filter') {
		const filter = state.filters[listKey(state.dialog.list)] ?? '';
		return line(seg('/', 'accent'), seg(filter), seg('▏', 'accent'), seg('  ⏎ keep  esc clear  (filters this list)', 'muted'));
	}
	if (state.dialog?.kind === 'logSearch') {
		return line(seg('/', 'accent'), seg(state.dialog.query), seg('▏', 'accent'), seg('  ⏎ find  esc cancel  (searches the log)', 'muted'));
	}
	return line(seg(hints(state).join('  '), 'muted'));
}
