/**
 * The tracker's `command_matrix.all_pass` follows the matrix status file after a rerun: true exactly when
 * every required command's latest row passed. The edit is minimal (only the value's bytes change), and the
 * tracker is not written at all when the value is already right or the rerun is outside the matrix.
 */
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { commitAll, LUMEN_TRACKER } from '../helpers/fixture-repo.js';
import type { MatrixJson } from '../helpers/reports.js';
import { runJson } from '../helpers/run-cli.js';
import { sharedTest } from '../helpers/shared-fixtures.js';
import { changedPaths, LUMEN, linesOf, makeRepo, read, rerunJson, trackerOf } from './helpers/rerun-kit.js';

/** The tracker lines that differ (same line count required). */
function changedTrackerLines(before: string, after: string): string[] {
	const old = linesOf(before);
	const next = linesOf(after);
	if (old.length !== next.length) return [`line count ${old.length} -> ${next.length}`];
	return next.filter((line, index) => line !== old[index]);
}

async function matrixAllPass(root: string): Promise<boolean> {
	return (await runJson<MatrixJson>(['matrix', '--json'], { cwd: root })).all_pass;
}

test('lumen: a passing rerun of the failing required command flips all_pass to true; a failing one flips it back', async (t) => {
	const repo = makeRepo(t, LUMEN);
	const original = read(repo.root, LUMEN_TRACKER);
	t.false(await matrixAllPass(repo.root));

	const passed = await rerunJson(t, ['test_lumen'], { cwd: repo.root, expectedCode: 0 });
	t.like(passed.runs[0], { outcome: 'passed', all_pass: true });
	const afterPass = read(repo.root, LUMEN_TRACKER);
	t.deepEqual(changedTrackerLines(original, afterPass), ['    "all_pass": true,\n'], 'only the all_pass line changed');
	t.is(afterPass, original.replace('"all_pass": false', '"all_pass": true'));
	t.true(await matrixAllPass(repo.root));

	const failed = await rerunJson(t, ['clippy_lumen'], { cwd: repo.root, expectedCode: 1, env: { FAKE_TOOL_EXIT: '1' } });
	t.like(failed.runs[0], { outcome: 'failed', exit_code: 1, all_pass: false });
	t.is(read(repo.root, LUMEN_TRACKER), original, 'back to the original bytes');
	t.false(await matrixAllPass(repo.root));
});

test('all_pass already right: the tracker is not written (bytes and mtime unchanged)', async (t) => {
	const repo = makeRepo(t, LUMEN);
	const tracker = path.join(repo.root, LUMEN_TRACKER);
	const old = new Date('2026-03-04T09:12:00Z');
	fs.utimesSync(tracker, old, old);
	const original = read(repo.root, LUMEN_TRACKER);
	// fmt_check passes, test_lumen still records 101: all_pass stays false.
	const report = await rerunJson(t, ['fmt_check'], { cwd: repo.root, expectedCode: 0 });
	t.like(report.runs[0], { outcome: 'passed', all_pass: false });
	t.is(read(repo.root, LUMEN_TRACKER), original);
	t.is(fs.statSync(tracker).mtimeMs, old.getTime());
});

test('a rerun outside the matrix status file never touches the tracker, even for a required command that fails', async (t) => {
	const repo = makeRepo(t, LUMEN);
	const original = read(repo.root, LUMEN_TRACKER);
	// phase-0's fmt_check runs the required `cargo fmt --all --check`, but phase-0 is not the matrix file.
	const report = await rerunJson(t, ['phase-0/fmt_check'], { cwd: repo.root, expectedCode: 1, env: { FAKE_TOOL_EXIT: '2' } });
	t.like(report.runs[0], { outcome: 'failed', exit_code: 2, all_pass: null });
	t.is(read(repo.root, LUMEN_TRACKER), original);
	t.false(changedPaths(repo.root).includes(LUMEN_TRACKER));
});

test("the tracker's own layout is kept around the edited value", async (t) => {
	const repo = makeRepo(t, LUMEN);
	// Hand-formatted: no space after the colon, a tab before the value's comma, CRLF line endings.
	const handmade = read(repo.root, LUMEN_TRACKER).replace('"all_pass": false,', '"all_pass":false\t,').replace(/\n/g, '\r\n');
	fs.writeFileSync(path.join(repo.root, LUMEN_TRACKER), handmade);
	commitAll(repo.root, 'hand-formatted tracker');
	await rerunJson(t, ['test_lumen'], { cwd: repo.root, expectedCode: 0 });
	t.is(read(repo.root, LUMEN_TRACKER), handmade.replace('"all_pass":false\t,', '"all_pass":true\t,'));
});

// arco-6ba74a9 records all_pass true, but one required command, `buf breaking proto/ --against
// '.git#branch=main,subdir=proto'`, has no row with that exact text in the matrix file (its row records
// the command unquoted), which `check` reports as required-command-missing. all_pass follows the file, so
// any rerun of the matrix gives false; once that row records the required text, passing reruns give true.
sharedTest(
	'arco-6ba74a9: all_pass follows the matrix file: a failing required command gives false, all passing gives true',
	'arco-6ba74a9',
	async (t, fixture) => {
		const repo = makeRepo(t, fixture);
		const tracker = trackerOf(repo.root);
		const original = read(repo.root, tracker);
		const matrixFile = (JSON.parse(original) as { command_matrix: { status_file: string } }).command_matrix.status_file;
		t.true(await matrixAllPass(repo.root));

		const failing = await rerunJson(t, ['fmt_check'], { cwd: repo.root, expectedCode: 1, env: { FAKE_TOOL_EXIT: '1' } });
		t.like(failing.runs[0], { outcome: 'failed', all_pass: false });
		t.deepEqual(changedTrackerLines(original, read(repo.root, tracker)), ['    "all_pass": false,\n']);

		const quoted = "buf breaking proto/ --against '.git#branch=main,subdir=proto'";
		const matrixText = read(repo.root, matrixFile);
		fs.writeFileSync(path.join(repo.root, matrixFile), matrixText.replace('buf breaking proto/ --against .git#branch=main,subdir=proto', quoted));
		commitAll(repo.root, 'record the required text');
		const passing = await rerunJson(t, ['fmt_check'], { cwd: repo.root, expectedCode: 0 });
		t.like(passing.runs[0], { outcome: 'passed', all_pass: true });
		t.is(read(repo.root, tracker), original, 'all_pass is true again, every other byte as before');
	},
);
