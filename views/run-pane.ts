import { shortSha } from '../source/git/short-sha.js';
import { describeOutcome, formatDuration } from '../source/rerun/describe-outcome.js';
import { logRowsOf } from '../source/ui/state/layout.js';
import { logWindow, type RunState } from '../source/ui/state/runs.js';
import type { UiState } from '../source/ui/state/state.js';
import type { StyleName } from '../source/ui/state/theme.js';
import { type LineSpec, line, type Segment, seg } from './line.js';

/**
 * The live log of a rerun over the whole body: a header (what, how long or how it ended, at which
 * HEAD), the command, then only the visible window of the runner's tail. Every line goes through <Line>,
 * so log text is sanitized once more at the views' boundary and cut, never wrapped.
 */
export function runPaneLines(state: UiState, name: string, rows: number): LineSpec[] {
	const run = state.runs[name];
	if (!run) return queuedLines(state, name);
	const logRows = Math.min(logRowsOf(state), Math.max(1, rows - 2));
	const window = logWindow(run, logRows);
	const lines: LineSpec[] = [headerLine(state, run), commandLine(run, window.top, window.lines.length)];
	if (window.lines.length === 0) {
		lines.push(line(seg(run.phase === 'starting' ? '  starting…' : run.phase === 'running' ? '  (no output yet)' : '  (no output)', 'muted')));
		return lines;
	}
	const search = run.view.search;
	const matches = search ? new Set(search.matches) : null;
	window.lines.forEach((text, index) => {
		const number = window.top + index;
		const current = search?.current === number;
		const marked = matches?.has(number) ?? false;
		lines.push({ segments: [seg(current ? '> ' : marked ? '* ' : '  ', marked ? 'accent' : undefined), seg(text)], selected: current });
	});
	return lines;
}

function queuedLines(state: UiState, name: string): LineSpec[] {
	const position = state.queue.indexOf(name);
	if (position === -1) return [line(seg(`${name}: no run in this session`, 'muted'))];
	const ahead = state.activeRun ? `after ${state.activeRun}${position > 0 ? ` and ${position} more` : ''}` : 'next';
	return [line(seg(name, 'heading'), seg(`  queued: runs ${ahead}`, 'muted'))];
}

function headerLine(state: UiState, run: RunState): LineSpec {
	const segments: Segment[] = [seg(run.name, 'heading')];
	const progress = state.batch && state.batch.total > 1 && state.activeRun === run.name ? `  ${state.batch.started}/${state.batch.total}` : '';
	switch (run.phase) {
		case 'starting':
			segments.push(seg(run.cancelRequested ? '  cancelling…' : '  starting…', run.cancelRequested ? 'warn' : 'accent'));
			break;
		case 'running': {
			// The runner's start and its final duration are one clock: the time shown here ends where the result's begins.
			const elapsed = formatDuration(Math.max(0, state.clock - run.startedAt));
			segments.push(seg(run.cancelRequested ? `  cancelling… ${elapsed}` : `  running ${elapsed}`, run.cancelRequested ? 'warn' : 'accent'));
			break;
		}
		case 'recording':
		case 'done': {
			// A cancelled run's exit code is recorded nowhere: the outcome says what was kept instead.
			if (run.result?.kind === 'cancelled') segments.push(seg(`  ${describeOutcome(run.result)}`, resultStyle(run)));
			else if (run.result) {
				segments.push(seg(`  exit ${run.result.exitCode}`, resultStyle(run)), seg(` · ${describeOutcome(run.result)}`, resultStyle(run)));
			}
			if (run.phase === 'recording') segments.push(seg('  recording…', 'muted'));
			if (run.recordError) segments.push(seg(`  not recorded: ${run.recordError}`, 'error'));
			break;
		}
	}
	if (run.log !== null) segments.push(seg('  HEAD ', 'muted'), seg(shortSha(run.head), 'accent'), ...(run.dirty ? [seg(' dirty', 'warn')] : []));
	// The audits' commands are written for bash: say so when something else runs them.
	if (run.shell !== null && !run.shellIsBash) segments.push(seg(`  shell ${run.shell}, not bash`, 'warn'));
	if (progress) segments.push(seg(progress, 'muted'));
	segments.push(seg(run.view.follow ? '  following' : '  paused (F follows)', 'muted'));
	return { segments };
}

function resultStyle(run: RunState): StyleName {
	switch (run.result?.kind) {
		case 'passed':
			return 'ok';
		case 'cancelled':
		case 'timed-out':
			return 'warn';
		default:
			return 'bad';
	}
}

function commandLine(run: RunState, top: number, shown: number): LineSpec {
	const { output } = run;
	const held = output.lines.length;
	const earlier = output.totalLines - held;
	// Where the reader is comes first: a long command is what gives way on a narrow terminal.
	const position =
		held === 0 ? 'no output ' : `lines ${top + 1}-${top + shown} of ${output.totalLines}${earlier > 0 ? ` (first ${earlier} in the log file)` : ''} `;
	const search = run.view.search;
	const found = search ? ` /${search.query} ${search.current === null ? '' : `${search.matches.indexOf(search.current) + 1}/`}${search.matches.length} ` : '';
	return line(seg(position, 'muted'), seg(found, 'accent'), seg(' $ ', 'muted'), seg(run.command), ...(run.log ? [seg(`  log ${run.log}`, 'muted')] : []));
}
