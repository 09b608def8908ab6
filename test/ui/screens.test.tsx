import test from 'ava';
import { buildModel, generatedModel, sampleModel } from './helpers/build-model.js';
import { KEYS, renderApp } from './helpers/render-app.js';
import { tempDirectory, writeFiles } from './helpers/temp.js';

/** Lines of a frame, for assertions on one row. */
const lines = (frame: string) => frame.split('\n');
const rowOf = (frame: string, text: string) => lines(frame).find((line) => line.includes(text)) ?? '';

test.serial('overview: header, progress, finding counts and the gate table', async (t) => {
	const app = await renderApp(sampleModel());
	t.teardown(() => app.close());
	const frame = app.frame();
	t.is(lines(frame)[0], 'Audit');
	t.regex(frame, /Audit date 2026-02-12 {2}tracker docs\/audits\/test\/gate-tracker\.json \(discovered\)/);
	t.regex(frame, /baseline e896506 {2}HEAD 1234567 {2}12 commits since baseline {2}clean tree/);
	t.regex(frame, /ALL_GATES_GO: 2\/4 gates GO/);
	t.regex(frame, /findings 1 error · 1 warning · 0 info|findings 1 error · 1 warning · 1 info/);
	t.regex(frame, /Gate Area +Status +Closed Open Primary Evidence/);
	t.regex(rowOf(frame, 'Layer-2'), /^ {5}3 Layer-2 production blockers +PARTIAL +1 +1 …dence\/gate-3\/restart\.log \+1 —$/);
	// Recorded GO but signals give PARTIAL: marked, with a legend.
	t.regex(rowOf(frame, 'Storage'), /GO !/);
	t.regex(frame, /! recorded status differs/);
	t.regex(rowOf(frame, 'Re-baseline'), /^> /);
	t.regex(frame, /ready: \? for keys/);
	t.regex(lines(frame).at(-1)!, /\? help {2}⏎ open gate {2}s sign off {2}j\/k move/);
});

test.serial('overview at 60 columns: the tracker path gives way from the front and keeps its file name', async (t) => {
	const app = await renderApp(sampleModel(), { viewport: { columns: 60, rows: 24 } });
	t.teardown(() => app.close());
	t.regex(lines(app.frame())[1] ?? '', /^Audit date 2026-02-12 {2}tracker …[^ ]*\/gate-tracker\.json$/);
});

test.serial('overview: a dirty tree and an unknown baseline are marked', async (t) => {
	const app = await renderApp(sampleModel({ git: { dirty: true, baselineKnown: false, commitsSinceBaseline: null } }));
	t.teardown(() => app.close());
	t.regex(app.frame(), /baseline not in this repository {2}\* dirty tree/);
});

test.serial('j/k/arrows/g/G move the marker on the overview', async (t) => {
	const app = await renderApp(sampleModel());
	t.teardown(() => app.close());
	await app.press('j');
	t.regex(rowOf(app.frame(), 'Release discipline'), /^> /);
	await app.press(KEYS.down);
	t.regex(rowOf(app.frame(), 'Storage'), /^> /);
	await app.press(KEYS.up, 'k');
	t.regex(rowOf(app.frame(), 'Re-baseline'), /^> /);
	await app.press('G');
	t.regex(rowOf(app.frame(), 'Layer-2'), /^> /);
	await app.press('g');
	t.regex(rowOf(app.frame(), 'Re-baseline'), /^> /);
});

test.serial('Enter opens the gate screen: status, reason, signals, evidence', async (t) => {
	const app = await renderApp(sampleModel());
	t.teardown(() => app.close());
	await app.press('G', KEYS.enter);
	const frame = app.frame();
	t.is(lines(frame)[0], 'Audit > Gate 3');
	t.regex(frame, /Gate 3 · Layer-2 production blockers/);
	t.regex(frame, /Status +PARTIAL \(derived agrees\) {2}1 closed, 1 open {2}sign-off none/);
	t.regex(frame, /Reason +Projection persistence/);
	t.regex(frame, /Signal Title +Owner +Status +Evidence +Sign-off/);
	t.regex(rowOf(frame, 'G3-002'), /G3-002 Timer callback ingestion with OIDC validation +Platform +NO-GO +missing 1\/2 +—/);
	t.regex(frame, /Evidence \(2\)\n +ok +evidence\/gate-3\/restart\.log/);
	t.regex(frame, /opened gate 3/);
});

test.serial('gate screen: recorded status that disagrees with the signals shows both', async (t) => {
	const app = await renderApp(sampleModel());
	t.teardown(() => app.close());
	await app.press('j', 'j', KEYS.enter);
	t.regex(app.frame(), /Status +GO ! derived PARTIAL/);
});

test.serial('signal screen: every ledger field, evidence, commands latest first, preview of the highlighted file', async (t) => {
	const root = tempDirectory(t);
	writeFiles(root, {
		'evidence/gate-3/timer.log': Array.from({ length: 40 }, (_, index) => `timer log line ${index + 1}`).join('\n'),
	});
	const app = await renderApp(sampleModel({ root }));
	t.teardown(() => app.close());
	await app.press('G', KEYS.enter, 'j', KEYS.enter);
	const frame = await app.waitFor((text) => text.includes('timer log line 1'));
	t.is(lines(frame)[0], 'Audit > Gate 3 > G3-002');
	t.regex(frame, /G3-002 · Timer callback ingestion with OIDC validation/);
	t.regex(frame, /Status +NO-GO {2}owner Platform {2}gate 3 {2}sign-off none {2}1 finding \(d\) {2}ledger line \d+/);
	t.regex(frame, /Code +crates\/arco-flow\/src\/timer\.rs/);
	t.regex(frame, /Exit test Timer callbacks are accepted only with a valid OIDC token/);
	t.regex(frame, /▸ Evidence \(2\)/);
	t.regex(rowOf(frame, '> ok'), /> ok +evidence\/gate-3\/timer\.log/);
	t.regex(rowOf(frame, '/etc/passwd'), /refused +\/etc\/passwd {2}\(absolute: never read\)/);
	t.regex(frame, /Commands \(2\) {2}\(tab\)/);
	const commandLines = lines(frame).filter((line) => /exit \d/.test(line));
	t.regex(commandLines[0] ?? '', /exit 0 +2026-02-13 02:12 g3_timer_e2e/);
	t.regex(commandLines[1] ?? '', /exit 1 +2026-02-13 01:11 g3_timer_unit +cargo test -p arco-flow timer/);
	t.regex(frame, /Preview lines 1-\d+ of 40 {2}evidence\/gate-3\/timer\.log/);
	// The refused path is highlighted next: the preview explains and reads nothing.
	await app.press('j');
	await app.waitFor((text) => text.includes('not shown: path refused (absolute)'));
	t.false(app.frame().includes('root:'));
});

test.serial('signal screen: PgDn pages the preview; Tab moves to commands and previews the log', async (t) => {
	const root = tempDirectory(t);
	writeFiles(root, { 'evidence/gate-3/timer.log': Array.from({ length: 40 }, (_, index) => `timer log line ${index + 1}`).join('\n') });
	const app = await renderApp(sampleModel({ root }));
	t.teardown(() => app.close());
	await app.press('G', KEYS.enter, 'j', KEYS.enter);
	await app.waitFor((text) => text.includes('timer log line 1\n') || text.includes('timer log line 1'));
	await app.press(KEYS.pageDown);
	const paged = app.frame();
	t.false(/timer log line 1$/m.test(paged));
	t.regex(paged, /lines \d+-\d+ of 40/);
	await app.press(KEYS.pageUp);
	t.regex(app.frame(), /timer log line 1$/m);
	await app.press(KEYS.tab);
	t.regex(app.frame(), /▸ Commands \(2\)/);
	t.regex(app.frame(), /focus: commands/);
	t.regex(app.frame(), /Preview +nothing highlighted/);
	await app.press('j');
	await app.waitFor((text) => /Preview lines 1-\d+ of 40 {2}evidence\/gate-3\/timer\.log/.test(text));
});

test.serial('Enter opens the preview pane over the body; Esc closes it', async (t) => {
	const root = tempDirectory(t);
	writeFiles(root, { 'evidence/gate-3/timer.log': Array.from({ length: 100 }, (_, index) => `pane line ${index + 1}`).join('\n') });
	const app = await renderApp(sampleModel({ root }), { viewport: { columns: 100, rows: 24 } });
	t.teardown(() => app.close());
	await app.press('G', KEYS.enter, 'j', KEYS.enter, KEYS.enter);
	const frame = await app.waitFor((text) => text.includes('pane line 19'));
	t.regex(frame, /Preview lines 1-19 of 100 {2}evidence\/gate-3\/timer\.log/);
	t.false(frame.includes('Exit test'));
	t.regex(lines(frame).at(-1)!, /j\/k scroll/);
	await app.press('G');
	t.regex(app.frame(), /pane line 100/);
	await app.press(KEYS.escape);
	t.regex(app.frame(), /Exit test/);
	t.regex(app.frame(), /closed preview/);
});

test.serial('findings screen (f) lists severity, subject, code and message; Enter opens the subject', async (t) => {
	const app = await renderApp(sampleModel());
	t.teardown(() => app.close());
	await app.press('f');
	const frame = app.frame();
	t.is(lines(frame)[0], 'Audit > Findings');
	t.regex(frame, /Findings 3 {2}1 error · 1 warning · 1 info/);
	t.regex(frame, /Severity Subject +Code +Message/);
	t.regex(rowOf(frame, 'evidence-missing'), /^> error +G3-002 +evidence-missing +evidence path refused/);
	await app.press('j', KEYS.enter);
	t.is(lines(app.frame())[0], 'Audit > Findings > Gate 2');
});

test.serial('command matrix screen (m) lists entries with exit codes; a missing row is marked', async (t) => {
	const app = await renderApp(sampleModel());
	t.teardown(() => app.close());
	await app.press('m');
	const frame = app.frame();
	t.is(lines(frame)[0], 'Audit > Command matrix');
	t.regex(frame, /all_pass false \(recorded\) {2}3 required · 2 recorded · 1 failing · 1 missing/);
	t.regex(rowOf(frame, 'fmt_check'), /> fmt_check +yes 0 +2026-02-13 01:00 cargo fmt --all --check/);
	t.regex(rowOf(frame, 'clippy'), /clippy_workspace +yes 101/);
	t.regex(rowOf(frame, 'buf_lint'), /buf_lint_proto +yes no row +—/);
	await app.press('j', KEYS.enter);
	t.regex(app.frame(), /no log recorded for clippy_workspace/);
});

test.serial('? shows the keys of the current screen; the hint line is always there', async (t) => {
	const app = await renderApp(sampleModel());
	t.teardown(() => app.close());
	await app.press('?');
	let frame = app.frame();
	t.regex(frame, /Help {2}\? or Esc closes/);
	t.regex(frame, /Overview keys\n +Enter +open the selected gate/);
	t.regex(frame, /Everywhere keys/);
	t.regex(frame, /\/ +filter this list/);
	t.regex(lines(frame).at(-1)!, /\?\/esc close help/);
	await app.press('?');
	await app.press('G', KEYS.enter, 'j', KEYS.enter, '?');
	frame = app.frame();
	t.regex(frame, /Signal keys\n +Enter +open the highlighted evidence/);
	t.regex(frame, /Tab +switch between evidence and commands/);
	await app.press(KEYS.escape);
	t.notRegex(app.frame(), /Help {2}\?/);
});

test.serial('/ filter: the typed text is shown, Enter keeps it, Esc clears it', async (t) => {
	const app = await renderApp(sampleModel());
	t.teardown(() => app.close());
	await app.press('/', 't', 'r', 'a');
	let frame = app.frame();
	t.regex(lines(frame).at(-1)!, /^\/tra▏ {2}⏎ keep/);
	t.regex(frame, /Re-baseline \/ tracker integrity/);
	t.notRegex(frame, /Layer-2/);
	await app.press(KEYS.enter);
	frame = app.frame();
	t.is(lines(frame)[0], 'Audit  [filter: tra]');
	t.regex(frame, /filter: tra \(1 of 4\)/);
	await app.press(KEYS.escape);
	frame = app.frame();
	t.regex(frame, /Layer-2/);
	t.regex(frame, /filter cleared/);
	await app.press('/', 'z', 'z', 'z');
	t.regex(app.frame(), /no gate matches "zzz"/);
	await app.press(KEYS.escape);
	t.regex(app.frame(), /Layer-2/);
});

test.serial('a pasted chunk is handled key by key: "jj" moves twice, "/tim" starts a filter with "tim"', async (t) => {
	const app = await renderApp(sampleModel());
	t.teardown(() => app.close());
	await app.press('jj');
	t.regex(rowOf(app.frame(), 'Storage'), /^> /);
	await app.press('/lay');
	t.regex(lines(app.frame()).at(-1)!, /^\/lay▏/);
});

test.serial('Esc goes back, q goes back; on the top screen q asks (Esc or any key stays, q again quits with 0)', async (t) => {
	const app = await renderApp(sampleModel());
	t.teardown(() => app.close());
	await app.press(KEYS.enter, KEYS.escape);
	t.is(lines(app.frame())[0], 'Audit');
	t.regex(app.frame(), /back to overview/);
	await app.press(KEYS.enter, 'q');
	t.is(lines(app.frame())[0], 'Audit');
	await app.press('q');
	t.regex(app.frame(), /q again to quit, Esc to stay/);
	t.regex(lines(app.frame()).at(-1)!, /^q again to quit {2}esc stay$/);
	await app.press(KEYS.escape);
	t.regex(app.frame(), /staying/);
	t.is(app.controller.getState().quit, null);
	// Any other key stays too (and does nothing else): backing out never lands in the shell by accident.
	await app.press('q', 'j');
	t.regex(app.frame(), /staying/);
	t.regex(rowOf(app.frame(), 'Re-baseline'), /^> /);
	await app.press('q', 'q');
	t.is(await app.controller.exited, 0);
});

test.serial('Q quits from a deep screen and Ctrl-C quits too', async (t) => {
	const deep = await renderApp(sampleModel());
	t.teardown(() => deep.close());
	await deep.press('G', KEYS.enter, 'j', KEYS.enter, 'Q');
	t.is(await deep.controller.exited, 0);
	const interrupted = await renderApp(sampleModel());
	t.teardown(() => interrupted.close());
	await interrupted.press(KEYS.ctrlC);
	t.is(await interrupted.controller.exited, 0);
});

test.serial('PgDn/PgUp page a long gate table and only visible rows are rendered', async (t) => {
	const app = await renderApp(generatedModel(200, 2), { viewport: { columns: 100, rows: 24 } });
	t.teardown(() => app.close());
	const gateRows = (frame: string) => lines(frame).filter((line) => /^[> ] +\d+ Generated area/.test(line));
	// 24 rows: one kept free, breadcrumb + status + hints, 3 header lines, a blank, the table header, and the
	// line saying how many rows are above and below.
	const visible = 24 - 1 - 3 - 5 - 1;
	t.is(gateRows(app.frame()).length, visible);
	t.regex(app.frame(), new RegExp(`^ {2}↓ ${200 - visible} below {2}\\(1-${visible} of 200\\)$`, 'm'));
	await app.press(KEYS.pageDown, KEYS.pageDown);
	let frame = app.frame();
	t.regex(rowOf(frame, '> '), new RegExp(`^> +${2 * visible} Generated area`));
	await app.press('G');
	frame = app.frame();
	t.regex(gateRows(frame).at(-1)!, /^> +199 Generated/);
	t.is(gateRows(frame).length, visible);
	t.regex(frame, new RegExp(`^ {2}↑ ${200 - visible} above {2}\\(${201 - visible}-200 of 200\\)$`, 'm'));
	await app.press(KEYS.pageUp);
	t.regex(rowOf(app.frame(), '> '), new RegExp(`^> +${199 - visible} Generated`));
});

test.serial('a gate naming an undefined signal shows it and explains on Enter', async (t) => {
	const app = await renderApp(buildModel({ gates: [{ id: 1, signals: [{ id: 'G1-001' }], undefinedSignalIds: ['G1-009'] }] }));
	t.teardown(() => app.close());
	await app.press(KEYS.enter);
	t.regex(rowOf(app.frame(), 'G1-009'), /\(not defined in tracker\) +— +undefined/);
	await app.press('j', KEYS.enter);
	t.regex(app.frame(), /Enter: G1-009 is not defined in the tracker/);
	// Enter cannot act on it, so it is not hinted there.
	t.notRegex(lines(app.frame()).at(-1)!, /open signal/);
});

test.serial('the status line keeps a reload message whole at 80 columns; the cause after it gives way first', async (t) => {
	const model = sampleModel();
	const app = await renderApp(model, { viewport: { columns: 80, rows: 24 } });
	t.teardown(() => app.close());
	const statusRow = () => lines(app.frame()).at(-2) ?? '';
	app.controller.dispatch({
		type: 'modelReloaded',
		model: structuredClone(model),
		summary: 'reloaded: G1-002 NO-GO -> PARTIAL by Bob',
		cause: 'signoffs.jsonl, ledger, tracker changed on disk',
	});
	await app.settled();
	t.regex(statusRow(), /^reloaded: G1-002 NO-GO -> PARTIAL by Bob \(signoffs\.jsonl, .*…$/);
	t.true(statusRow().length <= 80);
	// A short cause stays whole beside a message that has to give way.
	app.controller.dispatch({
		type: 'modelReloaded',
		model: structuredClone(model),
		summary: `reloaded: ${'gate 3 status reason edited; '.repeat(4)}`,
		cause: 'tracker changed on disk',
	});
	await app.settled();
	t.regex(statusRow(), /^reloaded: gate 3 .*… \(tracker changed on disk\)$/);
});
