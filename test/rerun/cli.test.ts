/**
 * The `rerun` command line: the --json report's shape, --failed, refusals (unknown name, SKIPPED entry,
 * no name) with exit 2, one line on stderr and nothing written, and concurrent reruns into one file.
 */
import fs from 'node:fs';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { LUMEN_EVIDENCE as E } from '../helpers/fixture-repo.js';
import type { MatrixJson } from '../helpers/reports.js';
import { runJson } from '../helpers/run-cli.js';
import {
	addRows,
	assertCleanStderr,
	changedPaths,
	entryNamed,
	LUMEN,
	linesOf,
	makeRepo,
	read,
	readAllStatusFiles,
	rerunJson,
	runBinary,
	statusFile,
	UTC_SECONDS,
} from './helpers/rerun-kit.js';

const MATRIX = `${E}/phase-1/command-matrix-status.tsv`;

test('--json: {head, dirty, shell, interrupted, notes, runs: [{name, command, shell, outcome, exit_code, start_utc, end_utc, duration_ms, log, previous_log, status_file, recorded, kept, all_pass}]}', async (t) => {
	const repo = makeRepo(t, LUMEN);
	const report = await rerunJson(t, ['fmt_check', 'G1-001/release_docs_presence'], { cwd: repo.root, expectedCode: 1 });
	t.deepEqual(Object.keys(report).sort(), ['dirty', 'head', 'interrupted', 'notes', 'runs', 'shell']);
	t.is(report.head, repo.head);
	t.false(report.dirty);
	t.false(report.interrupted);
	t.is(report.runs.length, 2);
	for (const run of report.runs) {
		t.deepEqual(Object.keys(run).sort(), [
			'all_pass',
			'command',
			'duration_ms',
			'end_utc',
			'exit_code',
			'kept',
			'log',
			'name',
			'outcome',
			'previous_log',
			'recorded',
			'shell',
			'start_utc',
			'status_file',
		]);
		t.is(run.shell, report.shell);
		t.true(run.recorded);
		t.is(run.kept, null);
		t.regex(run.start_utc, UTC_SECONDS);
		t.regex(run.end_utc, UTC_SECONDS);
		t.true(run.end_utc >= run.start_utc);
		t.true(Number.isInteger(run.duration_ms) && run.duration_ms >= 0);
		t.true(fs.existsSync(path.join(repo.root, run.log)));
		t.false(path.isAbsolute(run.log));
	}
	t.like(report.runs[0], {
		name: 'fmt_check',
		command: 'cargo fmt --all --check',
		outcome: 'passed',
		exit_code: 0,
		log: `${E}/phase-1/command-logs/fmt_check.log`,
		status_file: MATRIX,
		all_pass: false,
	});
	t.regex(report.runs[0]?.previous_log ?? '', /^release_evidence\/.+\/fmt_check\.\d{8}T\d{6}Z(-\d+)?\.log$/);
	// RELEASE.md is not in the fixture: the check fails, in a file outside the matrix.
	t.like(report.runs[1], {
		name: 'G1-001/release_docs_presence',
		command: 'test -f RELEASE.md && test -f CHANGELOG.md',
		outcome: 'failed',
		exit_code: 1,
		previous_log: null,
		status_file: `${E}/gate-1/g1-001-command-status.tsv`,
		all_pass: null,
	});
});

test('--failed reruns exactly the failed entries of the command matrix, once each, in matrix order', async (t) => {
	const repo = makeRepo(t, LUMEN);
	addRows(repo.root, MATRIX, [['flaky_lint', '2', '2026-03-03T08:03:00Z', '2026-03-03T08:03:01Z', 'echo lint ok']]);
	const matrix = await runJson<MatrixJson>(['matrix', '--json'], { cwd: repo.root });
	const failed = matrix.entries.filter((entry) => entry.recorded && entry.exit_code !== 0).map((entry) => entry.name);
	t.deepEqual(failed, ['test_lumen', 'flaky_lint']);
	// Failed entries outside the matrix file (phase-0/clippy_lumen, gate-2/...) are not the matrix's.
	const report = await rerunJson(t, ['--failed'], { cwd: repo.root, expectedCode: 0 });
	t.deepEqual(
		report.runs.map((run) => run.name),
		failed,
	);
	t.true(report.runs.every((run) => run.outcome === 'passed'));
	t.is(report.runs.at(-1)?.all_pass, true);
	const after = await readAllStatusFiles(repo.root);
	t.like(entryNamed(after, 'phase-0/clippy_lumen'), { exit_code: 101 }, 'not rerun');

	// A name that --failed also selects runs once.
	const repo2 = makeRepo(t, LUMEN);
	const both = await rerunJson(t, ['test_lumen', '--failed', 'fmt_check'], { cwd: repo2.root, expectedCode: 0 });
	t.deepEqual(both.runs.map((run) => run.name).sort(), ['fmt_check', 'test_lumen']);
});

test('--failed with nothing failed: says so, runs nothing, writes nothing', async (t) => {
	const repo = makeRepo(t, LUMEN);
	await rerunJson(t, ['test_lumen'], { cwd: repo.root, expectedCode: 0 });
	const { root } = repo;
	const before = changedPaths(root);
	const result = await runBinary(['rerun', '--failed'], { cwd: root });
	t.not(result.code, 1);
	t.not(result.code, null);
	t.true(result.code === 0 || result.code === 2, `exit ${result.code}`);
	t.regex(result.stdout.toString() + result.stderr, /no failed/i);
	assertCleanStderr(t, result.stderr);
	t.deepEqual(changedPaths(root), before);
});

async function refused(t: ExecutionContext, args: string[]): Promise<string> {
	const repo = makeRepo(t, LUMEN);
	const result = await runBinary(['rerun', ...args], { cwd: repo.root });
	t.is(result.code, 2, `rerun ${args.join(' ')}`);
	assertCleanStderr(t, result.stderr);
	t.is(result.stderr.trim().split('\n').length, 1, `one line: ${result.stderr}`);
	t.regex(result.stderr, /^arco-review: /);
	t.is(result.stdout.length, 0, 'nothing on stdout');
	t.deepEqual(changedPaths(repo.root), [], 'nothing written, nothing run');
	return result.stderr;
}

test('an unknown name: exit 2 with a suggestion of the entries it matches, nothing run', async (t) => {
	const stderr = await refused(t, ['ingest_dedupe']);
	t.regex(stderr, /no command entry, signal or gate named "ingest_dedupe"/);
	t.regex(stderr, /did you mean gate-2\/batch-a\/ingest_dedup/);
});

test('an ambiguous bare name: exit 2 listing every entry it could mean, nothing run', async (t) => {
	const repo = makeRepo(t, LUMEN);
	addRows(repo.root, `${E}/gate-2/batch-a/command-matrix-status.tsv`, [['2026-03-03T13:05:00Z', 'verify_release_tag', 'echo again', '0', 'PASS', '']]);
	const result = await runBinary(['rerun', 'verify_release_tag'], { cwd: repo.root });
	t.is(result.code, 2);
	t.is(
		result.stderr,
		'arco-review: "verify_release_tag" could mean 2 things: G1-001/verify_release_tag, gate-2/batch-a/verify_release_tag; give one of them in full\n',
	);
	t.deepEqual(changedPaths(repo.root), []);
});

test('a bare name that one entry has, a signal id and a gate number are accepted', async (t) => {
	const repo = makeRepo(t, LUMEN);
	const bare = await rerunJson(t, ['ingest_dedup'], { cwd: repo.root, expectedCode: 0 });
	t.deepEqual(
		bare.runs.map((run) => run.name),
		['gate-2/batch-a/ingest_dedup'],
	);
	// G1-001 recorded verify_release_tag twice: one command, run once (its latest row), then release_docs_presence.
	const signal = await rerunJson(t, ['G1-001'], { cwd: repo.root, expectedCode: 1 });
	t.deepEqual(signal.runs.map((run) => run.name).sort(), ['G1-001/release_docs_presence', 'G1-001/verify_release_tag']);
	const gate = await rerunJson(t, ['1'], { cwd: repo.root, expectedCode: 1 });
	t.deepEqual(
		gate.runs.map((run) => run.name),
		signal.runs.map((run) => run.name),
		'gate 1: the commands of G1-001 (G1-002 has none recorded)',
	);
	t.deepEqual(gate.notes, ['G1-002 has no recorded commands']);
});

test('an unknown name among known ones: exit 2 before anything runs', async (t) => {
	const stderr = await refused(t, ['fmt_check', 'qqqqqqqqqqqq']);
	t.regex(stderr, /qqqqqqqqqqqq/);
	t.regex(stderr, /matrix --all/, 'it says where the names are listed');
});

test('a misspelt name: the suggestion names the entry meant', async (t) => {
	const stderr = await refused(t, ['fmt_chek']);
	t.regex(stderr, /did you mean[^\n]*\bfmt_check\b/);
});

test('a SKIPPED(...) entry: exit 2 saying it was skipped and why, nothing run', async (t) => {
	const stderr = await refused(t, ['gate-3/cloud/terraform_apply']);
	t.regex(stderr, /gate-3\/cloud\/terraform_apply/);
	t.regex(stderr, /SKIPPED\(plan failed\)/);
});

test('no name and no --failed: exit 2 with the usage', async (t) => {
	const stderr = await refused(t, []);
	t.regex(stderr, /usage: arco-review rerun NAME\.\.\./);
});

test('concurrent reruns into the same files: every row lands (rewrite-style and append-style), no lost update', async (t) => {
	const repo = makeRepo(t, LUMEN);
	const rewrite = MATRIX;
	const append = `${E}/gate-2/g2-refresh-command-status.tsv`;
	addRows(repo.root, rewrite, [
		['slow_a', '9', '2026-03-03T08:03:00Z', '2026-03-03T08:03:01Z', 'sleep 1; echo a'],
		['slow_b', '9', '2026-03-03T08:03:00Z', '2026-03-03T08:03:01Z', 'sleep 1; echo b'],
	]);
	addRows(repo.root, append, [
		['verification', 'sleep 1; echo c', '2026-03-03T12:01:00Z', '2026-03-03T12:01:01Z', '9', ''],
		['verification', 'sleep 1; echo d', '2026-03-03T12:01:00Z', '2026-03-03T12:01:01Z', '9', ''],
	]);
	const before = await readAllStatusFiles(repo.root);
	const appendNames = statusFile(before, append)
		.entries.filter((entry) => entry.command.startsWith('sleep 1'))
		.map((entry) => entry.name ?? '');
	t.is(appendNames.length, 2);
	const rewriteBefore = read(repo.root, rewrite);
	const appendBefore = read(repo.root, append);

	const results = await Promise.all(['slow_a', 'slow_b', ...appendNames].map((name) => runBinary(['rerun', name, '--json'], { cwd: repo.root })));
	for (const result of results) {
		t.is(result.code, 0, result.stderr);
		assertCleanStderr(t, result.stderr);
	}
	const rewriteLines = linesOf(read(repo.root, rewrite));
	const changed = rewriteLines.filter((line, index) => line !== linesOf(rewriteBefore)[index]);
	t.is(rewriteLines.length, linesOf(rewriteBefore).length);
	t.deepEqual(
		changed.map((line) => [line.split('\t')[0], line.split('\t')[1]]),
		[
			['slow_a', '0'],
			['slow_b', '0'],
		],
		'both rows rewritten',
	);
	const appendAfter = read(repo.root, append);
	t.true(appendAfter.startsWith(appendBefore));
	const appended = linesOf(appendAfter.slice(appendBefore.length)).map((line) => line.split('\t')[1]);
	t.deepEqual(appended.sort(), ['sleep 1; echo c', 'sleep 1; echo d'], 'both rows appended');
	const after = await readAllStatusFiles(repo.root);
	t.deepEqual(statusFile(after, rewrite).problems, []);
	t.deepEqual(statusFile(after, append).problems, []);
	for (const directory of [path.dirname(rewrite), path.dirname(append)]) {
		t.deepEqual(
			fs.readdirSync(path.join(repo.root, directory)).filter((name) => name.endsWith('.lock') || name.includes('.tmp-')),
			[],
			'no lock or temp file left',
		);
	}
});
