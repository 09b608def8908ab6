/**
 * What a user sees from check, signal, matrix, --help, --version and mistakes on the command line, on temp
 * git copies of the lumen fixture (and ../shared's arco-66d6c8c for check).
 */
import fs from 'node:fs';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { main } from '../../source/cli.js';
import { displayWidth } from '../../source/text/text-fit.js';
import {
	commitAll,
	copyFixture,
	LUMEN_EVIDENCE as E,
	editJson,
	LUMEN_LEDGER,
	LUMEN_TRACKER,
	PROJECT_ROOT,
	readText,
	replaceText,
	type TempRepo,
	writeText,
} from '../helpers/fixture-repo.js';
import type { CheckJson, MatrixJson, SignalJson, StatusJson } from '../helpers/reports.js';
import { captureStream, runBinary, runCli, runJson, stackLines } from '../helpers/run-cli.js';
import { sharedTest } from '../helpers/shared-fixtures.js';

interface TrackerJson {
	command_matrix: { all_pass: boolean; required_commands: string[] };
	gates: Array<{ status: string }>;
	signals: Array<{ status: string }>;
}

/** The lumen copy edited so every gate and signal is GO, every required command passed and all_pass is true. */
function allGo(t: ExecutionContext): TempRepo {
	const repo = copyFixture('lumen-audit', { t });
	editJson<TrackerJson>(repo.root, LUMEN_TRACKER, (tracker) => {
		for (const gate of tracker.gates) gate.status = 'GO';
		for (const signal of tracker.signals) signal.status = 'GO';
		tracker.command_matrix.all_pass = true;
	});
	writeText(repo.root, LUMEN_LEDGER, readText(repo.root, LUMEN_LEDGER).replace(/\| (NO-GO|PARTIAL|BLOCKED-EXTERNAL) \|/g, '| GO |'));
	replaceText(repo.root, `${E}/phase-1/command-matrix-status.tsv`, 'test_lumen\t101\t', 'test_lumen\t0\t');
	return repo;
}

test('check exits 1 on the lumen fixture: the definition of done is not met', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	const result = await runCli(['check'], { cwd: repo.root });
	t.is(result.code, 1);
	t.regex(result.stdout, /^warning gate-status-drift +gate 3 is recorded BLOCKED-EXTERNAL; its signals say NO-GO/m);
	t.true(result.stdout.endsWith('FAIL: ALL_GATES_GO not met (1/4 gates GO), 0 error findings\n'));
	const json = await runJson<CheckJson>(['check', '--json'], { cwd: repo.root }, 1);
	t.like(json, { passed: false, dod_met: false, errors: 0 });
});

sharedTest('check exits 1 on arco-66d6c8c', 'arco-66d6c8c', async (t, fixture) => {
	const repo = copyFixture(fixture, { t });
	const result = await runCli(['check'], { cwd: repo.root });
	t.is(result.code, 1);
	t.regex(result.stdout, /FAIL: ALL_GATES_GO not met \(2\/7 gates GO\)/);
});

test('check exits 0 when every gate and signal is GO, all evidence exists and no finding is an error', async (t) => {
	const repo = allGo(t);
	const result = await runCli(['check'], { cwd: repo.root });
	t.is(result.code, 0, result.stdout);
	t.true(result.stdout.endsWith('PASS: ALL_GATES_GO met (4/4 gates GO), 0 error findings\n'));
	const json = await runJson<CheckJson>(['check', '--json'], { cwd: repo.root });
	t.like(json, { passed: true, dod_met: true, errors: 0 });
	const status = await runJson<StatusJson>(['status', '--json'], { cwd: repo.root });
	t.true(status.dod_met);
	t.deepEqual(
		status.gates.map((gate) => `${gate.status} ${gate.closed}/${gate.open}`),
		['GO 2/0', 'GO 2/0', 'GO 2/0', 'GO 2/0'],
	);
});

test('check exits 1 again when a GO signal loses its evidence (one error finding is enough)', async (t) => {
	const repo = allGo(t);
	fs.rmSync(path.join(repo.root, E, 'gate-3/batch-b/command-matrix-status.tsv'));
	const json = await runJson<CheckJson>(['check', '--json'], { cwd: repo.root }, 1);
	t.like(json, { passed: false, dod_met: true, errors: 1 });
	t.is(json.findings[0]?.code, 'evidence-missing');
});

test('signal ID --json: ledger fields, evidence and code paths with existence, commands newest first', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	const signal = await runJson<SignalJson>(['signal', 'G1-001', '--json'], { cwd: repo.root });
	t.like(signal, {
		id: 'G1-001',
		title: 'Release tag verification',
		gates: [1],
		owner: 'Release Engineering',
		status: 'GO',
		exit_test: 'Script passes on the release tag',
	});
	t.like(signal.ledger, { line: 12, status: 'GO', owner: 'Release Engineering', gate: '1' });
	t.deepEqual(Object.keys(signal.ledger?.cells ?? {}), [
		'Signal ID',
		'Gate',
		'Signal',
		'Owner',
		'Status',
		'Code/Infra Path',
		'Evidence Artifact',
		'Exit Test / Closure Condition',
	]);
	t.deepEqual(signal.code_paths, [{ path: 'scripts/verify-release-tag.sh', line: null, exists: true, problem: null }]);
	t.deepEqual(signal.evidence, [{ path: `${E}/gate-1/command-logs/20260303T110210Z_verify_release_tag_rerun.log`, line: null, exists: true, problem: null }]);
	t.deepEqual(
		signal.commands.map((run) => [run.name, run.exit_code, run.end_utc, run.latest]),
		[
			['G1-001/verify_release_tag', 0, '2026-03-03T11:02:12Z', true],
			['G1-001/verify_release_tag', 1, '2026-03-03T10:15:03Z', false],
			['G1-001/release_docs_presence', 0, '2026-03-03T10:15:00Z', true],
		],
	);
	t.true(signal.commands.every((run) => run.status_file === `${E}/gate-1/g1-001-command-status.tsv`));
});

test('signal ID (text): a line:number code path, missing evidence marked, no commands for a signal without a signal TSV', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	replaceText(repo.root, LUMEN_LEDGER, `\`${E}/gate-2/batch-a/command-matrix-status.tsv\``, `\`${E}/gate-2/batch-a/ordering-proof.md\``);
	const result = await runCli(['signal', 'g2-001'], { cwd: repo.root });
	t.is(result.code, 0, result.stderr);
	t.is(result.stdout.split('\n')[0], 'G2-001  Ingest ordering and dedup invariants');
	t.regex(result.stdout, /^Gate 2 {2}Owner Ingest Team {2}Status NO-GO$/m);
	t.regex(result.stdout, /^ {2}✓ services\/lumen\/src\/ingest\.rs:12$/m);
	t.regex(result.stdout, /^ {2}✗ release_evidence\/.*\/ordering-proof\.md \(missing\)$/m);
	t.regex(result.stdout, /^Commands: none recorded for this signal$/m);
});

test('signal with an unknown id exits 2 naming known ids; without an id exits 2', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	const unknown = await runCli(['signal', 'G9-999'], { cwd: repo.root });
	t.is(unknown.code, 2);
	t.regex(unknown.stderr, /^arco-review: .*gate-tracker\.json: no signal "G9-999" \(known: G0-001, G0-002, /);
	const missing = await runCli(['signal'], { cwd: repo.root });
	t.is(missing.code, 2);
	t.regex(missing.stderr, /which signal\?/);
});

sharedTest('arco-6ba74a9: signal G5-001 --json lists all nine recorded runs, newest first', 'arco-6ba74a9', async (t, fixture) => {
	const repo = copyFixture(fixture, { t });
	const signal = await runJson<SignalJson>(['signal', 'G5-001', '--json'], { cwd: repo.root });
	t.is(signal.commands.length, 9);
	const times = signal.commands.map((run) => run.end_utc ?? '');
	t.deepEqual(times, [...times].sort().reverse());
	t.is(signal.commands[0]?.latest, true);
	const bench = signal.commands.filter((run) => run.command === 'cargo bench -p arco-catalog --bench catalog_lookup --no-run');
	t.deepEqual(
		bench.map((run) => [run.exit_code, run.latest]),
		[
			[0, true],
			[101, false],
			[101, false],
			[101, false],
			[101, false],
		],
	);
});

test('matrix --json: {name, command, exit_code, start_utc, end_utc, log, required} per entry; a required command with no row shows unrecorded', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	editJson<TrackerJson>(repo.root, LUMEN_TRACKER, (tracker) => void tracker.command_matrix.required_commands.push('cargo deny check'));
	const matrix = await runJson<MatrixJson>(['matrix', '--json'], { cwd: repo.root });
	t.is(matrix.status_file, `${E}/phase-1/command-matrix-status.tsv`);
	t.false(matrix.all_pass);
	for (const entry of matrix.entries) {
		for (const key of ['name', 'command', 'exit_code', 'start_utc', 'end_utc', 'log', 'required']) t.true(key in entry, `${entry.command} has no ${key}`);
	}
	t.deepEqual(
		matrix.entries.map((entry) => [entry.name, entry.command, entry.exit_code, entry.start_utc, entry.end_utc, entry.log, entry.required]),
		[
			['fmt_check', 'cargo fmt --all --check', 0, '2026-03-03T08:00:01Z', '2026-03-03T08:00:02Z', `${E}/phase-1/command-logs/fmt_check.log`, true],
			[
				'clippy_lumen',
				'cargo clippy -p lumen -- -D warnings',
				0,
				'2026-03-03T08:00:02Z',
				'2026-03-03T08:00:40Z',
				`${E}/phase-1/command-logs/clippy_lumen.log`,
				true,
			],
			['test_lumen', 'cargo test -p lumen', 101, '2026-03-03T08:00:40Z', '2026-03-03T08:02:15Z', `${E}/phase-1/command-logs/test_lumen.log`, true],
			[null, 'cargo deny check', null, null, null, null, true],
		],
	);
	const text = await runCli(['matrix'], { cwd: repo.root });
	t.is(text.code, 0);
	t.regex(text.stdout, /^Command matrix release_evidence\/.*\/phase-1\/command-matrix-status\.tsv {2}all_pass: false$/m);
	t.regex(text.stdout, /^test_lumen +101 +2026-03-03T08:02:15Z +yes +cargo test -p lumen$/m);
	t.regex(text.stdout, /^\(not recorded\) +- +- +yes +cargo deny check$/m);
});

/** Lines of `text` wider than an 80-column terminal. */
function overWide(text: string): string[] {
	return text.split('\n').filter((line) => line.length > 80);
}

test('--help and COMMAND --help print usage within 80 columns and exit 0', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	const help = await runCli(['--help'], { cwd: repo.root });
	t.is(help.code, 0);
	t.is(help.stderr, '');
	t.deepEqual(overWide(help.stdout), []);
	for (const usage of [
		'arco-review status [--json]',
		'arco-review check [--json]',
		'arco-review matrix [--all] [--json]',
		'arco-review signal ID [--json]',
		'--tracker PATH',
	]) {
		t.true(help.stdout.includes(usage), usage);
	}
	// A long usage wraps between option groups, never inside one.
	t.regex(help.stdout, /^ {2}arco-review signoff <signal-id \| gate-number> --status S \[--note TEXT\]\n {8}\[--allow-dirty\]/m);
	t.regex(help.stdout, /\[--blocked-owner WHO --ticket ID --until YYYY-MM-DD\]/);
	t.deepEqual((await runCli(['-h'], { cwd: repo.root })).stdout, help.stdout);
	const statusHelp = await runCli(['status', '--help'], { cwd: repo.root });
	t.is(statusHelp.code, 0);
	t.true(statusHelp.stdout.startsWith('Usage: arco-review status [--json]\n'));
	for (const command of ['status', 'check', 'matrix', 'signal', 'rerun', 'report', 'signoff', 'verify']) {
		const commandHelp = await runCli([command, '--help'], { cwd: repo.root });
		t.is(commandHelp.code, 0, command);
		t.deepEqual(overWide(commandHelp.stdout), [], command);
	}
});

test('--version prints the package version', async (t) => {
	const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
	const cwd = PROJECT_ROOT;
	t.deepEqual(await runCli(['--version'], { cwd }), { code: 0, stdout: `${manifest.version}\n`, stderr: '' });
	t.deepEqual(await runCli(['-v'], { cwd }), { code: 0, stdout: `${manifest.version}\n`, stderr: '' });
	const binary = await runBinary(['--version'], { cwd });
	t.deepEqual(binary, { code: 0, stdout: `${manifest.version}\n`, stderr: '' });
});

test('an unknown command, an unknown option, or an extra argument exits 2 with one line pointing at --help', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	const cases: Array<[string[], RegExp]> = [
		[['frobnicate'], /^arco-review: unknown command "frobnicate"; run arco-review --help\n$/],
		[['status', '--frobnicate'], /^arco-review: .*--frobnicate.*; run arco-review status --help\n$/],
		[['--frobnicate'], /^arco-review: .*--frobnicate.*; run arco-review --help\n$/],
		[['status', 'extra'], /^arco-review: too many arguments for status \(extra\); usage: arco-review status \[--json\]\n$/],
	];
	for (const [argv, expected] of cases) {
		const result = await runCli(argv, { cwd: repo.root });
		t.is(result.code, 2, argv.join(' '));
		t.is(result.stdout, '', argv.join(' '));
		t.regex(result.stderr, expected, argv.join(' '));
	}
	const binary = await runBinary(['status', '--frobnicate'], { cwd: repo.root });
	t.is(binary.code, 2);
	t.deepEqual(stackLines(binary.stderr), []);
});

test('without a command and without a terminal, arco-review prints the status table', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	const bare = await runBinary([], { cwd: repo.root });
	t.is(bare.code, 0, bare.stderr);
	const status = await runCli(['status'], { cwd: repo.root });
	t.is(bare.stdout, status.stdout);
	t.regex(bare.stdout, /^ +3 +Deployment \/ operations +BLOCKED-EXTERNAL \(signals: NO-GO\) +0 +2$/m);
	t.regex(bare.stdout, /^ {6}evidence release_evidence\/2026-03-02-lumen-readiness\/gate-3\/$/m);
});

test('piped status: one evidence path a line under its gate, no line wider than 120 columns, plurals right', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	editJson<{ baseline_commit: string }>(repo.root, LUMEN_TRACKER, (tracker) => void (tracker.baseline_commit = repo.head!));
	commitAll(repo.root, 'baseline is the fixture commit');
	const status = await runCli(['status'], { cwd: repo.root });
	t.is(status.code, 0, status.stderr);
	t.regex(status.stdout, /, 1 commit since baseline$/m);
	t.regex(status.stdout, /^Findings: 4 \(0 errors, 4 warnings, 0 info\)$/m);
	t.regex(
		status.stdout,
		/^ +0 +Re-baseline \/ tracker integrity +GO +2 +0\n {6}evidence docs\/audits\/2026-03-02-lumen-readiness\/signal-ledger\.md\n {15}release_evidence\/2026-03-02-lumen-readiness\/phase-1\/command-matrix-status\.tsv$/m,
	);
	t.deepEqual(
		status.stdout.split('\n').filter((line) => line.length > 120),
		[],
	);
});

test('status on a 60-column terminal: no line is wider than the terminal; the tracker path keeps its file name', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	const stdout = captureStream();
	const stderr = captureStream();
	const terminal = { ...stdout.stream, isTTY: true, columns: 60 };
	const code = await main(['status'], { cwd: repo.root, env: { PATH: process.env['PATH'] ?? '' }, stdout: terminal, stderr: stderr.stream, stdinIsTty: false });
	t.is(code, 0, stderr.text());
	const lines = stdout.text().split('\n');
	t.regex(lines[0] ?? '', /^Audit 2026-03-02 {2}tracker ….*\/gate-tracker\.json$/);
	t.deepEqual(
		lines.filter((line) => displayWidth(line) > 60),
		[],
	);
});

// Regression (source/cli.ts / bin/arco-review.js): when the reader of stdout goes away (`arco-review matrix --all
// | head`), the next write fails with EPIPE and Node prints an "Unhandled 'error' event" stack trace and exits 1.
// A closed stdout should end the program quietly (no `    at ` lines on stderr).
test('a closed stdout (| head) ends quietly, without a stack trace', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	const { spawn } = await import('node:child_process');
	const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/arco-review.js'), 'matrix', '--all'], {
		cwd: repo.root,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	child.stdout.destroy();
	let stderr = '';
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	await new Promise((resolve) => child.on('close', resolve));
	t.deepEqual(stackLines(stderr), []);
	t.false(stderr.includes('EPIPE'), stderr);
});
