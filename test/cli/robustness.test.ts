/**
 * Inputs a real repository throws at the tool: a byte-order mark, a stray pipe in a ledger row, a repeated
 * gate id, a lock held by someone else, control characters bound for --json output, a missing build.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {
	commitAll,
	copyFixture,
	editJson,
	git,
	LUMEN_EVIDENCE,
	LUMEN_LEDGER,
	LUMEN_TRACKER,
	PROJECT_ROOT,
	readText,
	replaceText,
	snapshotTree,
	writeText,
} from '../helpers/fixture-repo.js';
import { runBinary, runCli, stackLines } from '../helpers/run-cli.js';
import { until } from '../helpers/wait.js';
import { spawnCli } from '../signoff/helpers/audit-repo.js';
import { readTracker } from '../ui/helpers/audit-repo.js';

function withReviewer(root: string): void {
	git(root, ['config', 'user.name', 'Rita Reviewer']);
	git(root, ['config', 'user.email', 'rita@example.invalid']);
}

test('a byte-order mark on the tracker and a status TSV is read, and kept when the tracker is rewritten', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	withReviewer(repo.root);
	const matrix = `${LUMEN_EVIDENCE}/phase-1/command-matrix-status.tsv`;
	const before = await runCli(['matrix', '--json'], { cwd: repo.root });
	writeText(repo.root, LUMEN_TRACKER, `\uFEFF${readText(repo.root, LUMEN_TRACKER)}`);
	writeText(repo.root, matrix, `\uFEFF${readText(repo.root, matrix)}`);
	commitAll(repo.root, 'BOMs');
	const after = await runCli(['matrix', '--json'], { cwd: repo.root });
	t.is(after.code, 0, after.stderr);
	t.deepEqual(JSON.parse(after.stdout), JSON.parse(before.stdout));
	const signed = await runCli(['signoff', 'G1-002', '--status', 'PARTIAL', '--note', 'bom'], { cwd: repo.root });
	t.is(signed.code, 0, signed.stderr);
	t.true(readText(repo.root, LUMEN_TRACKER).startsWith('\uFEFF{'));
});

test('a ledger row with a stray | is reported and a sign-off leaves its cells alone', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	withReviewer(repo.root);
	replaceText(repo.root, LUMEN_LEDGER, /^(\| G1-002 \| 1 \| )/m, '$1stray | ');
	commitAll(repo.root, 'stray pipe');
	const ledgerBefore = readText(repo.root, LUMEN_LEDGER);
	const check = await runCli(['check', '--json'], { cwd: repo.root });
	const findings = (JSON.parse(check.stdout) as { findings: Array<{ code: string; subject: string }> }).findings;
	t.true(findings.some((finding) => finding.code === 'ledger-row-malformed' && finding.subject === 'G1-002'));
	const signed = await runCli(['signoff', 'G1-002', '--status', 'PARTIAL', '--note', 'x'], { cwd: repo.root });
	t.is(signed.code, 0, signed.stderr);
	t.is(readText(repo.root, LUMEN_LEDGER), ledgerBefore, 'no cell of the malformed row was rewritten');
});

test('a gate id defined twice cannot be signed: exit 2, nothing written', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	withReviewer(repo.root);
	editJson<{ gates: Array<Record<string, unknown>> }>(repo.root, LUMEN_TRACKER, (tracker) => void tracker.gates.push({ ...tracker.gates[2]! }));
	commitAll(repo.root, 'gate 2 twice');
	const before = snapshotTree(repo.root);
	const signed = await runCli(['signoff', '2', '--status', 'NO-GO'], { cwd: repo.root });
	t.is(signed.code, 2);
	t.regex(signed.stderr, /gate 2 is defined 2 times/);
	t.deepEqual(snapshotTree(repo.root), before);
});

test('a tracker lock held by another host: the sign-off names the holder and waits while its heartbeat is fresh, then signs', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	withReviewer(repo.root);
	const lock = path.join(repo.root, `${LUMEN_TRACKER}.lock`);
	fs.writeFileSync(lock, JSON.stringify({ pid: 4242, host: 'build-host-elsewhere', token: 'abc', acquired_at: '2026-11-29T00:00:00Z' }));
	// The other host's process cannot be asked whether it lives: its heartbeat (the lock's mtime) is the sign.
	const heartbeat = setInterval(() => fs.existsSync(lock) && fs.utimesSync(lock, new Date(), new Date()), 500);
	t.teardown(() => clearInterval(heartbeat));
	const signing = spawnCli(['signoff', 'G1-002', '--status', 'PARTIAL', '--note', 'x'], repo.root);
	await until(() => /waiting for pid 4242 .*on host build-host-elsewhere/.test(signing.stderrSoFar()), { what: 'the waiting notice' });
	t.is(readTracker(repo.root).signals.find((signal) => signal.id === 'G1-002')?.signoff, undefined, 'nothing written while it waits');
	clearInterval(heartbeat);
	fs.rmSync(lock);
	const result = await signing.done;
	t.is(result.code, 0, result.stderr);
	t.notRegex(result.stderr, /unexpected error/);
	t.deepEqual(stackLines(result.stderr), []);
});

test('a lock whose heartbeat stopped long ago (a wedged holder on another host) is reclaimed: the sign-off goes through', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	withReviewer(repo.root);
	const lock = path.join(repo.root, `${LUMEN_TRACKER}.lock`);
	fs.writeFileSync(lock, JSON.stringify({ pid: 4242, host: 'build-host-elsewhere', token: 'abc', acquired_at: '2026-11-29T00:00:00Z' }));
	const longAgo = new Date(Date.now() - 10 * 60_000);
	fs.utimesSync(lock, longAgo, longAgo);
	const result = await runBinary(['signoff', 'G1-002', '--status', 'PARTIAL', '--note', 'x'], { cwd: repo.root });
	t.is(result.code, 0, result.stderr);
	t.is(readTracker(repo.root).signals.find((signal) => signal.id === 'G1-002')?.signoff?.['status'], 'PARTIAL');
	t.false(fs.existsSync(lock));
});

test('--json escapes DEL, C1 and bidi controls that JSON.stringify would pass through', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	replaceText(repo.root, LUMEN_LEDGER, /^(\| G1-002 \| 1 \| )/m, '$1evil\u009b31m\u202eflip ');
	const result = await runCli(['signal', 'G1-002', '--json'], { cwd: repo.root });
	t.is(result.code, 0, result.stderr);
	t.notRegex(result.stdout, /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
	t.regex(result.stdout, /evil\\u009b31m\\u202eflip/);
	t.regex((JSON.parse(result.stdout) as { title: string }).title, /^evil\u009b31m\u202eflip/);
});

test('the bin without a build says what to run, in one line and exit 2', async (t) => {
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'arco-review-nobuild-'));
	t.teardown(() => fs.rmSync(scratch, { recursive: true, force: true }));
	fs.mkdirSync(path.join(scratch, 'bin'));
	fs.copyFileSync(path.join(PROJECT_ROOT, 'bin', 'arco-review.js'), path.join(scratch, 'bin', 'arco-review.js'));
	fs.writeFileSync(path.join(scratch, 'package.json'), '{"type":"module"}');
	const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
		execFile(process.execPath, [path.join(scratch, 'bin', 'arco-review.js'), 'status'], { cwd: scratch }, (error, _stdout, stderr) => {
			resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr });
		});
	});
	t.is(result.code, 2);
	t.is(result.stderr, 'arco-review: not built yet: run `npm ci` (or `npm run build`) in the arco-review folder\n');
});
