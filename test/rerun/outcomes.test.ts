/**
 * Outcomes of `rerun`, through the real binary and real child processes: passed (exit 0), failed (exit 1,
 * the command's code recorded), killed by a signal, timed out (124, recorded), and cancelled by SIGINT,
 * SIGTERM or SIGHUP: the whole process tree stopped (a `setsid` descendant too) and nothing written back,
 * the status file and the tracker the same to the byte, the cancelled run's log kept beside the others.
 * The commands are rows added to copies of lumen-audit: `gate-2/batch-a` has a result column, `phase-1`
 * is the command matrix.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { commitAll, LUMEN_EVIDENCE as E, LUMEN_TRACKER } from '../helpers/fixture-repo.js';
import { until } from '../helpers/wait.js';
import { isRunning, livingDescendants } from '../runner/helpers/process-group.js';
import {
	addRows,
	assertCleanStderr,
	changedPaths,
	entryNamed,
	exists,
	LUMEN,
	livingGroupMembers,
	logFrame,
	makeRepo,
	processGroupOf,
	type Repo,
	type RerunJson,
	read,
	readAllStatusFiles,
	readBytes,
	rerunJson,
	startBinary,
} from './helpers/rerun-kit.js';

const BATCH_A = `${E}/gate-2/batch-a/command-matrix-status.tsv`;
const MATRIX = `${E}/phase-1/command-matrix-status.tsv`;

/** A lumen copy whose batch-a file (timestamp_utc, step, command, exit_code, result, log_path) has these steps too. */
function withBatchRows(t: ExecutionContext, rows: Record<string, string>): Repo {
	const repo = makeRepo(t, LUMEN);
	addRows(
		repo.root,
		BATCH_A,
		Object.entries(rows).map(([step, command]) => ['2026-03-03T13:05:00Z', step, command, '0', 'PASS', '']),
	);
	return { ...repo, head: commitAll(repo.root, 'head after rows') };
}

/** Cells of the batch-a row of `step` (the file has one row per step, rewritten in place). */
function batchRow(repo: Repo, step: string): { timestamp: string; command: string; exitCode: string; result: string; log: string } {
	const rows = read(repo.root, BATCH_A)
		.split('\n')
		.map((line) => line.split('\t'))
		.filter((cells) => cells[1] === step);
	if (rows.length !== 1) throw new Error(`expected one row for ${step}, found ${rows.length}`);
	const [timestamp = '', , command = '', exitCode = '', result = '', log = ''] = rows[0] ?? [];
	return { timestamp, command, exitCode, result, log };
}

test('a passing command: exit 0, its row records 0 and PASS, the log has header and footer', async (t) => {
	const repo = withBatchRows(t, { say_ok: 'echo ok' });
	const report = await rerunJson(t, ['gate-2/batch-a/say_ok'], { cwd: repo.root, expectedCode: 0 });
	const run = report.runs[0];
	t.like(run, { name: 'gate-2/batch-a/say_ok', command: 'echo ok', outcome: 'passed', exit_code: 0, status_file: BATCH_A, all_pass: null });
	t.like(batchRow(repo, 'say_ok'), { command: 'echo ok', exitCode: '0', result: 'PASS', log: run?.log, timestamp: run?.start_utc });
	const frame = logFrame(readBytes(repo.root, run?.log ?? ''));
	t.is(frame.header, `# command: echo ok\n# shell: ${report.shell}\n# start_utc: ${run?.start_utc}\n# head: ${repo.head}\n`);
	t.is(frame.body.toString(), 'ok\n');
	t.is(frame.footer, `# end_utc: ${run?.end_utc}\n# exit_code: 0\n`);
});

test('a failing command: exit 1, its row records the exit code and FAIL', async (t) => {
	const repo = withBatchRows(t, { fail_three: 'echo broken >&2; exit 3' });
	const report = await rerunJson(t, ['gate-2/batch-a/fail_three'], { cwd: repo.root, expectedCode: 1 });
	t.like(report.runs[0], { outcome: 'failed', exit_code: 3 });
	t.like(batchRow(repo, 'fail_three'), { exitCode: '3', result: 'FAIL' });
	const frame = logFrame(readBytes(repo.root, report.runs[0]?.log ?? ''));
	t.is(frame.body.toString(), 'broken\n', 'stderr goes to the log too');
	t.true(frame.footer.endsWith('# exit_code: 3\n'));
});

test('a command killed by a signal we did not send fails with 128 + the signal number', async (t) => {
	const repo = withBatchRows(t, { killed: 'kill -KILL $$' });
	const report = await rerunJson(t, ['gate-2/batch-a/killed'], { cwd: repo.root, expectedCode: 1 });
	t.like(report.runs[0], { outcome: 'failed', exit_code: 137 });
	t.like(batchRow(repo, 'killed'), { exitCode: '137', result: 'FAIL' });
});

test('several names: each runs in turn, a failure does not stop the next, exit 1 when one failed', async (t) => {
	const repo = withBatchRows(t, { first_fails: 'exit 4', then_passes: 'echo fine' });
	const report = await rerunJson(t, ['gate-2/batch-a/first_fails', 'gate-2/batch-a/then_passes'], { cwd: repo.root, expectedCode: 1 });
	t.deepEqual(
		report.runs.map((run) => [run.name, run.outcome, run.exit_code]),
		[
			['gate-2/batch-a/first_fails', 'failed', 4],
			['gate-2/batch-a/then_passes', 'passed', 0],
		],
	);
	t.like(batchRow(repo, 'first_fails'), { exitCode: '4', result: 'FAIL' });
	t.like(batchRow(repo, 'then_passes'), { exitCode: '0', result: 'PASS' });
});

test('--timeout 1 on a sleep 30: stopped, exit 1, recorded as 124, the log says timed-out', async (t) => {
	// `sleep 3600`: only the timeout can end this run before ava's own timeout does.
	const repo = withBatchRows(t, { sleepy: 'echo waiting; sleep 3600' });
	const report = await rerunJson(t, ['gate-2/batch-a/sleepy', '--timeout', '1'], { cwd: repo.root, expectedCode: 1 });
	const run = report.runs[0];
	t.like(run, { outcome: 'timed-out', exit_code: 124, recorded: true });
	t.true((run?.duration_ms ?? 0) >= 900, `not stopped before its time (${run?.duration_ms} ms)`);
	const row = batchRow(repo, 'sleepy');
	t.is(row.exitCode, '124');
	t.not(row.result, 'PASS');
	t.not(row.result, '');
	const frame = logFrame(readBytes(repo.root, run?.log ?? ''));
	t.is(frame.body.toString(), 'waiting\n');
	t.regex(frame.footer, /^# end_utc: \S+\n# exit_code: 124\n# outcome: timed-out\n$/);
});

test('a command that exits 0 when told to stop is still recorded as timed out (124), never as 0', async (t) => {
	const repo = withBatchRows(t, { stubborn: 'trap "exit 0" TERM; sleep 30 & wait' });
	const report = await rerunJson(t, ['gate-2/batch-a/stubborn', '--timeout', '1'], { cwd: repo.root, expectedCode: 1 });
	t.like(report.runs[0], { outcome: 'timed-out', exit_code: 124 });
	t.like(batchRow(repo, 'stubborn'), { exitCode: '124' });
	t.not(batchRow(repo, 'stubborn').result, 'PASS');
});

test('--timeout takes seconds > 0: anything else is a usage error (exit 2) and nothing runs', async (t) => {
	const repo = withBatchRows(t, { never: 'touch never-ran' });
	for (const value of ['0', '-1', 'soon']) {
		const running = startBinary(['rerun', 'gate-2/batch-a/never', '--timeout', value], { cwd: repo.root });
		const result = await running.done;
		t.is(result.code, 2, `--timeout ${value}`);
		t.regex(result.stderr, /--timeout/);
		assertCleanStderr(t, result.stderr);
	}
	t.false(exists(repo.root, 'never-ran'));
	t.deepEqual(changedPaths(repo.root), []);
});

/** Pids written by a command to `pid-*` files in the repository, once `count` of them are there. */
async function pidsWritten(root: string, count: number): Promise<number[]> {
	let pids: number[] = [];
	await until(
		() => {
			pids = fs
				.readdirSync(root)
				.filter((name) => name.startsWith('pid-'))
				.map((name) => Number.parseInt(fs.readFileSync(path.join(root, name), 'utf8'), 10))
				.filter((pid) => Number.isInteger(pid) && pid > 1);
			return pids.length === count;
		},
		{ what: `${count} pid files` },
	);
	return pids;
}

/** Every file of the repository (outside .git) with its bytes, but the logs: what a cancel must leave as it was. */
function evidenceBytes(root: string): Map<string, string> {
	const files = new Map<string, string>();
	const walk = (relative: string): void => {
		for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
			const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
			if (child === '.git' || entry.name.startsWith('pid-')) continue;
			if (entry.isDirectory()) walk(child);
			else files.set(child, fs.readFileSync(path.join(root, child)).toString('base64'));
		}
	};
	walk('');
	return files;
}

// A command whose subshells write their pids, one of them ignoring SIGTERM, one in a session of its own.
// (An ignored signal stays ignored across exec.)
const LONG_RUN =
	"echo started; (trap '' TERM; exec sh -c 'echo $$ > pid-ignoring-term; exec sleep 3600') & sh -c 'echo $$ > pid-plain; exec sleep 3600' & " +
	"setsid sh -c 'echo $$ > pid-setsid; exec sleep 3600' & sleep 3600";

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
	test(`${signal} during a run of a passing entry: every process stopped, nothing written back, the cancelled run's log kept beside the row's`, async (t) => {
		const repo = withBatchRows(t, { long_run: LONG_RUN });
		const before = batchRow(repo, 'long_run');
		t.like(before, { exitCode: '0', result: 'PASS' });
		const bytesBefore = evidenceBytes(repo.root);
		const logsBefore = fs.readdirSync(path.join(repo.root, E, 'gate-2/batch-a/command-logs'));
		const running = startBinary(['rerun', 'gate-2/batch-a/long_run'], { cwd: repo.root });
		await until(() => running.stdoutSoFar().includes('started\n'), { what: 'the command to start' });
		const pids = await pidsWritten(repo.root, 3);
		t.true(pids.every((pid) => isRunning(pid)));
		running.child.kill(signal);
		const result = await running.done;
		t.is(result.code, 128 + (os.constants.signals[signal] ?? 0), `exited by itself: code ${result.code}, signal ${result.signal}`);
		t.is(result.signal, null);
		assertCleanStderr(t, result.stderr);
		const stdout = result.stdout.toString();
		t.regex(stdout, /^==> gate-2\/batch-a\/long_run: /m);
		t.regex(stdout, /^<== gate-2\/batch-a\/long_run: cancelled after \d+\.\ds; recorded result kept \(exit 0 at 2026-03-03T13:05:00Z\); log \S+$/m);
		// No process of the command is left: not the one ignoring SIGTERM, not the setsid one. (Each got
		// SIGKILL at the latest; how soon the kernel finishes them is not ours to time.)
		await until(() => pids.every((pid) => !isRunning(pid)), { what: 'every process of the command to be gone' });

		// Evidence untouched: every file of the repository the same to the byte, the row and its log included.
		const after = evidenceBytes(repo.root);
		const added = [...after.keys()].filter((file) => !bytesBefore.has(file));
		for (const [file, bytes] of bytesBefore) t.is(after.get(file), bytes, `${file} unchanged`);
		t.deepEqual(batchRow(repo, 'long_run'), before);
		// Only the cancelled run's own log was added, beside the others, under a timestamped name.
		t.is(added.length, 1, added.join(', '));
		const log = added[0] ?? '';
		t.regex(log, new RegExp(`^${E}/gate-2/batch-a/command-logs/long_run\\.\\d{8}T\\d{6}Z(-\\d+)?\\.log$`));
		t.true(stdout.includes(`; log ${log}\n`), 'the CLI says where the log is');
		t.is(fs.readdirSync(path.join(repo.root, E, 'gate-2/batch-a/command-logs')).length, logsBefore.length + 1);
		const frame = logFrame(readBytes(repo.root, log));
		t.is(frame.body.toString(), 'started\n');
		t.regex(frame.footer, /^# end_utc: \S+\n# exit_code: 130\n# outcome: cancelled\n$/);
	});
}

test('the reader of the output going away (| head) stops the run: exit 141, the process gone, nothing written back', async (t) => {
	const repo = withBatchRows(t, { chatty: "echo started; sh -c 'echo $$ > pid-chatty; while :; do echo more; sleep 0.05; done'" });
	const before = batchRow(repo, 'chatty');
	const bytesBefore = evidenceBytes(repo.root);
	const running = startBinary(['rerun', 'gate-2/batch-a/chatty'], { cwd: repo.root });
	await until(() => running.stdoutSoFar().includes('started\n'), { what: 'the command to start' });
	const [pid] = await pidsWritten(repo.root, 1);
	running.child.stdout?.destroy();
	const result = await running.done;
	t.is(result.code, 141, `code ${result.code}, signal ${result.signal}`);
	assertCleanStderr(t, result.stderr);
	await until(() => !isRunning(pid ?? 0), { what: 'the command to be gone' });
	t.deepEqual(batchRow(repo, 'chatty'), before);
	const after = evidenceBytes(repo.root);
	for (const [file, bytes] of bytesBefore) t.is(after.get(file), bytes, `${file} unchanged`);
});

test('SIGINT with --json on a passing required matrix command: interrupted report, later names not run, tracker and matrix unchanged to the byte', async (t) => {
	const repo = makeRepo(t, LUMEN);
	// Start from a matrix where everything passed (test_lumen recorded as 0, all_pass true).
	const matrixText = read(repo.root, MATRIX).replace('\t101\t2026-03-03T08:00:40Z', '\t0\t2026-03-03T08:00:40Z');
	fs.writeFileSync(path.join(repo.root, MATRIX), matrixText);
	const trackerPassing = read(repo.root, LUMEN_TRACKER).replace('"all_pass": false', '"all_pass": true');
	fs.writeFileSync(path.join(repo.root, LUMEN_TRACKER), trackerPassing);
	commitAll(repo.root, 'all passing');

	const pidFile = path.join(repo.root, 'fake-cargo-pid');
	const running = startBinary(['rerun', 'test_lumen', 'fmt_check', '--json'], {
		cwd: repo.root,
		env: { FAKE_TOOL_SLEEP: '3600', FAKE_TOOL_PIDFILE: pidFile },
	});
	await until(() => fs.existsSync(pidFile) && read(repo.root, 'fake-cargo-pid').trim() !== '', { what: 'fake cargo to start' });
	const cargoPid = Number(read(repo.root, 'fake-cargo-pid').trim());
	const pgid = processGroupOf(cargoPid);
	t.not(pgid, null);
	t.not(pgid, running.child.pid, 'the command runs in its own process group');
	running.child.kill('SIGINT');
	const result = await running.done;
	t.is(result.code, 130);
	assertCleanStderr(t, result.stderr);
	const report = JSON.parse(result.stdout.toString()) as RerunJson;
	t.true(report.interrupted);
	t.is(report.runs.length, 1, 'fmt_check, named after the cancelled run, did not run');
	t.like(report.runs[0], { name: 'test_lumen', outcome: 'cancelled', exit_code: 130, recorded: false, all_pass: null });
	t.deepEqual(report.runs[0]?.kept, { exit_code: '0', at: '2026-03-03T08:02:15Z' });
	if (pgid !== null) await until(() => livingGroupMembers(pgid).length === 0, { what: 'the command\u2019s group to be gone' });
	t.is(read(repo.root, LUMEN_TRACKER), trackerPassing, 'all_pass stays true: the tracker is the same to the byte');
	t.is(read(repo.root, MATRIX), matrixText, 'the matrix status file is the same to the byte');
	t.true(exists(repo.root, report.runs[0]?.log ?? ''), "the cancelled run's log is on disk");
	const reread = await readAllStatusFiles(repo.root);
	t.like(entryNamed(reread, 'test_lumen'), { exit_code: 0 });
	t.like(entryNamed(reread, 'fmt_check'), { exit_code: 0, start_utc: '2026-03-03T08:00:01Z' });
	t.not(entryNamed(reread, 'test_lumen').log, report.runs[0]?.log, "the model keeps the recorded run's log as the entry's");
});

test("sh -c 'setsid sleep 1000 & sleep 1000 & wait' cancelled by SIGINT leaves nothing running", async (t) => {
	const repo = withBatchRows(t, { escapes: "echo started; sh -c 'setsid sleep 1000 & sleep 1000 & wait'" });
	const running = startBinary(['rerun', 'gate-2/batch-a/escapes'], { cwd: repo.root });
	await until(() => running.stdoutSoFar().includes('started\n'), { what: 'the command to start' });
	const child = running.child.pid ?? 0;
	let sleeps: number[] = [];
	await until(
		() => {
			sleeps = livingDescendants(child)
				.filter((stat) => stat.command === 'sleep')
				.map((stat) => stat.pid);
			return sleeps.length === 2;
		},
		{ what: 'both sleeps' },
	);
	running.child.kill('SIGINT');
	const result = await running.done;
	t.is(result.code, 130);
	await until(() => sleeps.every((pid) => !isRunning(pid)), { what: 'both sleeps to be gone' });
	t.pass();
});
