/** The rerun state machine without processes: queueing, phases as the supervisor reports them, the log view. */
import test from 'ava';
import { routeKey } from '../../source/ui/state/keymap.js';
import { logRowsOf } from '../../source/ui/state/layout.js';
import { logWindow } from '../../source/ui/state/runs.js';
import { currentScreen, type UiState } from '../../source/ui/state/state.js';
import { sampleModel } from './helpers/build-model.js';
import { apply, key, pressKeys, stateFor } from './helpers/state.js';

const snapshot = (from: number, to: number, running = true) => ({
	lines: Array.from({ length: to - from + 1 }, (_, index) => `line ${from + index}`),
	totalLines: to,
	bytes: to * 8,
	running,
});

/** The matrix screen with fmt_check started and `count` lines of output. */
function running(count: number): UiState {
	const queued = pressKeys(stateFor(sampleModel()), 'm', 'r');
	return apply(
		queued,
		{ type: 'runStarting', name: 'fmt_check', command: 'cargo fmt --all --check', now: 1000 },
		{
			type: 'runStarted',
			name: 'fmt_check',
			log: 'evidence/command-logs/fmt_check.20260303T080000Z.log',
			head: '1a30ec1aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
			dirty: false,
			shell: '/usr/bin/bash',
			shellIsBash: true,
			startedAt: 1200,
		},
		{ type: 'runOutput', name: 'fmt_check', snapshot: snapshot(1, count) },
	);
}

test('r queues the highlighted matrix entry and opens its pane; R queues the failed ones; a row without an entry is refused', (t) => {
	const state = pressKeys(stateFor(sampleModel()), 'm', 'r');
	t.deepEqual(state.queue, ['fmt_check']);
	t.deepEqual(state.pane, { kind: 'run', run: 'fmt_check' });
	t.is(state.status.text, 'rerunning fmt_check');
	const failed = pressKeys(stateFor(sampleModel()), 'm', 'R');
	t.deepEqual(failed.queue, ['clippy_workspace']);
	const missing = pressKeys(stateFor(sampleModel()), 'm', 'G', 'r');
	t.deepEqual(missing.queue, []);
	t.regex(missing.status.text, /has no row in the status file/);
});

test('phases: starting, running with a ticking clock, recorded; Ctrl-C cancels while running and quits when idle', (t) => {
	let state = running(3);
	t.is(state.activeRun, 'fmt_check');
	t.is(state.runs['fmt_check']?.phase, 'running');
	state = apply(state, { type: 'runTick', now: 3500 });
	t.is(state.clock, 3500);
	t.deepEqual(routeKey(state, key('ctrl-c')), { type: 'cancelRun' });
	const cancelling = apply(state, { type: 'cancelRun' });
	t.true(cancelling.runs['fmt_check']?.cancelRequested);
	t.is(cancelling.status.text, 'cancelling fmt_check…');
	const result = { kind: 'cancelled' as const, exitCode: 130, durationMs: 2500, kept: { exitCode: '0', at: '2026-03-03T08:00:30Z' } };
	const ended = apply(cancelling, { type: 'runFinished', name: 'fmt_check', result, snapshot: snapshot(1, 3, false), recording: false });
	t.is(ended.runs['fmt_check']?.phase, 'done', 'a cancelled run is not written back: no recording phase');
	const finished = apply(ended, {
		type: 'runEnded',
		name: 'fmt_check',
		message: 'fmt_check cancelled after 2.5s; recorded result kept (exit 0 at 2026-03-03T08:00:30Z)',
		failed: false,
		log: 'evidence/command-logs/fmt_check.20260303T080000Z.log',
	});
	t.is(finished.activeRun, null);
	t.is(finished.runs['fmt_check']?.phase, 'done');
	t.is(finished.status.text, 'fmt_check cancelled after 2.5s; recorded result kept (exit 0 at 2026-03-03T08:00:30Z)');
	t.deepEqual(routeKey(finished, key('ctrl-c')), { type: 'quit', exitCode: 0, reason: 'quit' });
});

test("one clock: the running time counts from the runner's own start, so the live time and the final duration agree", (t) => {
	// Queued at 1000, started by the runner at 1200 (after HEAD was read): the pane counts from 1200.
	let state = apply(running(1), { type: 'runTick', now: 4700 });
	t.is(state.runs['fmt_check']?.startedAt, 1200);
	t.is(state.clock - (state.runs['fmt_check']?.startedAt ?? 0), 3500);
	state = apply(state, {
		type: 'runFinished',
		name: 'fmt_check',
		result: { kind: 'passed', exitCode: 0, durationMs: 3500 },
		snapshot: snapshot(1, 1, false),
		recording: true,
	});
	t.is(state.runs['fmt_check']?.phase, 'recording');
	t.is(state.runs['fmt_check']?.result?.durationMs, 3500);
});

test('quitting while a run is active marks it cancelled and drops the queue', (t) => {
	const state = apply(running(1), { type: 'rerunEntries', names: ['clippy_workspace'] });
	t.deepEqual(state.queue, ['clippy_workspace']);
	const quitting = apply(state, { type: 'quit', exitCode: 0, reason: 'quit' });
	t.deepEqual(quitting.quit, { exitCode: 0 });
	t.true(quitting.runs['fmt_check']?.cancelRequested);
	t.deepEqual(quitting.queue, []);
	t.regex(quitting.status.text, /cancelling fmt_check before quitting…; 1 queued run dropped/);
});

test('the log view follows, pauses on k, stays put while output grows, F resumes; only held lines are shown', (t) => {
	let state = running(100);
	const rows = logRowsOf(state);
	const window = () => logWindow(state.runs['fmt_check']!, rows);
	t.is(window().lines.at(-1), 'line 100');
	state = pressKeys(state, 'k');
	t.false(state.runs['fmt_check']?.view.follow);
	t.is(window().lines.at(-1), 'line 99');
	state = apply(state, { type: 'runOutput', name: 'fmt_check', snapshot: snapshot(1, 150) });
	t.is(window().lines.at(-1), 'line 99');
	state = pressKeys(state, 'g');
	t.is(window().lines[0], 'line 1');
	// The tail moved on past the top: the view keeps to the oldest line still held.
	state = apply(state, { type: 'runOutput', name: 'fmt_check', snapshot: snapshot(51, 150) });
	t.is(window().lines[0], 'line 51');
	state = pressKeys(state, 'F');
	t.is(window().lines.at(-1), 'line 150');
	t.true(state.runs['fmt_check']?.view.follow);
});

test('search: Enter lands on the newest match while following; n and N wrap around', (t) => {
	let state = pressKeys(running(50), '/', '7', 'enter');
	const search = () => state.runs['fmt_check']?.view.search;
	// Absolute line numbers count from 0: `line 7` is number 6.
	t.deepEqual(search()?.matches, [6, 16, 26, 36, 46]);
	t.is(search()?.current, 46);
	t.is(state.status.text, '/7: 5/5 matches');
	state = pressKeys(state, 'n');
	t.is(search()?.current, 6);
	t.is(state.status.text, '/7: 1/5 matches');
	state = pressKeys(state, 'N');
	t.is(search()?.current, 46);
	t.false(state.runs['fmt_check']?.view.follow);
	state = pressKeys(state, '/', 'backspace', 'x', 'y', 'z', 'enter');
	t.is(state.status.text, '/xyz: no matches');
});

test('Esc hides the run pane without cancelling; l shows it again', (t) => {
	const hidden = pressKeys(running(5), 'esc');
	t.is(hidden.pane, null);
	t.is(hidden.activeRun, 'fmt_check');
	t.false(hidden.runs['fmt_check']?.cancelRequested);
	// The top line says how to show it again or cancel it; the status line that it goes on.
	t.regex(hidden.status.text, /fmt_check keeps running/);
	t.deepEqual(pressKeys(hidden, 'l').pane, { kind: 'run', run: 'fmt_check' });
});

test('A on a signal queues only the commands that can run, as `rerun G3-002` would, and says what it left out', (t) => {
	const base = sampleModel();
	const model = sampleModel({
		commands: [
			...base.statusFiles.flatMap((file) =>
				file.entries.filter((entry) => entry.signal === 'G3-002').map((entry) => ({ name: entry.name, signal: 'G3-002', command: entry.latest.command })),
			),
			// A row that records no command text: there is nothing to run.
			{ name: 'g3_blank', signal: 'G3-002', command: '' },
		],
	});
	const signal = pressKeys(stateFor(model), 'G', 'enter', 'j', 'enter');
	t.deepEqual(currentScreen(signal), { kind: 'signal', signalId: 'G3-002' });
	const queued = pressKeys(signal, 'A');
	t.deepEqual(queued.queue, ['g3_timer_unit', 'g3_timer_e2e']);
	t.regex(queued.status.text, /^rerunning 2 entries one after another: g3_timer_unit, g3_timer_e2e; 1 skipped: g3_blank has no command text in /);
});
