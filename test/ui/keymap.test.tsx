/**
 * One source for routing, hints and help (issue 16 point 1, issue 14): a key is hinted only where it acts,
 * a key that cannot act says why, help lists every key whole, and one text-field layer edits every field.
 */
import test from 'ava';
import stringWidth from 'string-width';
import { helpRows } from '../../source/ui/state/help.js';
import { helpSections, hints, reachableBindings, routeKey } from '../../source/ui/state/keymap.js';
import type { KeyPress, keyLabel } from '../../source/ui/state/keys.js';
import { reduce } from '../../source/ui/state/reducer.js';
import type { UiState } from '../../source/ui/state/state.js';
import { applyEdit } from '../../source/ui/state/text-field.js';
import { buildModel, sampleModel } from './helpers/build-model.js';
import { KEYS, renderApp } from './helpers/render-app.js';
import { apply, pressKeys, stateFor } from './helpers/state.js';

const lines = (frame: string) => frame.split('\n');

/** The press a key spec stands for (text and any-key bindings are pressed as `z`). */
function pressOf(spec: Parameters<typeof keyLabel>[0]): KeyPress {
	if ('char' in spec) return { input: spec.char, name: null, ctrl: false, meta: false };
	if ('named' in spec) return { input: '', name: spec.named, ctrl: false, meta: false };
	if ('ctrl' in spec) return { input: spec.ctrl, name: null, ctrl: true, meta: false };
	return { input: 'z', name: null, ctrl: false, meta: false };
}

function states(): Array<[string, UiState]> {
	const base = stateFor(sampleModel(), { columns: 80, rows: 24 });
	const withRun: UiState = { ...base, lastRun: 'fmt_check' };
	return [
		['overview', base],
		['gate', pressKeys(base, 'G', 'enter')],
		['signal, evidence', pressKeys(base, 'G', 'enter', 'j', 'enter')],
		['signal, commands', pressKeys(base, 'G', 'enter', 'j', 'enter', 'tab')],
		['signal without commands', pressKeys(base, 'enter', 'enter')],
		['findings', pressKeys(base, 'f')],
		['matrix', pressKeys(base, 'm')],
		['history', pressKeys(base, 'h')],
		['preview pane after a run', pressKeys(withRun, 'G', 'enter', 'j', 'enter', 'enter')],
		['detail pane', pressKeys(base, 'd')],
		['help', pressKeys(base, '?')],
		['filter', pressKeys(base, '/')],
		['go to', pressKeys(base, ':')],
		['quit question', pressKeys(base, 'q')],
		['sign-off dialog', pressKeys(base, 's')],
	];
}

test('every hint shown names a key that acts right there (none is disabled, none falls through to nothing)', (t) => {
	for (const [where, state] of states()) {
		const shown = hints(state);
		t.true(shown.length > 0, where);
		for (const entry of reachableBindings(state)) {
			const hint = typeof entry.binding.hint === 'function' ? entry.binding.hint(state) : entry.binding.hint;
			if (!hint || !shown.includes(hint)) continue;
			const [spec] = entry.keys;
			if (!spec) continue;
			const action = routeKey(state, pressOf(spec));
			t.truthy(action, `${where}: ${hint}`);
			t.not(action?.type, 'setStatus', `${where}: ${hint} is hinted but says ${JSON.stringify(action)}`);
		}
	}
});

test('no r, R or A on a signal with no commands; the key says why', (t) => {
	const [, state] = states().find(([where]) => where === 'signal without commands') ?? [];
	if (!state) return t.fail();
	const shown = hints(state).join('  ');
	t.notRegex(shown, /r rerun|R rerun failed|A rerun all/);
	t.deepEqual(routeKey(state, pressOf({ char: 'r' })), { type: 'setStatus', text: 'r: no commands recorded for G0-001', tone: 'info' });
	t.deepEqual(routeKey(state, pressOf({ char: 'A' })), { type: 'setStatus', text: 'A: no commands recorded for G0-001', tone: 'info' });
	// With commands, r waits for the Commands list and R for a failed one.
	const [, evidence] = states().find(([where]) => where === 'signal, evidence') ?? [];
	if (!evidence) return t.fail();
	t.notRegex(hints(evidence).join('  '), /r rerun\b/);
	t.regex(hints(evidence).join('  '), /R rerun failed {2}A rerun all/);
});

test('l and x over a pane act on the run, and are hinted exactly when they do', (t) => {
	const [, preview] = states().find(([where]) => where === 'preview pane after a run') ?? [];
	if (!preview) return t.fail();
	t.is(preview.pane?.kind, 'preview');
	// A run exists: l shows its log from over the preview too, and says so.
	t.true(hints(preview).includes('l run log'));
	t.deepEqual(routeKey(preview, pressOf({ char: 'l' })), { type: 'openRunPane' });
	// Nothing is running: x is not hinted, and says why.
	t.false(hints(preview).includes('x cancel'));
	t.deepEqual(routeKey(preview, pressOf({ char: 'x' })), { type: 'setStatus', text: 'x: nothing is running', tone: 'info' });
	// Before any run, l neither acts nor is hinted.
	const noRun = { ...preview, runs: {}, lastRun: null, activeRun: null };
	t.false(hints(noRun).includes('l run log'));
	t.deepEqual(routeKey(noRun, pressOf({ char: 'l' })), { type: 'setStatus', text: 'l: no rerun in this session yet', tone: 'info' });
	const screen = { ...preview, pane: null };
	t.true(hints(screen).includes('l run log'));
	t.deepEqual(routeKey(screen, pressOf({ char: 'l' })), { type: 'openRunPane' });
});

test('help lists every key that acts under it, descriptions whole at 80 columns; a key that cannot act says why', (t) => {
	for (const [where, state] of states()) {
		if (state.dialog) continue;
		const rows = helpRows({ ...state, dialog: { kind: 'help', offset: 0 } });
		const text = rows.map((row) => (row.kind === 'key' ? row.text : '')).join(' ');
		for (const entry of reachableBindings(state))
			t.true(text.includes(entry.binding.description.split(' ').slice(0, 3).join(' ')), `${where}: ${entry.binding.description}`);
		for (const row of rows) if (row.kind === 'key') t.true(stringWidth(row.text) <= 80 - 13, `${where}: ${row.text}`);
	}
	const [, overview] = states()[0] ?? [];
	if (!overview) return t.fail();
	const everywhere = helpSections(overview).find((section) => section.title === 'Everywhere keys');
	t.like(
		everywhere?.entries.find((entry) => entry.keys === 'x'),
		{ description: 'cancel the running command (and the queued ones)', disabled: 'nothing is running' },
	);
});

test.serial('? on the signal screen at 80x24: one column, nothing cut, scrolled with j and the counts shown', async (t) => {
	const app = await renderApp(sampleModel(), { viewport: { columns: 80, rows: 24 } });
	t.teardown(() => app.close());
	await app.press('G', KEYS.enter, 'j', KEYS.enter, '?');
	let frame = app.frame();
	t.regex(frame, /Signal keys\n +Enter +open the highlighted evidence file or command log \(or its rerun\)\n +full screen\n/);
	t.regex(lines(frame)[1] ?? '', /Help {2}\? or Esc closes {2}↓ \d+ below \(j\/k scroll\)/);
	const seen = new Set<string>();
	for (let page = 0; page < 10; page += 1) {
		for (const line of lines(app.frame())) {
			t.false(line.endsWith('…'), line);
			t.true(stringWidth(line) <= 80, line);
			seen.add(line.trim());
		}
		await app.press(KEYS.pageDown);
	}
	frame = [...seen].join('\n');
	t.regex(frame, /Tab +switch between evidence and commands/);
	t.regex(frame, /A +rerun all of this signal's commands, one after another/);
	t.regex(frame, /Everywhere keys/);
	t.regex(frame, /\? +help: every key of this screen/);
});

test('one text-field layer: typing, Backspace, Ctrl-W and Ctrl-U edit the filter, the go-to prompt and the sign-off note alike', (t) => {
	t.is(applyEdit('ship it now', { kind: 'eraseWord' }), 'ship it ');
	t.is(applyEdit('ship it ', { kind: 'eraseWord' }), 'ship ');
	t.is(applyEdit('ship', { kind: 'clear' }), '');
	t.is(applyEdit('日本', { kind: 'erase' }), '日');
	t.is(applyEdit('abc', { kind: 'insert', text: 'def' }, 4), 'abcd');
	const base = stateFor(sampleModel());
	const ctrl = (character: string): KeyPress => ({ input: character, name: null, ctrl: true, meta: false });
	const type = (state: UiState, ...presses: Array<string | KeyPress>) =>
		presses.reduce((current, press) => {
			const action = routeKey(current, typeof press === 'string' ? { input: press, name: null, ctrl: false, meta: false } : press);
			return action ? reduce(current, action) : current;
		}, state);
	const filtered = type(pressKeys(base, '/'), 'layer two', ctrl('w'));
	t.is(filtered.filters['gates'], 'layer ');
	const jumping = type(pressKeys(base, ':'), 'G3-00', ctrl('u'), 'G1');
	t.deepEqual(jumping.dialog, { kind: 'jump', text: 'G1', message: null });
	const signing = type(pressKeys(base, 's'), '1 down', ctrl('w'), ctrl('w'), '2 up');
	t.is(signing.dialog?.kind === 'signoff' ? signing.dialog.note : null, '2 up');
	t.is(signing.dialog?.kind === 'signoff' ? signing.dialog.statusIndex : null, 0);
	// Each field has its own limit, cut by whole characters: a block field 200, the note 500.
	const blocked = type(pressKeys(apply(pressKeys(base, 's'), { type: 'signoffChoose', delta: -1 }), 'tab'), '漢'.repeat(250));
	t.is(blocked.dialog?.kind === 'signoff' ? Array.from(blocked.dialog.blocked.owner).length : null, 200);
	const longNote = type(pressKeys(base, 's'), '😀'.repeat(600));
	t.is(longNote.dialog?.kind === 'signoff' ? Array.from(longNote.dialog.note).length : null, 500);
	// The log search field (run-reducer.ts searches on Enter) takes the same keys.
	const searching = apply({ ...base, pane: { kind: 'run', run: 'x' }, dialog: { kind: 'logSearch', run: 'x', query: '' } });
	t.deepEqual(type(searching, 'time out', ctrl('w')).dialog, { kind: 'logSearch', run: 'x', query: 'time ' });
});

test('the hint line shows whole hints only, as many as fit', async (t) => {
	const app = await renderApp(buildModel({ gates: [{ id: 0, signals: [{ id: 'G0-001' }] }] }), { viewport: { columns: 40, rows: 12 } });
	t.teardown(() => app.close());
	const hint = lines(app.frame()).at(-1) ?? '';
	// `  d detail` would make it 41 columns: it is left out, not cut.
	t.is(hint, '? help  ⏎ open gate  s sign off');
});

test.serial('the run kept in sight on the top line names only the keys that reach it from where you are', async (t) => {
	const app = await renderApp(sampleModel());
	t.teardown(() => app.close());
	await app.press('m');
	// A run as the supervisor reports it, without a process: the frame is what is under test.
	app.controller.dispatch({ type: 'runStarting', name: 'fmt_check', command: 'cargo fmt --all --check', now: 0 });
	await app.settled();
	const top = () => lines(app.frame())[0] ?? '';
	t.regex(top(), /^Audit > Command matrix {2}\[running fmt_check [^\]:]*: l log, x cancel\]$/);
	// Over the detail pane both keys go through to the run.
	await app.press('d');
	t.regex(top(), /\[running fmt_check [^\]:]*: l log, x cancel\]$/);
	// Help and the filter take l and x (typing, or nothing); Ctrl-C still reaches the run there.
	await app.press('?');
	t.regex(top(), /\[running fmt_check [^\]:]*: Ctrl-C cancel\]$/);
	await app.press(KEYS.escape, KEYS.escape, '/');
	t.regex(top(), /\[running fmt_check [^\]:]*: Ctrl-C cancel\]$/);
	// And what the line offers works: l shows the run.
	await app.press(KEYS.escape, 'l');
	t.is(app.controller.getState().pane?.kind, 'run');
});
