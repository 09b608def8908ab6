/**
 * The demo repository behind `arco-review --demo`: created fast in a temp folder, committed clean, loadable,
 * with the deliberate findings, and with recorded commands that really reproduce their recorded exit codes
 * and output when rerun the way reruns run them (the rerun shell's -c, from the repository root).
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { type CliIo, main } from '../../source/cli.js';
import { createDemoRepository, DEMO_DIRECTORY_PREFIX, DEMO_REVIEWER, type DemoRepository } from '../../source/demo/create-demo.js';
import { DEMO_DELIBERATE_PROBLEMS, DEMO_MATRIX_STATUS_FILE, DEMO_SIGNAL_STATUS_FILE, DEMO_TRACKER_PATH } from '../../source/demo/demo-audit.js';
import { loadAudit } from '../../source/model/load-audit.js';
import type { AuditModel, CommandEntry } from '../../source/model/types.js';
import { chooseShell, FALLBACK_SHELL } from '../../source/runner/shell.js';
import { captureStream } from '../helpers/run-cli.js';

// A command that hangs fails the test through ava's timeout; this only bounds a runaway child.

function git(root: string, args: string[]): string {
	return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function scratchFolder(): string {
	return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'arco-review-demo-test-')));
}

let shared: DemoRepository;
let model: AuditModel;
const scratch: string[] = [];

test.before(async () => {
	const parent = scratchFolder();
	scratch.push(parent);
	shared = await createDemoRepository({ parentDir: parent });
	model = await loadAudit({ cwd: shared.root, env: {} });
});

test.after.always(() => {
	shared?.remove();
	for (const folder of scratch) fs.rmSync(folder, { recursive: true, force: true });
});

test.serial('created under os.tmpdir() by default, without touching the current directory', async (t) => {
	const cwd = scratchFolder();
	scratch.push(cwd);
	const previous = process.cwd();
	process.chdir(cwd);
	let demo: DemoRepository | null = null;
	try {
		demo = await createDemoRepository();
		t.deepEqual(fs.readdirSync(cwd), []);
		t.is(path.dirname(demo.root), fs.realpathSync(os.tmpdir()));
		t.true(path.basename(demo.root).startsWith(DEMO_DIRECTORY_PREFIX));
	} finally {
		process.chdir(previous);
		demo?.remove();
	}
});

test('a clean two-commit repository with the demo identity and a project config naming the tracker', (t) => {
	const { root } = shared;
	t.is(git(root, ['status', '--porcelain', '--untracked-files=all']), '');
	t.is(git(root, ['rev-list', '--count', 'HEAD']).trim(), '2');
	t.is(git(root, ['config', '--local', 'user.name']).trim(), DEMO_REVIEWER.name);
	t.is(git(root, ['config', '--local', 'user.email']).trim(), DEMO_REVIEWER.email);
	t.is(git(root, ['rev-parse', '--show-toplevel']).trim(), root);
	t.deepEqual(JSON.parse(fs.readFileSync(path.join(root, '.arco-review.json'), 'utf8')), { tracker: DEMO_TRACKER_PATH });
	t.is(shared.trackerPath, path.join(root, DEMO_TRACKER_PATH));
	t.true(fs.statSync(shared.trackerPath).isFile());
});

test('loads: five gates, twelve signals with owners and ledger rows, every status kind, baseline one commit back', (t) => {
	t.is(model.trackerSource, '.arco-review.json');
	t.is(model.trackerPath, DEMO_TRACKER_PATH);
	t.is(model.auditDate, '2026-11-20');
	t.deepEqual(
		model.gates.map((gate) => [gate.id, gate.name, gate.status]),
		[
			[0, 'Tracker integrity', 'GO'],
			[1, 'Release provenance', 'PARTIAL'],
			[2, 'Storage invariants', 'PARTIAL'],
			[3, 'Runtime SLOs', 'PARTIAL'],
			[4, 'Operations handoff', 'NO-GO'],
		],
	);
	// The recorded gate statuses agree with their signals: the demo's problems are elsewhere.
	for (const gate of model.gates) t.is(gate.status, gate.derivedStatus, `gate ${gate.id}`);
	t.is(model.signals.length, 12);
	t.deepEqual(new Set(model.signals.map((signal) => signal.status)), new Set(['GO', 'PARTIAL', 'NO-GO', 'BLOCKED-EXTERNAL']));
	for (const signal of model.signals) {
		t.truthy(signal.owner, signal.id);
		t.truthy(signal.ledger, signal.id);
		t.is(signal.gateIds.length, 1, signal.id);
	}
	t.deepEqual(model.git, {
		head: git(shared.root, ['rev-parse', 'HEAD']).trim(),
		dirty: false,
		changedPaths: [],
		dirtyPaths: [],
		baselineKnown: true,
		commitsSinceBaseline: 1,
	});
});

test('the two BLOCKED-EXTERNAL signals carry owner, ticket and until; one expires within the week', (t) => {
	const blocked = model.signals.filter((signal) => signal.status === 'BLOCKED-EXTERNAL');
	t.deepEqual(
		blocked.map((signal) => [signal.id, signal.blocked?.owner, signal.blocked?.ticket]),
		[
			['G4-001', 'Platform team', 'PLAT-482'],
			['G4-002', 'Ops rota lead', 'OPS-117'],
		],
	);
	t.like(model.blocks, { total: 2, expiringSoon: 1, expired: 0, incomplete: 0 });
});

test('the command matrix: five required commands with logs, one recorded failure, all_pass false', (t) => {
	const { matrix } = model;
	t.is(matrix.statusFile.path, DEMO_MATRIX_STATUS_FILE);
	t.false(matrix.allPass);
	t.is(matrix.entries.length, 5);
	for (const entry of matrix.entries) {
		t.true(entry.required, entry.command);
		t.truthy(entry.entry?.latest.log, entry.command);
	}
	t.deepEqual(
		matrix.entries.filter((entry) => entry.entry?.latest.exitCode !== 0).map((entry) => [entry.name, entry.entry?.latest.exitCode]),
		[['retention_matches_policy', 1]],
	);
	const statusFile = model.statusFiles.find((file) => file.path === DEMO_MATRIX_STATUS_FILE);
	t.deepEqual(statusFile?.layout.columns, ['command', 'exit_code', 'start_utc', 'end_utc', 'cmd']);
	t.deepEqual(statusFile?.problems, []);
});

test('the per-signal status file: two runs of one command, the later passing run wins', (t) => {
	const file = model.statusFiles.find((candidate) => candidate.path === DEMO_SIGNAL_STATUS_FILE);
	t.deepEqual(file?.layout.columns, ['signal', 'command', 'start_utc', 'end_utc', 'exit_code', 'log_path']);
	t.is(file?.entries.length, 1);
	const entry = file?.entries[0];
	t.is(entry?.signal, 'G3-001');
	t.is(entry?.latest.exitCode, 0);
	t.deepEqual(
		entry?.history.map((run) => run.exitCode),
		[1],
	);
	t.truthy(entry?.latest.log);
	t.truthy(entry?.history[0]?.log);
});

test('findings: the deliberate tracker/ledger disagreement and missing evidence, and no other missing path', (t) => {
	const { statusMismatch, missingEvidence } = DEMO_DELIBERATE_PROBLEMS;
	const keys = model.findings.map((finding) => `${finding.code} ${finding.subject}`);
	t.true(keys.includes(`ledger-status-mismatch ${statusMismatch.signal}`), keys.join('\n'));
	t.true(keys.includes(`evidence-missing ${missingEvidence.signal}`), keys.join('\n'));
	const missing = model.signals.flatMap((signal) =>
		[...(signal.ledger?.codePaths ?? []), ...(signal.ledger?.evidence ?? [])].filter((ref) => !ref.exists).map((ref) => ref.written),
	);
	t.deepEqual(missing, [missingEvidence.path]);
	for (const gate of model.gates) for (const ref of gate.evidence) t.true(ref.exists, ref.written);
	t.false(
		keys.some((key) =>
			/^(gate-status-drift|ledger-owner-mismatch|baseline-unknown|all-pass-stale|status-file-unreadable|blocked-incomplete|blocked-expired|summary-drift|summary-table-missing)\b/.test(
				key,
			),
		),
		keys.join('\n'),
	);
});

interface ShellResult {
	exitCode: number | null;
	stdout: string;
	stderr: string;
}

function runShell(command: string, cwd: string): Promise<ShellResult> {
	return new Promise((resolve, reject) => {
		const shell = chooseShell(null)?.path ?? FALLBACK_SHELL;
		execFile(shell, ['-c', command], { cwd, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
			if (error && typeof error.code !== 'number') reject(error);
			else resolve({ exitCode: error ? (error.code as number) : 0, stdout, stderr });
		});
	});
}

/** The raw output in a log written as `# command:` ... header lines, output, `# end_utc:` ... footer lines. */
function logBody(text: string): string {
	const headerEnd = text.search(/^(?!# (command|start_utc|head): )/m);
	const footerStart = text.lastIndexOf('# end_utc: ');
	return text.slice(headerEnd, footerStart);
}

test('every recorded command reruns through the rerun shell in the demo root with its recorded exit code and output', async (t) => {
	const entries: CommandEntry[] = [
		...model.matrix.entries.flatMap((entry) => (entry.entry ? [entry.entry] : [])),
		...model.statusFiles.filter((file) => file.path !== DEMO_MATRIX_STATUS_FILE).flatMap((file) => file.entries),
	];
	t.is(entries.length, 6);
	const results = await Promise.all(entries.map((entry) => runShell(entry.latest.command, shared.root)));
	entries.forEach((entry, index) => {
		const result = results[index]!;
		t.is(result.exitCode, entry.latest.exitCode, entry.name);
		t.is(result.stderr, '', entry.name);
		const log = fs.readFileSync(path.join(shared.root, entry.latest.log!), 'utf8');
		t.true(log.startsWith(`# command: ${entry.latest.command}\n# start_utc: ${entry.latest.startUtc}\n`), entry.name);
		t.is(result.stdout, logBody(log), entry.name);
	});
	const noisy = results[entries.findIndex((entry) => entry.name === 'fixture_scan')]!.stdout;
	t.true(noisy.split('\n').length > 5000);
	t.true(noisy.includes('\r') && noisy.includes('\u001B['));
	// Rerunning left the repository as it was.
	t.is(git(shared.root, ['status', '--porcelain', '--untracked-files=all']), '');
});

test('`status --json` on the demo exits 0', async (t) => {
	const stdout = captureStream();
	const stderr = captureStream();
	const io: CliIo = { cwd: shared.root, env: {}, stdout: stdout.stream, stderr: stderr.stream, stdinIsTty: false };
	const code = await main(['status', '--json'], io);
	t.is(code, 0, stderr.text());
	const report = JSON.parse(stdout.text()) as { tracker: string; tracker_source: string; dirty: boolean; gates: unknown[] };
	t.is(report.tracker, DEMO_TRACKER_PATH);
	t.is(report.tracker_source, '.arco-review.json');
	t.false(report.dirty);
	t.is(report.gates.length, 5);
});

test('remove() deletes the repository and may be called again', async (t) => {
	const parent = scratchFolder();
	scratch.push(parent);
	const demo = await createDemoRepository({ parentDir: parent });
	t.true(fs.existsSync(demo.root));
	t.is(path.dirname(demo.root), parent);
	demo.remove();
	t.false(fs.existsSync(demo.root));
	t.notThrows(() => demo.remove());
	t.deepEqual(fs.readdirSync(parent), []);
});
