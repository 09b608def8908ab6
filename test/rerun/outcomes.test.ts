/**
 * Outcomes of `rerun`, through the real binary and real child processes: passed (exit 0), failed (exit 1,
 * the command's code recorded), killed by a signal, timed out (124), cancelled by SIGINT (130, children
 * and grandchildren killed, files whole), and never recorded as 0 unless passed. The commands are rows
 * added to copies of lumen-audit: `gate-2/batch-a` has a result column, `phase-1` is the command matrix.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import test, { type ExecutionContext } from 'ava';
import { commitAll, LUMEN_EVIDENCE as E, LUMEN_TRACKER } from '../helpers/fixture-repo.js';
import {
	addRows,
	assertCleanStderr,
	changedPaths,
	entryNamed,
	exists,
	LUMEN,
	linesOf,
	livingGroupMembers,
	logFrame,
	makeRepo,
	processGroupOf,
	type Repo,
	read,
	readAllStatusFiles,
	readBytes,
	rerunJson,
	startBinary,
	statusFile,
	waitFor,
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
	t.is(frame.header, `# command: echo ok\n# start_utc: ${run?.start_utc}\n# head: ${repo.head}\n`);
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
	const repo = withBatchRows(t, { sleepy: 'echo waiting; sleep 30' });
	const started = Date.now();
	const report = await rerunJson(t, ['gate-2/batch-a/sleepy', '--timeout', '1'], { cwd: repo.root, expectedCode: 1 });
	t.true(Date.now() - started < 15_000, 'the run was stopped, not waited for');
	const run = report.runs[0];
	t.like(run, { outcome: 'timed-out', exit_code: 124 });
	t.true((run?.duration_ms ?? 0) >= 900 && (run?.duration_ms ?? Infinity) < 10_000, `duration ${run?.duration_ms} ms`);
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

// Proves the marker commands below do write their markers when nothing stops them, so their absence after
// a cancel means the cancel killed them.
async function markerCommandsWork(t: ExecutionContext, directory: string): Promise<void> {
	const control = spawn('/bin/sh', ['-c', '(trap "" TERM; sleep 0.2; touch control-a) & (sleep 0.2; touch control-b) & wait'], {
		cwd: directory,
		stdio: 'ignore',
	});
	await new Promise((resolve) => control.once('close', resolve));
	await waitFor(() => exists(directory, 'control-a') && exists(directory, 'control-b'), 'the control markers', 5000);
	fs.rmSync(path.join(directory, 'control-a'));
	fs.rmSync(path.join(directory, 'control-b'));
	t.pass();
}

const LONG_RUN = 'echo $$ > rerun-pgid; echo started; (trap "" TERM; sleep 5; touch marker-ignoring-term) & (sleep 5; touch marker-plain) & sleep 30';

test('SIGINT during a long run: exit 130, recorded as cancelled (130, CANCELLED), children and grandchildren killed, files whole', async (t) => {
	const repo = withBatchRows(t, { long_run: LONG_RUN });
	await markerCommandsWork(t, repo.root);
	const before = await readAllStatusFiles(repo.root);
	const running = startBinary(['rerun', 'gate-2/batch-a/long_run'], { cwd: repo.root });
	await waitFor(() => running.stdoutSoFar().includes('started\n'), 'the command to start');
	const startedAt = Date.now();
	const pgid = Number(read(repo.root, 'rerun-pgid').trim());
	t.true(pgid > 1);
	t.true(livingGroupMembers(pgid).length >= 3, 'the shell, the sleep and the two subshells are running');
	running.child.kill('SIGINT');
	const result = await running.done;
	t.is(result.code, 130);
	t.is(result.signal, null, 'exited by itself with 130, not killed by the signal');
	t.true(Date.now() - startedAt < 10_000);
	assertCleanStderr(t, result.stderr);
	const stdout = result.stdout.toString();
	t.regex(stdout, /^==> gate-2\/batch-a\/long_run: /m);
	t.regex(stdout, /^<== gate-2\/batch-a\/long_run: cancelled/m);

	t.deepEqual(livingGroupMembers(pgid), [], 'no process of the command is left');
	const row = batchRow(repo, 'long_run');
	t.is(row.exitCode, '130');
	t.is(row.result, 'CANCELLED');
	const frame = logFrame(readBytes(repo.root, row.log));
	t.is(frame.body.toString(), 'started\n');
	t.regex(frame.footer, /^# end_utc: \S+\n# exit_code: 130\n# outcome: cancelled\n$/);

	// Whole files: the TSV reads as before (same entries, no problems), the tracker parses, no lock or temp file left.
	const after = await readAllStatusFiles(repo.root);
	const file = statusFile(after, BATCH_A);
	t.deepEqual(file.problems, []);
	t.is(file.entries.length, statusFile(before, BATCH_A).entries.length);
	t.notThrows(() => JSON.parse(read(repo.root, LUMEN_TRACKER)));
	t.deepEqual(
		fs.readdirSync(path.join(repo.root, path.dirname(BATCH_A))).filter((name) => name.endsWith('.lock') || name.includes('.tmp-')),
		[],
	);

	// The grandchildren would have written their markers 5 s after the start; wait past that.
	await delay(Math.max(0, startedAt + 6500 - Date.now()));
	t.false(exists(repo.root, 'marker-plain'), 'a background job of the command was killed');
	t.false(exists(repo.root, 'marker-ignoring-term'), 'a background job that ignores SIGTERM was killed too');
});

test('SIGINT with --json on a required matrix command: interrupted report, later names not run, all_pass flips to false, tracker edited in one line', async (t) => {
	const repo = makeRepo(t, LUMEN);
	// Start from a matrix where everything passed (test_lumen recorded as 0, all_pass true).
	const matrixText = read(repo.root, MATRIX).replace('\t101\t2026-03-03T08:00:40Z', '\t0\t2026-03-03T08:00:40Z');
	fs.writeFileSync(path.join(repo.root, MATRIX), matrixText);
	const trackerPassing = read(repo.root, LUMEN_TRACKER).replace('"all_pass": false', '"all_pass": true');
	fs.writeFileSync(path.join(repo.root, LUMEN_TRACKER), trackerPassing);
	commitAll(repo.root, 'all passing');
	t.true((await readAllStatusFiles(repo.root)).files.length > 0);

	const pidFile = path.join(repo.root, 'fake-cargo-pid');
	const running = startBinary(['rerun', 'test_lumen', 'fmt_check', '--json'], {
		cwd: repo.root,
		env: { FAKE_TOOL_SLEEP: '30', FAKE_TOOL_PIDFILE: pidFile },
	});
	await waitFor(() => fs.existsSync(pidFile) && read(repo.root, 'fake-cargo-pid').trim() !== '', 'fake cargo to start');
	const cargoPid = Number(read(repo.root, 'fake-cargo-pid').trim());
	const pgid = processGroupOf(cargoPid);
	t.not(pgid, null);
	t.not(pgid, running.child.pid, 'the command runs in its own process group');
	running.child.kill('SIGINT');
	const result = await running.done;
	t.is(result.code, 130);
	assertCleanStderr(t, result.stderr);
	const report = JSON.parse(result.stdout.toString()) as { interrupted: boolean; runs: Array<Record<string, unknown>> };
	t.true(report.interrupted);
	t.is(report.runs.length, 1, 'fmt_check, named after the cancelled run, did not run');
	t.like(report.runs[0], { name: 'test_lumen', outcome: 'cancelled', exit_code: 130, all_pass: false });
	if (pgid !== null) t.deepEqual(livingGroupMembers(pgid), []);

	const trackerAfter = read(repo.root, LUMEN_TRACKER);
	t.notThrows(() => JSON.parse(trackerAfter));
	const changed = linesOf(trackerAfter).filter((line, index) => line !== linesOf(trackerPassing)[index]);
	t.deepEqual(changed, ['    "all_pass": false,\n'], 'only the all_pass line of the tracker changed');
	const reread = await readAllStatusFiles(repo.root);
	t.like(entryNamed(reread, 'test_lumen'), { exit_code: 130 });
	t.like(entryNamed(reread, 'fmt_check'), { exit_code: 0, start_utc: '2026-03-03T08:00:01Z' });
	t.deepEqual(statusFile(reread, MATRIX).problems, []);
});

// Regression (source/commands/rerun.ts with source/runner/process-groups.ts): on SIGTERM or SIGHUP (the
// terminal closed) the runner cancels the run, closes its log with a `cancelled` footer and re-raises the
// signal at once, so `rerun` never writes the run back. The row keeps its old result (PASS, exit 0) while
// the log at the path it names now holds the cancelled run: the status file and its evidence disagree.
// Only SIGINT goes through rerun's handler, which records the run as cancelled.
for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
	test(`${signal} during a run: the row its log belongs to records the run as cancelled`, async (t) => {
		const repo = makeRepo(t, LUMEN);
		const pidFile = path.join(repo.root, 'fake-cargo-pid');
		const before = batchRow(repo, 'ingest_ordering');
		t.like(before, { exitCode: '0', result: 'PASS' });
		const running = startBinary(['rerun', 'gate-2/batch-a/ingest_ordering'], { cwd: repo.root, env: { FAKE_TOOL_SLEEP: '30', FAKE_TOOL_PIDFILE: pidFile } });
		await waitFor(() => fs.existsSync(pidFile) && read(repo.root, 'fake-cargo-pid').trim() !== '', 'fake cargo to start');
		running.child.kill(signal);
		const result = await running.done;
		t.true(result.code !== 0 && result.code !== 1, `stopped by ${signal}: code ${result.code}, signal ${result.signal}`);
		assertCleanStderr(t, result.stderr);
		const row = batchRow(repo, 'ingest_ordering');
		const frame = logFrame(readBytes(repo.root, row.log));
		t.regex(frame.footer, /# outcome: cancelled\n$/, "the log at the row's path is the cancelled run");
		t.like(row, { exitCode: '130', result: 'CANCELLED' });
		t.notThrows(() => JSON.parse(read(repo.root, LUMEN_TRACKER)));
	});
}
