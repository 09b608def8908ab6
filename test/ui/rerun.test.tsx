/**
 * Reruns from the TUI with real child processes: rows added to a lumen-audit copy run quick shell
 * snippets, the log pane shows them live, results are written back like `arco-review rerun` does, and a
 * cancelled run (x, Ctrl-C, quitting) writes nothing back.
 */
import fs from 'node:fs';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { writeBackRun } from '../../source/rerun/write-back.js';
import { defaultFeatures } from '../../source/ui/effects/features.js';
import { type RerunServices, rerunFeature } from '../../source/ui/effects/run-supervisor.js';
import { signoffFeature } from '../../source/ui/effects/signoff-effects.js';
import { commitAll, LUMEN_EVIDENCE, LUMEN_TRACKER, readText } from '../helpers/fixture-repo.js';
import { until } from '../helpers/wait.js';
import { type AuditRepo, type AuditRepoOptions, auditRepo, MATRIX_TSV, matrixRow } from './helpers/audit-repo.js';
import { KEYS, renderApp } from './helpers/render-app.js';

const lines = (frame: string) => frame.split('\n');
const _rowOf = (frame: string, text: string) => lines(frame).find((line) => line.includes(text)) ?? '';

/** A row printing `tick 1..count` with a pause after each, so a frame can catch it half way. */
const slowTicks = (count: number, pause = 0.3) => `for i in $(seq 1 ${count}); do echo "tick $i"; sleep ${pause}; done; echo all-done`;

async function appOn(t: ExecutionContext, options: AuditRepoOptions, viewport = { columns: 100, rows: 30 }) {
	const repo = auditRepo(t, options);
	const app = await renderApp(await repo.load(), { load: repo.load, features: defaultFeatures(), viewport });
	t.teardown(() => app.close());
	return { repo, app };
}

/** Opens the matrix and leaves only `name` in it, so it is the highlighted row. */
async function selectMatrixEntry(app: Awaited<ReturnType<typeof renderApp>>, name: string) {
	await app.press('m', '/', name, KEYS.enter);
	await app.waitFor((frame) => new RegExp(`^> ${name} `, 'm').test(frame));
}

function recordedExit(repo: AuditRepo, name: string) {
	return matrixRow(repo.root, name).exitCode;
}

test.serial('r on a matrix entry streams its output live, then shows exit code, HEAD and the recorded result', async (t) => {
	const { repo, app } = await appOn(t, { matrixRows: { slow: [1, slowTicks(5)] } });
	await selectMatrixEntry(app, 'slow');
	t.regex(app.frame(), /^> slow +no +1 /m);
	await app.press('r');
	// Live: the first lines are on screen while the command still runs.
	const live = await app.waitFor((frame) => /^ {2}tick 1$/m.test(frame) && /slow +running \d+\.\ds/.test(frame));
	t.notRegex(live, /^ {2}all-done$/m);
	t.regex(live, /following/);
	const done = await app.waitFor((frame) => /slow +exit 0 · passed in \d+\.\ds/.test(frame));
	t.regex(done, new RegExp(`HEAD ${repo.head.slice(0, 7)}`));
	t.regex(done, /^ {2}tick 5\n {2}all-done$/m);
	await until(() => recordedExit(repo, 'slow') === '0', { what: 'the TSV row to record exit 0' });
	// The status line says where the log is; the matrix shows the new exit code once the model reloaded.
	await app.waitFor((frame) => /slow passed in \d+\.\ds \(log .*command-logs\/slow\.log\)/.test(frame));
	await app.press(KEYS.escape);
	const matrix = await app.waitFor((frame) => /> slow +no +0 /.test(frame));
	t.regex(matrix, /Command matrix/);
});

/** The bytes of the matrix status file and the tracker: what a cancelled run must leave as they were. */
function evidence(repo: AuditRepo): { matrix: Buffer; tracker: Buffer } {
	return { matrix: fs.readFileSync(path.join(repo.root, MATRIX_TSV)), tracker: fs.readFileSync(path.join(repo.root, LUMEN_TRACKER)) };
}

test.serial(
	'x cancels the running command: the recorded result is kept, the files unchanged to the byte, the log on disk; Esc hides the pane without cancelling',
	async (t) => {
		const { repo, app } = await appOn(t, { matrixRows: { sleeper: [0, 'echo started; sleep 3600; echo never'] } });
		const before = evidence(repo);
		await selectMatrixEntry(app, 'sleeper');
		await app.press('r');
		await app.waitFor((frame) => /^ {2}started$/m.test(frame) && /sleeper +running/.test(frame));
		// Hidden, it keeps running, and the top line says so; Enter on the entry shows the run again.
		await app.press(KEYS.escape);
		const hidden = await app.waitFor((frame) => /\[running sleeper .*x cancel\]/.test(frame));
		t.regex(hidden, /^> sleeper +no +running /m);
		await app.press(KEYS.enter);
		await app.waitFor((frame) => /sleeper +running/.test(frame) && /^ {2}started$/m.test(frame));
		await app.press('x');
		const frame = await app.waitFor((text) => /sleeper +cancelled after \d+\.\ds; recorded result kept \(exit 0 at 2026-03-03T08:03:01Z\)/.test(text));
		t.notRegex(frame, /^ {2}never$/m);
		t.notRegex(frame, /exit 130/, "a cancelled run's exit code is recorded nowhere, so it is not shown as a result");
		// The status line says it too (read from the state: at 100 columns the line is cut before the log's path).
		await until(() => app.controller.getState().activeRun === null, { what: 'the run to end' });
		const status = app.controller.getState().status.text;
		t.regex(status, /^sleeper cancelled after \d+\.\ds; recorded result kept \(exit 0 at 2026-03-03T08:03:01Z\) \(log \S+\)$/);
		const log = /\(log (\S+)\)$/.exec(status)?.[1] ?? '';
		t.deepEqual(evidence(repo), before, 'status file and tracker unchanged to the byte');
		t.is(recordedExit(repo, 'sleeper'), '0');
		t.regex(log, /command-logs\/sleeper\.\d{8}T\d{6}Z(-\d+)?\.log$/);
		t.regex(readText(repo.root, log), /^started\n# end_utc: \S+\n# exit_code: 130\n# outcome: cancelled\n$/m, 'its log is on disk, its footer says cancelled');
	},
);

test.serial('R reruns the failed entries one after another with n/total progress', async (t) => {
	const { repo, app } = await appOn(t, {
		passFixtureFailures: true,
		matrixRows: { first_failing: [1, 'sleep 0.3; echo first-ran'], second_failing: [2, 'echo second-ran; exit 2'], passing: [0, 'echo should-not-run'] },
	});
	const statuses: string[] = [];
	const unsubscribe = app.controller.subscribe(() => {
		const text = app.controller.getState().status.text;
		if (statuses[statuses.length - 1] !== text) statuses.push(text);
	});
	t.teardown(unsubscribe);
	await app.press('m', 'R');
	await app.waitFor((frame) => /second_failing +exit 2 · failed with exit 2/.test(frame));
	await until(() => recordedExit(repo, 'second_failing') === '2' && recordedExit(repo, 'first_failing') === '0', { what: 'both rows to be recorded' });
	t.is(recordedExit(repo, 'passing'), '0');
	t.is(matrixRow(repo.root, 'passing').start, '2026-03-03T08:03:00Z', 'a passing entry is not rerun');
	const first = statuses.indexOf('running first_failing (1/2)');
	const second = statuses.indexOf('running second_failing (2/2)');
	t.true(first !== -1 && second > first, statuses.join(' | '));
	t.true(statuses.some((text) => /^first_failing passed in/.test(text)));
	await app.waitFor((frame) => frame.includes('second_failing failed with exit 2'));
});

test.serial('follow mode: k pauses and keeps the view still, F resumes at the newest line', async (t) => {
	const burst = (from: number, to: number) => `for i in $(seq ${from} ${to}); do echo "row $i"; done`;
	const { app } = await appOn(t, { matrixRows: { bursts: [0, `${burst(1, 60)}; sleep 0.8; ${burst(61, 120)}; sleep 30`] } }, { columns: 100, rows: 20 });
	await selectMatrixEntry(app, 'bursts');
	await app.press('r');
	await app.waitFor((frame) => /^ {2}row 60$/m.test(frame) && /following/.test(frame));
	await app.press('k');
	let frame = await app.waitFor((text) => /paused \(F follows\)/.test(text));
	t.regex(frame, /^ {2}row 59$/m);
	t.notRegex(frame, /^ {2}row 60$/m);
	// New output arrives; the paused view does not move.
	frame = await app.waitFor((text) => /lines \d+-\d+ of 120/.test(text));
	t.regex(frame, /^ {2}row 59$/m);
	t.notRegex(frame, /row 120/);
	await app.press('k', 'k', 'j');
	t.regex(app.frame(), /^ {2}row 58$/m);
	t.notRegex(app.frame(), /^ {2}row 59$/m);
	await app.press('F');
	frame = await app.waitFor((text) => /^ {2}row 120$/m.test(text) && /following/.test(text));
	t.regex(frame, /following the log/);
	await app.press('x');
	await app.waitFor((text) => /bursts +cancelled after/.test(text));
});

test.serial('/ searches the log: n and N move between matches, the status line counts them', async (t) => {
	const haystack = 'for i in $(seq 1 100); do if [ $((i % 10)) -eq 0 ]; then echo "needle $i"; else echo "hay $i"; fi; done';
	const { app } = await appOn(t, { matrixRows: { haystack: [0, haystack] } });
	await selectMatrixEntry(app, 'haystack');
	await app.press('r');
	// Recorded too: its status message would otherwise replace the search's.
	await app.waitFor((frame) => /haystack +exit 0 · passed/.test(frame) && /haystack passed in/.test(frame));
	await app.press('/', 'needle');
	t.regex(lines(app.frame()).at(-1)!, /^\/needle▏ {2}⏎ find/);
	await app.press(KEYS.enter);
	// Following, the search lands on the newest match.
	let frame = await app.waitFor((text) => text.includes('/needle: 10/10 matches'));
	t.regex(frame, /^> needle 100$/m);
	await app.press('n');
	frame = await app.waitFor((text) => text.includes('/needle: 1/10 matches'));
	t.regex(frame, /^> needle 10$/m);
	t.regex(frame, /^\* needle 20$/m);
	await app.press('n', 'n');
	frame = await app.waitFor((text) => text.includes('/needle: 3/10 matches'));
	t.regex(frame, /^> needle 30$/m);
	await app.press('N');
	frame = await app.waitFor((text) => text.includes('/needle: 2/10 matches'));
	t.regex(frame, /^> needle 20$/m);
	t.regex(frame, /\/needle 2\/10/);
	await app.press('/', KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, 'zzz', KEYS.enter);
	await app.waitFor((text) => text.includes('/zzz: no matches'));
});

test.serial('the UI keeps working during a run: help opens, screens change, the pane comes back with l', async (t) => {
	const { app } = await appOn(t, { matrixRows: { long: [0, slowTicks(100, 0.2)] } });
	await selectMatrixEntry(app, 'long');
	await app.press('r');
	await app.waitFor((frame) => /long +running/.test(frame) && /^ {2}tick 1$/m.test(frame));
	await app.press('?');
	let frame = await app.waitFor((text) => text.includes('Help  ? or Esc closes'));
	t.regex(frame, /Run log keys/);
	t.regex(frame, /x +cancel the run/);
	await app.press(KEYS.escape);
	await app.waitFor((text) => /long +running/.test(text));
	await app.press('q', 'f');
	frame = await app.waitFor((text) => /^Audit.*Findings.*\[running long/.test(text));
	await app.press('l');
	frame = await app.waitFor((text) => /long +running \d+\.\ds/.test(text));
	const ticking = /running (\d+\.\d)s/.exec(frame)?.[1];
	await app.waitFor((text) => /running (\d+\.\d)s/.exec(text)?.[1] !== ticking);
	t.pass('the running time ticks without key presses');
	// Ctrl-C with a run going cancels it; the app stays.
	await app.press(KEYS.ctrlC);
	await app.waitFor((text) => /long +cancelled after/.test(text));
	t.is(app.controller.getState().quit, null);
});

test.serial('quitting while a run is active cancels it, waits for it to end, and writes nothing back', async (t) => {
	const repo = auditRepo(t, { matrixRows: { blocker: [0, 'echo up; sleep 3600'] } });
	const before = evidence(repo);
	const app = await renderApp(await repo.load(), { load: repo.load, features: [rerunFeature(), signoffFeature()], viewport: { columns: 100, rows: 30 } });
	t.teardown(() => app.close());
	await selectMatrixEntry(app, 'blocker');
	await app.press('r');
	await app.waitFor((frame) => /^ {2}up$/m.test(frame) && /blocker +running/.test(frame));
	await app.press('Q');
	t.is(await app.controller.exited, 0);
	// By the time the exit resolves, the run is over, and its row still holds the recorded result.
	t.deepEqual(evidence(repo), before);
	t.is(app.controller.getState().activeRun, null);
	t.is(app.controller.getState().runs['blocker']?.result?.kind, 'cancelled');
});

test.serial('a write-back that fails shows one line on the status line; the run result stays in the pane', async (t) => {
	const repo = auditRepo(t, { matrixRows: { quick: [1, 'echo quick'] } });
	const failingWriteBack = async () => {
		throw new Error('disk full\nsecond line never shown');
	};
	const app = await renderApp(await repo.load(), {
		load: repo.load,
		features: [rerunFeature({ writeBackRun: failingWriteBack })],
		viewport: { columns: 100, rows: 30 },
	});
	t.teardown(() => app.close());
	await selectMatrixEntry(app, 'quick');
	await app.press('r');
	const frame = await app.waitFor((text) => /quick passed in \d+\.\ds, but not recorded: disk full$/m.test(text));
	t.notRegex(frame, /second line/);
	t.regex(frame, /quick +exit 0 · passed in .* not recorded: disk full/);
	t.is(recordedExit(repo, 'quick'), '1');
	// The run's log stays under its own name, beside the others; the recorded name is not taken.
	const log = app.controller.getState().runs['quick']?.log ?? '';
	t.regex(log, /command-logs\/quick\.\d{8}T\d{6}Z(-\d+)?\.log$/);
	t.regex(readText(repo.root, log), /^quick\n# end_utc: \S+\n# exit_code: 0\n/m);
	t.false(fs.existsSync(path.join(repo.root, path.dirname(log), 'quick.log')));
});

test.serial('a tracker that cannot be written after the row was: the run is recorded and shown, and the status line says what failed', async (t) => {
	const repo = auditRepo(t, { matrixRows: { quick: [1, 'echo quick'] } });
	// The real write-back, with a tracker path that is not there: the status file is written, the tracker refused.
	const trackerGone: RerunServices['writeBackRun'] = (model, ...rest) => writeBackRun({ ...model, trackerPath: 'docs/no-such-tracker.json' }, ...rest);
	const app = await renderApp(await repo.load(), {
		load: repo.load,
		features: [rerunFeature({ writeBackRun: trackerGone })],
		viewport: { columns: 160, rows: 30 },
	});
	t.teardown(() => app.close());
	await selectMatrixEntry(app, 'quick');
	await app.press('r');
	await until(() => app.controller.getState().activeRun === null && app.controller.getState().runs['quick']?.phase === 'done', { what: 'the run to end' });
	t.regex(app.controller.getState().status.text, /^quick passed in \d+\.\ds; recorded, but the tracker's all_pass could not be set to false: /);
	t.is(recordedExit(repo, 'quick'), '0');
	const log = app.controller.getState().runs['quick']?.log ?? '';
	t.regex(log, /command-logs\/quick\.log$/, 'the pane names the recorded log');
	t.regex(readText(repo.root, log), /^quick\n# end_utc: /m);
	// The row was written, so the model was reloaded: the matrix shows the new exit code.
	await app.press(KEYS.escape);
	await app.waitFor((frame) => /> quick +no +0 /.test(frame));
});

test.serial('r in a signal\u2019s Commands list reruns that command; an append-style file gains a row', async (t) => {
	const { repo, app } = await appOn(t, {});
	const statusFile = `${LUMEN_EVIDENCE}/gate-1/g1-001-command-status.tsv`;
	const rowsBefore = readText(repo.root, statusFile).trimEnd().split('\n').length;
	await app.press('j', KEYS.enter, KEYS.enter);
	await app.waitFor((frame) => lines(frame)[0] === 'Audit > Gate 1 > G1-001');
	await app.press('r');
	await app.waitFor((frame) => /tab to the Commands list first/i.test(frame));
	await app.press(KEYS.tab, 'r');
	await app.waitFor((frame) => /exit \d+ · (passed|failed)/.test(frame) && /(passed in|failed with exit) /.test(lines(frame).at(-2) ?? ''));
	await until(() => readText(repo.root, statusFile).trimEnd().split('\n').length === rowsBefore + 1, { what: 'a new row in the signal\u2019s status file' });
	await app.press(KEYS.escape);
	// The new run is the entry's latest: the two recorded before it are now its earlier runs.
	const frame = await app.waitFor((text) => /^> exit .*verify_release_tag .*\(\+2/m.test(text));
	t.regex(frame, /Commands \(2\)/);
});

test.serial('A on a signal\u2019s screen reruns each of its distinct commands once, one after another', async (t) => {
	const { repo, app } = await appOn(t, {});
	const statusFile = `${LUMEN_EVIDENCE}/gate-1/g1-001-command-status.tsv`;
	const rowsBefore = readText(repo.root, statusFile).trimEnd().split('\n').length;
	await app.press('j', KEYS.enter, KEYS.enter);
	await app.waitFor((frame) => lines(frame)[0] === 'Audit > Gate 1 > G1-001');
	const statuses: string[] = [];
	t.teardown(app.controller.subscribe(() => statuses.push(app.controller.getState().status.text)));
	await app.press('A');
	// G1-001 recorded verify_release_tag twice and release_docs_presence once: two commands.
	await until(() => readText(repo.root, statusFile).trimEnd().split('\n').length === rowsBefore + 2, { what: 'two rows appended' });
	await until(() => app.controller.getState().activeRun === null && app.controller.getState().queue.length === 0, { what: 'the queue to end' });
	t.deepEqual(Object.keys(app.controller.getState().runs).sort(), ['G1-001/release_docs_presence', 'G1-001/verify_release_tag']);
	t.true(
		statuses.some((text) => /^rerunning 2 entries one after another: /.test(text)),
		statuses.join(' | '),
	);
});

test.serial('a shell other than bash is named in the run pane', async (t) => {
	const repo = auditRepo(t, { matrixRows: { quick_sh: [0, 'echo from sh'] } });
	fs.writeFileSync(path.join(repo.root, '.arco-review.json'), '{"shell": "/bin/sh"}\n');
	commitAll(repo.root, 'project shell');
	const app = await renderApp(await repo.load(), { load: repo.load, features: defaultFeatures(), viewport: { columns: 120, rows: 30 } });
	t.teardown(() => app.close());
	await selectMatrixEntry(app, 'quick_sh');
	await app.press('r');
	const frame = await app.waitFor((text) => /quick_sh +exit 0 · passed/.test(text));
	t.regex(frame, /shell \/bin\/sh, not bash/);
});
