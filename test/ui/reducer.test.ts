import test from 'ava';
import { routeKey } from '../../source/ui/state/keymap.js';
import { listRowsOf } from '../../source/ui/state/layout.js';
import { reduce } from '../../source/ui/state/reducer.js';
import { activeListRef, cursorOf, filteredRows, selectedRow, visibleWindow } from '../../source/ui/state/selection.js';
import { currentScreen } from '../../source/ui/state/state.js';
import { buildModel, generatedModel, sampleModel } from './helpers/build-model.js';
import { apply, key, pressKeys, stateFor } from './helpers/state.js';

const selectedId = (state: ReturnType<typeof stateFor>) => {
	const ref = activeListRef(state);
	return selectedRow(state, ref)?.id;
};

test('j/k and arrows move the selection and stop at the ends', (t) => {
	const state = stateFor(sampleModel());
	t.is(selectedId(state), '0');
	t.is(selectedId(pressKeys(state, 'j')), '1');
	t.is(selectedId(pressKeys(state, 'down', 'down')), '2');
	t.is(selectedId(pressKeys(state, 'j', 'k')), '0');
	t.is(selectedId(pressKeys(state, 'k', 'up')), '0');
	t.is(selectedId(pressKeys(state, 'j', 'j', 'j', 'j', 'j', 'j')), '3');
});

test('g/G and Home/End jump to the first and last row', (t) => {
	const state = stateFor(sampleModel());
	t.is(selectedId(pressKeys(state, 'G')), '3');
	t.is(selectedId(pressKeys(state, 'G', 'g')), '0');
	t.is(selectedId(pressKeys(state, 'end')), '3');
	t.is(selectedId(pressKeys(state, 'end', 'home')), '0');
});

test('PgDn/PgUp move by the visible rows and the window follows the selection', (t) => {
	const state = stateFor(generatedModel(200, 1), { columns: 100, rows: 24 });
	const rows = listRowsOf(state, { kind: 'gates' });
	const paged = pressKeys(state, 'pgdn');
	t.is(selectedId(paged), String(rows));
	const window = visibleWindow(paged, { kind: 'gates' }, filteredRows(paged, { kind: 'gates' }));
	t.is(window.rows.length, rows);
	t.true(window.selected >= window.start && window.selected < window.start + rows);
	t.is(selectedId(pressKeys(paged, 'pgup')), '0');
	const last = pressKeys(state, 'G');
	const lastWindow = visibleWindow(last, { kind: 'gates' }, filteredRows(last, { kind: 'gates' }));
	t.is(lastWindow.start, 200 - rows);
	t.is(lastWindow.rows[lastWindow.rows.length - 1]?.id, '199');
});

test('the window does not jump while the selection stays inside it', (t) => {
	const state = stateFor(generatedModel(100, 1), { columns: 100, rows: 24 });
	const down = pressKeys(state, 'pgdn', 'pgdn');
	const top = cursorOf(down, { kind: 'gates' }).top;
	const up = pressKeys(down, 'k');
	t.is(cursorOf(up, { kind: 'gates' }).top, top);
});

test('Enter opens gate then signal; Esc and q go back; the breadcrumb follows', (t) => {
	const state = stateFor(sampleModel());
	const gate = pressKeys(state, 'G', 'enter');
	t.deepEqual(currentScreen(gate), { kind: 'gate', gateId: 3 });
	t.is(gate.status.text, 'opened gate 3');
	const signal = pressKeys(gate, 'j', 'enter');
	t.deepEqual(currentScreen(signal), { kind: 'signal', signalId: 'G3-002' });
	t.is(signal.status.text, 'opened G3-002');
	t.deepEqual(pressKeys(signal, 'esc').stack, gate.stack);
	t.deepEqual(pressKeys(signal, 'q').stack, gate.stack);
	t.is(pressKeys(signal, 'q').status.text, 'back to gate 3');
	t.deepEqual(pressKeys(signal, 'q', 'q').stack, [{ kind: 'overview' }]);
	t.is(pressKeys(signal, 'q', 'q').quit, null);
});

test('q asks at the top and quits on q again, Q and Ctrl-C quit from anywhere, Esc never quits', (t) => {
	const state = stateFor(sampleModel());
	t.is(pressKeys(state, 'q').quit, null);
	t.is(pressKeys(state, 'q').dialog?.kind, 'confirmQuit');
	t.deepEqual(pressKeys(state, 'q', 'q').quit, { exitCode: 0 });
	t.deepEqual(pressKeys(state, 'q', 'Q').quit, { exitCode: 0 });
	t.deepEqual(pressKeys(state, 'q', 'ctrl-c').quit, { exitCode: 0 });
	t.is(pressKeys(state, 'q', 'esc').quit, null);
	t.is(pressKeys(state, 'q', 'esc').dialog, null);
	t.is(pressKeys(state, 'q', 'j').dialog, null);
	t.is(pressKeys(state, 'esc').quit, null);
	t.deepEqual(pressKeys(state, 'enter', 'enter', 'Q').quit, { exitCode: 0 });
	t.deepEqual(pressKeys(state, 'enter', 'ctrl-c').quit, { exitCode: 0 });
	t.deepEqual(pressKeys(state, '?', 'Q').quit, { exitCode: 0 });
	t.deepEqual(pressKeys(state, '/', 'ctrl-c').quit, { exitCode: 0 });
});

test('selection is remembered per screen when going back', (t) => {
	const state = stateFor(sampleModel());
	const back = pressKeys(state, 'j', 'j', 'enter', 'esc');
	t.is(selectedId(back), '2');
});

test('/ filters the current list: typed text narrows, Enter keeps, Esc clears', (t) => {
	const state = stateFor(sampleModel());
	const typing = pressKeys(state, '/', 'l', 'a', 'y');
	t.is(typing.dialog?.kind, 'filter');
	t.is(typing.status.text, 'filter: lay');
	t.deepEqual(
		filteredRows(typing, { kind: 'gates' }).map((row) => row.id),
		['3'],
	);
	t.is(selectedId(typing), '3');
	const kept = pressKeys(typing, 'enter');
	t.is(kept.dialog, null);
	t.is(kept.status.text, 'filter: lay (1 of 4)');
	t.deepEqual(
		filteredRows(kept, { kind: 'gates' }).map((row) => row.id),
		['3'],
	);
	const cleared = pressKeys(typing, 'esc');
	t.is(cleared.dialog, null);
	t.is(filteredRows(cleared, { kind: 'gates' }).length, 4);
	t.is(cleared.status.text, 'filter cleared');
	t.is(pressKeys(typing, 'backspace').status.text, 'filter: la');
});

test('keys typed into the filter do not act on the screen', (t) => {
	const state = stateFor(sampleModel());
	const typed = pressKeys(state, '/', 'q', 'j', 'f', 'm', '?', 'G');
	t.is(typed.quit, null);
	t.is(typed.dialog?.kind, 'filter');
	t.deepEqual(typed.stack, [{ kind: 'overview' }]);
	t.is(typed.filters['gates'], 'qjfm?G');
});

test('Esc on a list with a kept filter clears the filter before going back', (t) => {
	const state = pressKeys(stateFor(sampleModel()), 'enter', '/', 'x', 'enter');
	t.is(state.filters['gate:0'], 'x');
	const first = pressKeys(state, 'esc');
	t.is(first.filters['gate:0'], '');
	t.deepEqual(currentScreen(first), { kind: 'gate', gateId: 0 });
	t.deepEqual(currentScreen(pressKeys(first, 'esc')), { kind: 'overview' });
});

test('help is a dialog: it swallows screen keys and ? or Esc closes it', (t) => {
	const state = pressKeys(stateFor(sampleModel()), '?');
	t.is(state.dialog?.kind, 'help');
	const swallowed = pressKeys(state, 'j', 'enter', 'f');
	t.is(swallowed.dialog?.kind, 'help');
	t.is(selectedId(swallowed), '0');
	t.deepEqual(swallowed.stack, [{ kind: 'overview' }]);
	t.is(pressKeys(state, '?').dialog, null);
	t.is(pressKeys(state, 'esc').dialog, null);
	t.is(pressKeys(state, 'q').quit, null);
});

test('f and m open findings and the command matrix; returning to one on the stack does not stack it again', (t) => {
	const state = stateFor(sampleModel());
	t.deepEqual(currentScreen(pressKeys(state, 'f')), { kind: 'findings' });
	t.deepEqual(currentScreen(pressKeys(state, 'm')), { kind: 'matrix' });
	t.deepEqual(pressKeys(state, 'f', 'm', 'f').stack, [{ kind: 'overview' }, { kind: 'findings' }]);
	t.deepEqual(pressKeys(state, 'f', 'esc').stack, [{ kind: 'overview' }]);
});

test('findings are sorted by severity and Enter opens the subject', (t) => {
	const state = pressKeys(stateFor(sampleModel()), 'f');
	t.deepEqual(
		filteredRows(state, { kind: 'findings' }).map((row) => row.id.split('|')[1]),
		['G3-002', 'gate 2', 'tracker'],
	);
	t.deepEqual(currentScreen(pressKeys(state, 'enter')), { kind: 'signal', signalId: 'G3-002' });
	t.deepEqual(currentScreen(pressKeys(state, 'j', 'enter')), { kind: 'gate', gateId: 2 });
	const none = pressKeys(state, 'G', 'enter');
	t.deepEqual(currentScreen(none), { kind: 'findings' });
	t.is(none.status.text, 'Enter: no screen for "tracker": d shows it whole');
});

test('a signal named by a gate but not defined in the tracker is listed and explained, not opened', (t) => {
	const model = buildModel({ gates: [{ id: 1, signals: [{ id: 'G1-001' }], undefinedSignalIds: ['G1-009'] }] });
	const state = pressKeys(stateFor(model), 'enter', 'j', 'enter');
	t.deepEqual(currentScreen(state), { kind: 'gate', gateId: 1 });
	t.is(state.status.text, 'Enter: G1-009 is not defined in the tracker');
});

test('signal screen: Tab switches between evidence and commands; the preview follows the highlighted row', (t) => {
	const state = pressKeys(stateFor(sampleModel()), 'G', 'enter', 'j', 'enter');
	t.is(activeListRef(state).kind, 'signal-evidence');
	t.is(state.preview.key, 'ref:evidence/gate-3/timer.log:evidence/gate-3/timer.log');
	const commands = pressKeys(state, 'tab');
	t.is(activeListRef(commands).kind, 'signal-commands');
	t.is(commands.status.text, 'focus: commands');
	// Latest run first: the e2e run (02:12) has no log, so nothing to preview.
	t.is(selectedRow(commands, activeListRef(commands))?.id, 'g3_timer_e2e');
	t.is(commands.preview.key, null);
	const unit = pressKeys(commands, 'j');
	t.is(unit.preview.key, 'log:evidence/gate-3/timer.log');
	t.is(activeListRef(pressKeys(commands, 'tab')).kind, 'signal-evidence');
});

test('Enter on evidence opens the preview pane; the pane scrolls and pages; Esc closes it', (t) => {
	let state = pressKeys(stateFor(sampleModel(), { columns: 100, rows: 20 }), 'G', 'enter', 'j', 'enter', 'enter');
	t.is(state.pane?.kind, 'preview');
	t.is(state.status.text, 'preview: evidence/gate-3/timer.log');
	const lines = Array.from({ length: 100 }, (_, index) => `line ${index + 1}`);
	state = reduce(state, { type: 'previewLoaded', key: state.preview.key!, preview: { kind: 'text', lines, truncated: false } });
	t.is(pressKeys(state, 'j', 'j').preview.offset, 2);
	t.is(pressKeys(state, 'pgdn').preview.offset, 14);
	t.is(pressKeys(state, 'G').preview.offset, 100 - 15);
	t.is(pressKeys(state, 'G', 'g').preview.offset, 0);
	t.is(pressKeys(state, 'k').preview.offset, 0);
	// While the pane is open, list keys scroll the pane instead of moving the hidden list.
	t.deepEqual(currentScreen(pressKeys(state, 'j')), { kind: 'signal', signalId: 'G3-002' });
	t.is(pressKeys(state, 'esc').pane, null);
	t.is(pressKeys(state, 'q').pane, null);
	t.deepEqual(currentScreen(pressKeys(state, 'q')), { kind: 'signal', signalId: 'G3-002' });
	t.is(pressKeys(state, 'f').pane, null);
	t.deepEqual(pressKeys(state, 'Q').quit, { exitCode: 0 });
});

test('a preview that arrives for a target no longer shown is ignored', (t) => {
	const state = pressKeys(stateFor(sampleModel()), 'G', 'enter', 'j', 'enter');
	const stale = reduce(state, { type: 'previewLoaded', key: 'ref:elsewhere', preview: { kind: 'unavailable', reason: 'x' } });
	t.is(stale, state);
});

test('reload keeps the selection by id when rows move, and says what changed', (t) => {
	const model = sampleModel();
	const state = pressKeys(stateFor(model), 'j', 'j');
	t.is(selectedId(state), '2');
	const reordered = { ...model, gates: [...model.gates].reverse() };
	const reloaded = reduce(state, { type: 'modelReloaded', model: reordered, summary: 'reloaded: no visible changes', cause: 'tracker changed on disk' });
	t.is(selectedId(reloaded), '2');
	t.deepEqual(reloaded.status, { text: 'reloaded: no visible changes', tone: 'change', detail: '(tracker changed on disk)' });
});

test('reload falls back to the same position when the selected row disappears', (t) => {
	const model = sampleModel();
	const state = pressKeys(stateFor(model), 'j', 'j');
	const without = { ...model, gates: model.gates.filter((gate) => gate.id !== 2) };
	t.is(selectedId(reduce(state, { type: 'modelReloaded', model: without, summary: 'x' })), '3');
});

test('a failed reload keeps the last good model and shows the error', (t) => {
	const model = sampleModel();
	const state = stateFor(model);
	const failed = reduce(state, { type: 'reloadFailed', message: 'gate-tracker.json:12:3: unexpected end of JSON', cause: 'tracker changed on disk' });
	t.is(failed.model, model);
	t.is(failed.status.tone, 'error');
	t.regex(failed.status.text, /reload failed.*unexpected end of JSON/);
	t.truthy(failed.reloadError);
	t.is(reduce(failed, { type: 'modelReloaded', model, summary: 'ok' }).reloadError, null);
});

test('a screen whose gate vanished on reload stays open and can go back', (t) => {
	const model = sampleModel();
	const state = pressKeys(stateFor(model), 'G', 'enter');
	const without = { ...model, gates: model.gates.filter((gate) => gate.id !== 3) };
	const reloaded = reduce(state, { type: 'modelReloaded', model: without, summary: 'x' });
	t.deepEqual(currentScreen(reloaded), { kind: 'gate', gateId: 3 });
	t.deepEqual(currentScreen(pressKeys(reloaded, 'esc')), { kind: 'overview' });
});

test('resize changes page sizes', (t) => {
	const state = stateFor(generatedModel(100, 1), { columns: 100, rows: 24 });
	const small = listRowsOf(state, { kind: 'gates' });
	const taller = apply(state, { type: 'resized', viewport: { columns: 100, rows: 40 } });
	t.is(listRowsOf(taller, { kind: 'gates' }), small + 16);
	t.is(selectedId(pressKeys(taller, 'pgdn')), String(small + 16));
});

test('unbound keys do nothing', (t) => {
	const state = stateFor(sampleModel());
	t.is(routeKey(state, key('z')), null);
	t.is(routeKey(state, key('tab')), null);
});

test('the matrix screen routes r, R and x to reruns; s signs nothing there', (t) => {
	const state = pressKeys(stateFor(sampleModel()), 'm');
	t.deepEqual(routeKey(state, key('r')), { type: 'rerun', scope: 'selected' });
	t.deepEqual(routeKey(state, key('R')), { type: 'rerun', scope: 'failed' });
	// Nothing runs: x says so rather than acting.
	t.deepEqual(routeKey(state, key('x')), { type: 'setStatus', text: 'x: nothing is running', tone: 'info' });
	t.is(routeKey(state, key('s')), null);
	// Nothing runs, so Ctrl-C quits as before.
	t.deepEqual(routeKey(state, key('ctrl-c')), { type: 'quit', exitCode: 0, reason: 'quit' });
});
