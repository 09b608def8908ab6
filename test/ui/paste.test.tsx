/**
 * Pasted text is text (issue 14 review): a paste with a line break never submits a field and never runs
 * the rest as keys, whether the terminal marks it (bracketed paste) or not; typing read in one go still
 * acts key by key.
 */
import test from 'ava';
import { sampleModel } from './helpers/build-model.js';
import { KEYS, renderApp } from './helpers/render-app.js';

const PASTE_START = '\u001B[200~';
const PASTE_END = '\u001B[201~';
const lines = (frame: string) => frame.split('\n');

/** The sign-off dialog open on G3-002, on the signal's own screen. */
async function noteOpen() {
	const app = await renderApp(sampleModel());
	await app.press(':', 'G3-002', KEYS.enter, 's');
	return app;
}

for (const [how, paste] of [
	['unmarked', 'first line\nxq'],
	['bracketed', `${PASTE_START}first line\r\nxq${PASTE_END}`],
] as const) {
	test.serial(`two lines pasted into the sign-off note (${how}) are the note, on one line: nothing is submitted, no key acts`, async (t) => {
		const app = await noteOpen();
		t.teardown(() => app.close());
		await app.press('checked: ', paste);
		const dialog = app.controller.getState().dialog;
		t.is(dialog?.kind, 'signoff');
		t.like(dialog, { phase: 'editing', note: 'checked: first line xq' });
		t.regex(app.frame(), /Note +checked: first line xq▏/);
		t.false(app.controller.getState().quit !== null);
	});
}

test.serial('a paste with a line break into the filter stays in the filter; the q after it never reaches the screen', async (t) => {
	const app = await renderApp(sampleModel());
	t.teardown(() => app.close());
	await app.press('/', 'abc\nq');
	const state = app.controller.getState();
	t.is(state.dialog?.kind, 'filter');
	t.is(state.filters['gates'], 'abc q');
	t.is(lines(app.frame()).at(-1)?.startsWith('/abc q▏'), true);
	// A chunk that opens the filter itself (`/` typed, the rest pasted in the same read) is the same.
	await app.press(KEYS.escape, '/Storage\nR');
	t.is(app.controller.getState().filters['gates'], 'Storage R');
	t.is(app.controller.getState().dialog?.kind, 'filter');
});

test.serial('a bracketed paste with no text field open goes nowhere: its q does not ask to quit, its R starts no rerun', async (t) => {
	const app = await renderApp(sampleModel());
	t.teardown(() => app.close());
	await app.press(`${PASTE_START}q${PASTE_END}`);
	t.is(app.controller.getState().dialog, null);
	t.regex(app.frame(), /pasted text ignored: no text field is open/);
	await app.press('m', `${PASTE_START}\rR${PASTE_END}`);
	const state = app.controller.getState();
	t.is(lines(app.frame())[0], 'Audit > Command matrix');
	t.is(state.activeRun, null);
	t.deepEqual(state.queue, []);
	t.is(state.pane, null);
});

test.serial('typed keys read in one go still act one by one: text then Enter keeps the filter, jj moves twice', async (t) => {
	const app = await renderApp(sampleModel());
	t.teardown(() => app.close());
	await app.press('/', 'Stor\r');
	t.is(app.controller.getState().dialog, null);
	t.is(app.controller.getState().filters['gates'], 'Stor');
	await app.press(KEYS.escape, 'g', 'jj');
	t.regex(lines(app.frame()).find((line) => line.startsWith('> ')) ?? '', /Storage/);
});

test.serial('a Tab read together with the text after it is typing: the next field gets the text', async (t) => {
	const app = await noteOpen();
	t.teardown(() => app.close());
	// NO-GO now: one step right is BLOCKED-EXTERNAL, with owner, ticket and until after the note.
	await app.press(KEYS.right, KEYS.tab, 'Vendor Ops\tOPS-12');
	t.like(app.controller.getState().dialog, { kind: 'signoff', focus: 'ticket', blocked: { owner: 'Vendor Ops', ticket: 'OPS-12', until: '' } });
});
