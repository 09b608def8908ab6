import test, { type ExecutionContext } from 'ava';
import stringWidth from 'string-width';
import { loadAudit } from '../../source/model/load-audit.js';
import type { AuditModel } from '../../source/model/types.js';
import { copyFixture } from '../helpers/fixture-repo.js';
import { sharedTest } from '../helpers/shared-fixtures.js';
import { buildModel, generatedModel, sampleModel } from './helpers/build-model.js';
import { KEYS, renderApp } from './helpers/render-app.js';

/** Long and wide strings everywhere: what a real audit's prose and paths look like at their worst. */
function wideModel(): AuditModel {
	const long = (label: string) => `${label} ${'very long text with 漢字 and emoji 👩‍👩‍👧‍👦 '.repeat(6)}`;
	return buildModel({
		auditDate: '2026-02-12',
		gates: Array.from({ length: 30 }, (_, gate) => ({
			id: gate,
			name: long(`gate ${gate}`),
			status: gate % 3 === 0 ? 'BLOCKED-EXTERNAL' : undefined,
			statusReason: long('reason'),
			evidence: Array.from({ length: 8 }, (_, index) => long(`evidence/${index}`)),
			signals: Array.from({ length: 12 }, (_, index) => ({
				id: `G${gate}-${String(index).padStart(3, '0')}`,
				status: index % 2 ? 'GO' : 'BLOCKED-EXTERNAL',
				title: long('title'),
				owner: long('owner'),
				evidence: Array.from({ length: 9 }, (_, evidence) => long(`evidence/${evidence}`)),
				codePaths: [long('code')],
				exitTest: long('exit'),
			})),
		})),
		commands: Array.from({ length: 9 }, (_, index) => ({ name: long(`cmd${index}`), signal: 'G0-000', command: long('command'), log: 'x.log' })),
		matrix: Array.from({ length: 40 }, (_, index) => ({ name: long(`m${index}`), command: long('command') })),
		findings: Array.from({ length: 60 }, (_, index) => ({
			severity: 'warning' as const,
			code: long('code'),
			subject: `gate ${index % 30}`,
			message: long('message'),
		})),
	});
}

const SIZES = [
	{ columns: 80, rows: 24 },
	{ columns: 100, rows: 30 },
	{ columns: 60, rows: 16 },
	{ columns: 40, rows: 8 },
	{ columns: 100, rows: 50 },
];

function assertFits(t: ExecutionContext, frame: string, size: { columns: number; rows: number }, where: string) {
	const lines = frame.split('\n');
	t.true(lines.length <= size.rows - 1, `${where}: ${lines.length} lines in ${size.rows} rows`);
	for (const line of lines) t.true(stringWidth(line) <= size.columns, `${where}: line of width ${stringWidth(line)} > ${size.columns}: ${line}`);
}

for (const size of SIZES) {
	test.serial(`every screen fits ${size.columns}x${size.rows}: at most rows-1 lines, none wider than the terminal`, async (t) => {
		const app = await renderApp(wideModel(), {
			viewport: size,
			readPreview: async () => ({ kind: 'text', lines: Array.from({ length: 300 }, (_, index) => `${index} ${'漢字 '.repeat(80)}`), truncated: false }),
		});
		t.teardown(() => app.close());
		const check = (where: string) => assertFits(t, app.frame(), size, where);
		check('overview');
		await app.press('G');
		check('overview, last row');
		await app.press('?');
		check('help');
		await app.press('?', KEYS.enter);
		check('gate');
		await app.press(KEYS.enter);
		await app.waitFor((frame) => frame.includes('漢字 漢字') || size.rows < 12);
		check('signal');
		await app.press(KEYS.tab);
		check('signal, commands');
		await app.press('?');
		check('signal help');
		await app.press('?', KEYS.tab, KEYS.enter);
		check('preview pane');
		await app.press('G');
		check('preview pane, bottom');
		await app.press(KEYS.escape, 'f');
		check('findings');
		await app.press('G', 'm');
		check('matrix');
		await app.press('/', 'command');
		check('filter');
	});
}

test.serial('a terminal below the minimum says so in one line instead of drawing a broken frame', async (t) => {
	const app = await renderApp(sampleModel(), { viewport: { columns: 30, rows: 6 } });
	t.teardown(() => app.close());
	t.is(app.frame(), '30x6: need 40x8 (Q quits)');
	await app.press('Q');
	t.is(await app.controller.exited, 0);
});

test.serial('the frame is exactly rows-1 lines so the status and hint lines sit at the bottom', async (t) => {
	const app = await renderApp(sampleModel(), { viewport: { columns: 80, rows: 24 } });
	t.teardown(() => app.close());
	const lines = app.frame().split('\n');
	t.is(lines.length, 23);
	t.regex(lines[21]!, /ready/);
	t.regex(lines[22]!, /\? help/);
});

test.serial('resize re-lays out: narrower columns truncate, more rows show more of a long table', async (t) => {
	const app = await renderApp(generatedModel(200, 1), { viewport: { columns: 100, rows: 24 } });
	t.teardown(() => app.close());
	const gateRows = () =>
		app
			.frame()
			.split('\n')
			.filter((line) => /^[> ] +\d+ Generated/.test(line)).length;
	const before = gateRows();
	app.controller.resize({ columns: 60, rows: 40 });
	await app.settled();
	t.is(gateRows(), before + 16);
	assertFits(t, app.frame(), { columns: 60, rows: 40 }, 'after resize');
	t.true(
		app
			.frame()
			.split('\n')
			.some((line) => line.endsWith('…')),
	);
});

test.serial('moving through 10,000 signals renders only the visible window', async (t) => {
	const model = generatedModel(200, 50);
	const app = await renderApp(model, { viewport: { columns: 100, rows: 30 } });
	t.teardown(() => app.close());
	await app.press(KEYS.end, KEYS.enter);
	const frame = app.frame();
	t.regex(frame, /Gate 199/);
	t.true(frame.split('\n').length <= 29);
	await app.press('G');
	t.regex(app.frame(), /^> G199-050/m);
});

sharedTest('gate 4 of arco-6ba74a9 at 80x24 draws all 6 of its signals (the evidence gives way and says how much)', 'arco-6ba74a9', async (t, fixture) => {
	const repo = copyFixture(fixture, { t });
	const model = await loadAudit({ cwd: repo.root, env: {} });
	const app = await renderApp(model, { viewport: { columns: 80, rows: 24 } });
	t.teardown(() => app.close());
	await app.press(':', '4', KEYS.enter);
	const frame = app.frame();
	const signalRows = frame.split('\n').filter((line) => /^[> ] G4-\d{3} /.test(line));
	t.is(signalRows.length, 6, frame);
	t.notRegex(frame, /↓ \d+ below/);
	t.regex(frame, /Evidence \(7\)/);
	t.regex(frame, /… \d more/);
	assertFits(t, frame, { columns: 80, rows: 24 }, 'gate 4');
});

test.serial('names and ids keep their width before free text gives up any: a 29-character matrix name at 80 columns', async (t) => {
	const model = buildModel({
		gates: [{ id: 5, signals: [{ id: 'G5-005' }] }],
		matrix: [
			{ name: 'G5-005/rollback_script_syntax', command: 'bash -n scripts/rollback.sh && shellcheck scripts/rollback.sh scripts/lib/*.sh' },
			{ name: 'fmt_check', command: 'cargo fmt --all --check' },
		],
	});
	const app = await renderApp(model, { viewport: { columns: 80, rows: 24 } });
	t.teardown(() => app.close());
	await app.press('m');
	const frame = app.frame();
	t.regex(frame, /^> G5-005\/rollback_script_syntax yes 0 +2026-02-13 01:00 bash -n/m);
	t.regex(frame, /^ {2}fmt_check {21}yes 0/m);
	assertFits(t, frame, { columns: 80, rows: 24 }, 'matrix');
});
