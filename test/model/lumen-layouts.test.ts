/**
 * Our own lumen fixture read through `matrix --all --json`: one test per command-status TSV layout the loader
 * understands, plus the audit-wide properties (logs found, unique names). Always runs; needs no ../shared.
 */
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { copyFixture, LUMEN_EVIDENCE as E, logsBesideStatusFiles, type TempRepo } from '../helpers/fixture-repo.js';
import { type AllStatusFilesJson, allRuns, type EntryJson, type StatusFileJson } from '../helpers/reports.js';
import { runJson } from '../helpers/run-cli.js';

let repo: TempRepo;
let report: AllStatusFilesJson;

test.before(async () => {
	repo = copyFixture('lumen-audit');
	report = await runJson<AllStatusFilesJson>(['matrix', '--all', '--json'], { cwd: repo.root });
});
test.after.always(() => repo?.cleanup());

function file(relative: string): StatusFileJson {
	const found = report.files.find((candidate) => candidate.path === `${E}/${relative}`);
	if (!found) throw new Error(`${relative} not in matrix --all (have ${report.files.map((f) => f.path).join(', ')})`);
	return found;
}

function entry(statusFile: StatusFileJson, name: string): EntryJson {
	const found = statusFile.entries.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`${name} not in ${statusFile.path} (have ${statusFile.entries.map((e) => e.name).join(', ')})`);
	return found;
}

const EXPECTED_LAYOUTS: Record<string, string> = {
	'gate-1/g1-001-command-status.tsv': 'signal|command|start_utc|end_utc|exit_code|log_path',
	'gate-2/batch-a/command-matrix-status.tsv': 'timestamp_utc|step|command|exit_code|result|log_path',
	'gate-2/g2-refresh-command-status.tsv': 'stage|command|start_utc|end_utc|exit_code|log_path',
	'gate-3/batch-b/command-matrix-status.tsv': 'utc_timestamp|step|command|exit_code|result|log_path',
	'gate-3/cloud/cloud-command-status.tsv': 'step|command|exit_code|utc',
	'phase-0/command-matrix-rerun-status.tsv': 'headerless:command|exit_code|start_utc|end_utc|cmd',
	'phase-0/command-matrix-status.tsv': 'headerless:command|exit_code|start_utc|end_utc|cmd',
	'phase-1/command-matrix-status.tsv': 'command|exit_code|start_utc|end_utc|cmd',
};

test('every status TSV is read, sorted by path, with its layout id and no unreadable rows', (t) => {
	t.deepEqual(
		report.files.map((f) => [f.path, f.layout]),
		Object.entries(EXPECTED_LAYOUTS)
			.map(([relative, layout]) => [`${E}/${relative}`, layout])
			.sort(([a], [b]) => (a! < b! ? -1 : 1)),
	);
	t.deepEqual(
		report.files.filter((f) => f.problems.length > 0).map((f) => [f.path, f.problems]),
		[],
	);
});

test('layout header-less 5 columns: name from column 1, command from column 5, logs in command-logs/ and command-logs-rerun/', (t) => {
	const first = file('phase-0/command-matrix-status.tsv');
	t.deepEqual(
		first.entries.map((e) => [e.name, e.command, e.exit_code, e.start_utc, e.end_utc, e.log]),
		[
			['phase-0/fmt_check', 'cargo fmt --all --check', 0, '2026-03-02T07:10:00Z', '2026-03-02T07:10:01Z', `${E}/phase-0/command-logs/fmt_check.log`],
			[
				'phase-0/clippy_lumen',
				'cargo clippy -p lumen -- -D warnings',
				101,
				'2026-03-02T07:10:01Z',
				'2026-03-02T07:10:30Z',
				`${E}/phase-0/command-logs/clippy_lumen.log`,
			],
		],
	);
	const rerun = file('phase-0/command-matrix-rerun-status.tsv');
	t.deepEqual(
		rerun.entries.map((e) => [e.command, e.exit_code, e.log]),
		[['cargo clippy -p lumen -- -D warnings', 0, `${E}/phase-0/command-logs-rerun/clippy_lumen_rerun.log`]],
	);
});

test('layout command|exit_code|start_utc|end_utc|cmd: the tracker matrix keeps bare names; `command` is the name, `cmd` the command', (t) => {
	const matrix = file('phase-1/command-matrix-status.tsv');
	t.deepEqual(
		matrix.entries.map((e) => [e.name, e.command, e.exit_code, e.end_utc, e.log]),
		[
			['fmt_check', 'cargo fmt --all --check', 0, '2026-03-03T08:00:02Z', `${E}/phase-1/command-logs/fmt_check.log`],
			['clippy_lumen', 'cargo clippy -p lumen -- -D warnings', 0, '2026-03-03T08:00:40Z', `${E}/phase-1/command-logs/clippy_lumen.log`],
			['test_lumen', 'cargo test -p lumen', 101, '2026-03-03T08:02:15Z', `${E}/phase-1/command-logs/test_lumen.log`],
		],
	);
});

test('layout signal|command|start_utc|end_utc|exit_code|log_path: a repeated run wins, the earlier one is history; /Users/... log paths are rebased', (t) => {
	const signalFile = file('gate-1/g1-001-command-status.tsv');
	t.true(signalFile.append_style);
	t.deepEqual(
		signalFile.entries.map((e) => [e.name, e.signal, e.history.length]),
		[
			['G1-001/release_docs_presence', 'G1-001', 0],
			['G1-001/verify_release_tag', 'G1-001', 1],
		],
	);
	const verify = entry(signalFile, 'G1-001/verify_release_tag');
	t.is(verify.exit_code, 0);
	t.is(verify.start_utc, '2026-03-03T11:02:10Z');
	t.is(verify.line, 4);
	t.is(verify.log_recorded, `/Users/someone/work/lumen/${E}/gate-1/command-logs/20260303T110210Z_verify_release_tag_rerun.log`);
	t.is(verify.log, `${E}/gate-1/command-logs/20260303T110210Z_verify_release_tag_rerun.log`);
	const earlier = verify.history[0];
	t.is(earlier?.exit_code, 1);
	t.is(earlier?.start_utc, '2026-03-03T10:15:01Z');
	t.is(earlier?.log, `${E}/gate-1/command-logs/20260303T101501Z_verify_release_tag.log`);
	t.is(entry(signalFile, 'G1-001/release_docs_presence').log, `${E}/gate-1/command-logs/20260303T101500Z_release_docs_presence.log`);
});

test('layout stage|command|start_utc|end_utc|exit_code|log_path: stage kept, names qualified by the file, relative logs found', (t) => {
	const refresh = file('gate-2/g2-refresh-command-status.tsv');
	t.deepEqual(
		refresh.entries.map((e) => [e.name, e.stage, e.exit_code, e.log]),
		[
			['gate-2/g2-refresh/tracker_jq_validate', 'verification', 0, `${E}/gate-2/command-logs/20260303T120000Z_tracker_jq_validate.log`],
			['gate-2/g2-refresh/ingest_replay_test', 'verification', 101, `${E}/gate-2/command-logs/20260303T120001Z_ingest_replay_test.log`],
		],
	);
});

test('layout timestamp_utc|step|command|exit_code|result|log_path: step names the entry, timestamp is the start, result kept', (t) => {
	const batch = file('gate-2/batch-a/command-matrix-status.tsv');
	t.deepEqual(
		batch.entries.map((e) => [e.name, e.step, e.command, e.exit_code, e.result, e.start_utc, e.log]),
		[
			[
				'gate-2/batch-a/ingest_ordering',
				'ingest_ordering',
				'cargo test -p lumen ingest::ordering',
				0,
				'PASS',
				'2026-03-03T13:00:00Z',
				`${E}/gate-2/batch-a/command-logs/2026-03-03T130000Z-ingest-ordering.log`,
			],
			[
				'gate-2/batch-a/ingest_dedup',
				'ingest_dedup',
				'cargo test -p lumen ingest::dedup',
				1,
				'FAIL',
				'2026-03-03T13:00:30Z',
				`${E}/gate-2/batch-a/command-logs/2026-03-03T130030Z-ingest-dedup.log`,
			],
		],
	);
});

test('layout utc_timestamp|step|command|exit_code|result|log_path: same reading, absolute log rebased', (t) => {
	const batch = file('gate-3/batch-b/command-matrix-status.tsv');
	t.deepEqual(
		batch.entries.map((e) => [e.name, e.exit_code, e.result, e.start_utc, e.log]),
		[
			['gate-3/batch-b/deploy_dry_run', 0, 'PASS', '2026-03-03T14:00:00Z', `${E}/gate-3/batch-b/command-logs/2026-03-03T140000Z-deploy-dry-run.log`],
			['gate-3/batch-b/rollback_dry_run', 1, 'FAIL', '2026-03-03T14:00:05Z', `${E}/gate-3/batch-b/command-logs/2026-03-03T140005Z-rollback-dry-run.log`],
		],
	);
	t.true(batch.entries[0]?.log_recorded?.startsWith('/Users/someone/work/lumen/'));
});

test('layout step|command|exit_code|utc: NA is exit_code null, SKIPPED(...) is a skip reason, a log is found by name or by its `# command:` header', (t) => {
	const cloud = file('gate-3/cloud/cloud-command-status.tsv');
	t.deepEqual(
		cloud.entries.map((e) => [e.name, e.exit_code, e.exit_code_text, e.skipped, e.start_utc, e.log]),
		[
			['gate-3/cloud/gcloud_auth', 0, '0', null, '2026-03-03T15:00:00Z', `${E}/gate-3/cloud/command-logs/gcloud_auth.log`],
			['gate-3/cloud/terraform_plan', 1, '1', null, '2026-03-03T15:00:10Z', `${E}/gate-3/cloud/command-logs/plan-staging.log`],
			['gate-3/cloud/terraform_apply', null, 'NA', 'plan failed', '2026-03-03T15:00:10Z', null],
		],
	);
});

test('every .log in a command-logs* folder beside a TSV belongs to some run, and every log named exists', (t) => {
	const referenced = new Set(allRuns(report.files).flatMap((run) => (run.log ? [run.log] : [])));
	const onDisk = logsBesideStatusFiles(
		repo.root,
		report.files.map((f) => f.path),
	);
	t.is(onDisk.length, 17);
	t.deepEqual(
		onDisk.filter((log) => !referenced.has(log)),
		[],
	);
	t.deepEqual(
		[...referenced].filter((log) => !fs.existsSync(path.join(repo.root, log))),
		[],
	);
});

test('entry names are unique across the audit', (t) => {
	const names = report.files.flatMap((f) => f.entries.map((e) => e.name));
	t.is(names.length, 17);
	t.is(new Set(names).size, names.length);
});
