/**
 * The real audit snapshots of ../shared/fixtures (daxis-io/arco): the gate snapshot the product was specified
 * from, and every command-status TSV of the later snapshot. Skipped with a notice when ../shared is absent
 * (a failure under CI=true).
 */
import path from 'node:path';
import test from 'ava';
import { copyFixture, logsBesideStatusFiles, type TempRepo } from '../helpers/fixture-repo.js';
import { type AllStatusFilesJson, allRuns, type EntryJson, type StatusJson } from '../helpers/reports.js';
import { runCli, runJson } from '../helpers/run-cli.js';
import { sharedTest } from '../helpers/shared-fixtures.js';

const EXPECTED_66D6C8C = '0 GO 4/0 · 1 NO-GO 0/4 · 2 GO 7/0 · 3 PARTIAL 5/2 · 4 NO-GO 0/6 · 5 NO-GO 0/6 · 7 NO-GO 0/4';

sharedTest('arco-66d6c8c: status --json gives the summary snapshot, gate by gate', 'arco-66d6c8c', async (t, fixture) => {
	const repo = sharedCopy(fixture);
	const status = await runJson<StatusJson>(['status', '--json'], { cwd: repo.root });
	t.is(status.gates.map((gate) => `${gate.id} ${gate.status} ${gate.closed}/${gate.open}`).join(' · '), EXPECTED_66D6C8C);
	t.is(status.tracker, 'docs/audits/2026-02-12-prod-readiness/gate-tracker.json');
	t.is(status.head, repo.head);
	t.false(status.dod_met);
});

sharedTest('arco-66d6c8c: the status table shows the same rows', 'arco-66d6c8c', async (t, fixture) => {
	const repo = sharedCopy(fixture);
	const result = await runCli(['status'], { cwd: repo.root });
	t.is(result.code, 0);
	t.is(result.stderr, '');
	const rows = result.stdout
		.split('\n')
		.map((line) => /^\s*(\d+)\s{2,}.+?\s{2,}(GO|PARTIAL|NO-GO|BLOCKED-EXTERNAL)(?: \(signals: [A-Z-]+\))?\s+(\d+)\s+(\d+)(?:\s|$)/.exec(line))
		.filter((match): match is RegExpExecArray => match !== null)
		.map((match) => `${match[1]} ${match[2]} ${match[3]}/${match[4]}`);
	t.is(rows.join(' · '), EXPECTED_66D6C8C);
	t.regex(result.stdout, /^Gate\s+Area\s+Status\s+Closed\s+Open$/m);
	t.regex(result.stdout, /Definition of done ALL_GATES_GO: not met \(2\/7 gates GO\)/);
	// Primary Evidence: each path whole on a line of its own under its gate, never a 400-column row.
	t.regex(
		result.stdout,
		/^ +3 +Layer-2 production blockers +PARTIAL +5 +2\n {6}evidence release_evidence\/2026-02-12-prod-readiness\/gate-3\/command-logs\/test_g3_projection_restart\.log\n {15}release_evidence\/2026-02-12-prod-readiness\/gate-3\/command-logs\/test_g3_run_bridge_convergence\.log$/m,
	);
	t.deepEqual(
		result.stdout.split('\n').filter((line) => line.length > 120),
		[],
	);
});

const EXPECTED_6BA74A9: Array<[string, string]> = [
	['final-go/g5-g7-audit-refresh-command-status.tsv', 'stage|command|start_utc|end_utc|exit_code|log_path'],
	['final-go/g7-001-command-status.tsv', 'signal|command|start_utc|end_utc|exit_code|log_path'],
	['final-go/g7-002-command-status.tsv', 'signal|command|start_utc|end_utc|exit_code|log_path'],
	['final-go/g7-003-command-status.tsv', 'signal|command|start_utc|end_utc|exit_code|log_path'],
	['final-go/g7-004-command-status.tsv', 'signal|command|start_utc|end_utc|exit_code|log_path'],
	['gate-1/command-matrix-status.tsv', 'timestamp_utc|step|command|exit_code|result|log_path'],
	['gate-4/cloud-run/cloud-run-command-status.tsv', 'step|command|exit_code|utc'],
	['gate-4/observability/observability-command-status.tsv', 'step|command|exit_code|utc'],
	['gate-4/terraform/terraform-command-status.tsv', 'step|command|exit_code|utc'],
	['gate-5/g5-002-command-status.tsv', 'signal|command|start_utc|end_utc|exit_code|log_path'],
	['gate-5/perf/g5-001-command-status.tsv', 'signal|command|start_utc|end_utc|exit_code|log_path'],
	['gate-5/rollback/g5-005-command-status.tsv', 'signal|command|start_utc|end_utc|exit_code|log_path'],
	['gate-5/security/g5-003-command-status.tsv', 'signal|command|start_utc|end_utc|exit_code|log_path'],
	['gate-5/security/g5-004-command-status.tsv', 'signal|command|start_utc|end_utc|exit_code|log_path'],
	['gate-5/signoff/g5-006-command-status.tsv', 'signal|command|start_utc|end_utc|exit_code|log_path'],
	['phase-0/command-matrix-rerun-status.tsv', 'headerless:command|exit_code|start_utc|end_utc|cmd'],
	['phase-0/command-matrix-status.tsv', 'headerless:command|exit_code|start_utc|end_utc|cmd'],
	['phase-0/current-head/command-matrix-status.tsv', 'command|exit_code|start_utc|end_utc|cmd'],
	['phase-2/batch-2-head/command-matrix-status.tsv', 'command|exit_code|start_utc|end_utc|cmd'],
	['phase-3/batch-3-head/command-matrix-status.tsv', 'command|exit_code|start_utc|end_utc|cmd'],
	['phase-4/batch-4-head/command-matrix-status.tsv', 'timestamp_utc|step|command|exit_code|result|log_path'],
	['phase-5/batch-5-head/command-matrix-status.tsv', 'utc_timestamp|step|command|exit_code|result|log_path'],
];
const ROOT_6BA = 'release_evidence/2026-02-12-prod-readiness';

// These tests only read, so each snapshot is copied (and read by `matrix --all --json`) once per file.
const copies = new Map<string, TempRepo>();
const reports = new Map<string, Promise<AllStatusFilesJson>>();
test.after.always(() => {
	for (const repo of copies.values()) repo.cleanup();
});

function sharedCopy(fixture: string): TempRepo {
	let repo = copies.get(fixture);
	if (!repo) {
		repo = copyFixture(fixture);
		copies.set(fixture, repo);
	}
	return repo;
}

async function readAll(fixture: string): Promise<{ root: string; report: AllStatusFilesJson }> {
	const repo = sharedCopy(fixture);
	let report = reports.get(fixture);
	if (!report) {
		report = runJson<AllStatusFilesJson>(['matrix', '--all', '--json'], { cwd: repo.root });
		reports.set(fixture, report);
	}
	return { root: repo.root, report: await report };
}

function entryIn(report: AllStatusFilesJson, file: string, predicate: (entry: EntryJson) => boolean): EntryJson {
	const found = report.files.find((f) => f.path === `${ROOT_6BA}/${file}`)?.entries.find(predicate);
	if (!found) throw new Error(`no such entry in ${file}`);
	return found;
}

sharedTest('arco-6ba74a9: all 22 status TSVs are read with their layout id and no unreadable rows', 'arco-6ba74a9', async (t, fixture) => {
	const { report } = await readAll(fixture);
	t.deepEqual(
		report.files.map((file) => [file.path, file.layout]),
		EXPECTED_6BA74A9.map(([file, layout]) => [`${ROOT_6BA}/${file}`, layout]),
	);
	t.deepEqual(
		report.files.filter((file) => file.problems.length > 0).map((file) => [file.path, file.problems]),
		[],
	);
	t.true(report.files.every((file) => file.entries.length > 0));
});

sharedTest('arco-6ba74a9: every .log beside a TSV is found (relative, rebased /Users/... paths, by name or by header)', 'arco-6ba74a9', async (t, fixture) => {
	const { root, report } = await readAll(fixture);
	const runs = allRuns(report.files);
	const referenced = new Set(runs.flatMap((run) => (run.log ? [run.log] : [])));
	const onDisk = logsBesideStatusFiles(
		root,
		report.files.map((file) => file.path),
	);
	t.true(onDisk.length > 100, `only ${onDisk.length} logs found on disk`);
	t.deepEqual(
		onDisk.filter((log) => !referenced.has(log)),
		[],
	);
	const absolute = runs.filter((run) => run.log_recorded?.startsWith('/Users/'));
	t.true(absolute.length >= 20, `${absolute.length} runs record a /Users/ path`);
	t.deepEqual(
		absolute.filter((run) => run.log === null || !run.log.startsWith(`${ROOT_6BA}/`)).map((run) => run.log_recorded),
		[],
	);
	t.is(
		entryIn(report, 'gate-4/observability/observability-command-status.tsv', (e) => e.name?.endsWith('/promtool_check_rules') ?? false).log,
		`${ROOT_6BA}/gate-4/observability/command-logs/promtool_check_g4_alerts.log`,
	);
	t.is(
		path.posix.basename(entryIn(report, 'phase-4/batch-4-head/command-matrix-status.tsv', (e) => e.step === 'verify-workdir').log ?? ''),
		'verify-workdir.log',
	);
});

sharedTest('arco-6ba74a9: NA is exit_code null and SKIPPED(...) a skip reason', 'arco-6ba74a9', async (t, fixture) => {
	const { report } = await readAll(fixture);
	const apply = entryIn(report, 'gate-4/terraform/terraform-command-status.tsv', (e) => e.step === 'apply');
	t.like(apply, { exit_code: null, exit_code_text: 'NA', skipped: 'plan failed', command: 'SKIPPED(plan failed)' });
	const replan = entryIn(report, 'gate-4/terraform/terraform-command-status.tsv', (e) => e.step === 'replan');
	t.like(replan, { exit_code: null, skipped: 'apply not executed' });
	const runs = allRuns(report.files);
	t.deepEqual(
		runs.filter((run) => run.exit_code_text === 'NA' && run.exit_code !== null),
		[],
	);
});

sharedTest('arco-6ba74a9: a repeated command keeps its latest run, earlier runs in history (newest first)', 'arco-6ba74a9', async (t, fixture) => {
	const { report } = await readAll(fixture);
	const bench = entryIn(report, 'gate-5/perf/g5-001-command-status.tsv', (e) => e.command === 'cargo bench -p arco-catalog --bench catalog_lookup --no-run');
	t.like(bench, { start_utc: '2026-02-15T19:23:46Z', exit_code: 0 });
	t.deepEqual(
		bench.history.map((run) => [run.start_utc, run.exit_code]),
		[
			['2026-02-15T19:22:59Z', 101],
			['2026-02-15T18:22:28Z', 101],
			['2026-02-15T18:22:17Z', 101],
			['2026-02-15T18:20:28Z', 101],
		],
	);
	const gates = entryIn(
		report,
		'final-go/g7-003-command-status.tsv',
		(e) => e.command === 'jq -r "[.gates[] | {id, status}]" docs/audits/2026-02-12-prod-readiness/gate-tracker.json',
	);
	t.is(gates.start_utc, '2026-02-15T19:34:05Z');
	t.deepEqual(
		gates.history.map((run) => run.start_utc),
		['2026-02-15T18:26:38Z'],
	);
	const workdir = entryIn(report, 'phase-4/batch-4-head/command-matrix-status.tsv', (e) => e.step === 'verify-workdir');
	t.is(workdir.start_utc, '2026-02-15T20:19:17Z');
	t.deepEqual(
		workdir.history.map((run) => run.start_utc),
		['2026-02-15T20:14:45Z'],
	);
	for (const file of report.files) {
		for (const entry of file.entries) {
			const times = [entry, ...entry.history].map((run) => run.end_utc ?? run.start_utc ?? '');
			t.deepEqual(times, [...times].sort().reverse(), `${entry.name}: runs not newest first`);
		}
	}
});

sharedTest('arco-6ba74a9: entry names are unique across the audit', 'arco-6ba74a9', async (t, fixture) => {
	const { report } = await readAll(fixture);
	const names = report.files.flatMap((file) => file.entries.map((entry) => entry.name));
	t.true(names.length > 100);
	t.is(new Set(names).size, names.length);
	t.true(names.every((name) => typeof name === 'string' && name !== ''));
});

// Two different commands recorded under one step (phase-5 `targeted` runs two cargo tests, `integrity` four
// checks) are separate entries, not reruns of each other: every distinct command is the latest run of some entry.
sharedTest('arco-6ba74a9 phase-5: distinct commands sharing a step are separate entries, not reruns of each other', 'arco-6ba74a9', async (t, fixture) => {
	const { report } = await readAll(fixture);
	const phase5 = report.files.find((file) => file.path === `${ROOT_6BA}/phase-5/batch-5-head/command-matrix-status.tsv`);
	const runs = allRuns(phase5 ? [phase5] : []);
	t.is(runs.length, 7);
	t.is(new Set(runs.map((run) => run.command)).size, 7);
	t.deepEqual(phase5?.entries.map((entry) => entry.command).sort(), [...new Set(runs.map((run) => run.command))].sort());
});
