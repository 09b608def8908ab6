/**
 * `report --check FILE` and `report --write FILE` on a hand-written summary's gate snapshot table: the
 * columns of the seed summary (Gate, Area, Status, Closed Signals, Open Signals, Primary Evidence) compared
 * with the tracker, each difference named by line, gate and column; the rewrite changes only what differs.
 */
import fs from 'node:fs';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { copyFixture, LUMEN_EVIDENCE as E, LUMEN_TRACKER, readText, replaceText, snapshotTree, type TempRepo, writeText } from '../helpers/fixture-repo.js';
import type { CheckJson } from '../helpers/reports.js';
import { runCli, runJson } from '../helpers/run-cli.js';
import { sharedTest } from '../helpers/shared-fixtures.js';

const SUMMARY = LUMEN_TRACKER.replace('gate-tracker.json', 'summary.md');
const PROSE_BEFORE = '# Lumen readiness\n\nHand-written notes, *kept* as they are.\n\n## Gate Status Snapshot (Current HEAD)\n\n';
const PROSE_AFTER = '\n## Notes\n\n| not | the snapshot |\n|---|---|\n| a | b |\n';

interface CheckReport {
	file: string;
	ok: boolean;
	differences: Array<{ line: number; gate: number; column: string | null; message: string }>;
}

/** The report's own snapshot table between prose: a summary that agrees with the tracker. */
async function summaryRepo(t: ExecutionContext, lineEnd = '\n'): Promise<{ repo: TempRepo; original: string }> {
	const repo = copyFixture('lumen-audit', { t });
	const report = (await runCli(['report'], { cwd: repo.root })).stdout;
	const table = report.slice(report.indexOf('| Gate |'), report.indexOf('\n\n## Findings'));
	const original = `${PROSE_BEFORE}${table}\n${PROSE_AFTER}`.replace(/\n/g, lineEnd);
	writeText(repo.root, SUMMARY, original);
	return { repo, original };
}

test('a summary whose table agrees passes: exit 0, and check has no summary finding', async (t) => {
	const { repo } = await summaryRepo(t);
	const result = await runCli(['report', '--check', SUMMARY], { cwd: repo.root });
	t.is(result.code, 0, result.stdout + result.stderr);
	t.is(result.stdout, `OK: ${SUMMARY}'s gate snapshot table matches ${LUMEN_TRACKER}\n`);
	const check = await runJson<CheckJson>(['check', '--json'], { cwd: repo.root }, 1);
	t.deepEqual(
		check.findings.filter((finding) => finding.code.startsWith('summary-')),
		[],
	);
});

test('each difference is a line naming the line, the gate and the column; exit 1; --json lists them', async (t) => {
	const { repo } = await summaryRepo(t);
	replaceText(repo.root, SUMMARY, '| 2 | Ingest pipeline invariants | NO-GO | 0 | 2 |', '| 2 | Ingest invariants | GO | 2 | 2 |');
	replaceText(repo.root, SUMMARY, `| \`${E}/gate-1/\` |`, `| \`${E}/gate-1/gone.md\`, \`services/lumen/src/ingest.rs\` |`);
	const result = await runCli(['report', '--check', SUMMARY], { cwd: repo.root });
	t.is(result.code, 1);
	const line = (gate: number) =>
		readText(repo.root, SUMMARY)
			.split('\n')
			.findIndex((text) => text.startsWith(`| ${gate} |`)) + 1;
	t.is(
		result.stdout,
		[
			`${SUMMARY}:${line(1)}: gate 1 Primary Evidence: ${E}/gate-1/gone.md does not exist`,
			`${SUMMARY}:${line(1)}: gate 1 Primary Evidence: services/lumen/src/ingest.rs is neither an evidence path of gate 1 nor under its evidence folder ${E}/gate-1 nor one of the audit's own files`,
			`${SUMMARY}:${line(2)}: gate 2 Area: the summary says Ingest invariants, the tracker Ingest pipeline invariants`,
			`${SUMMARY}:${line(2)}: gate 2 Status: the summary says GO, the tracker NO-GO`,
			`${SUMMARY}:${line(2)}: gate 2 Closed Signals: the summary says 2, the tracker 0`,
			`FAIL: 5 differences from ${LUMEN_TRACKER}; \`arco-review report --write ${SUMMARY}\` replaces the table`,
			'',
		].join('\n'),
	);
	const json = await runJson<CheckReport>(['report', '--check', SUMMARY, '--json'], { cwd: repo.root }, 1);
	t.false(json.ok);
	t.deepEqual(
		json.differences.map((difference) => [difference.gate, difference.column]),
		[
			[1, 'Primary Evidence'],
			[1, 'Primary Evidence'],
			[2, 'Area'],
			[2, 'Status'],
			[2, 'Closed Signals'],
		],
	);
	const check = await runJson<CheckJson>(['check', '--json'], { cwd: repo.root }, 1);
	t.deepEqual(
		check.findings.filter((finding) => finding.code === 'summary-drift').map((finding) => [finding.severity, finding.subject]),
		[
			['warning', 'gate 1'],
			['warning', 'gate 1'],
			['warning', 'gate 2'],
			['warning', 'gate 2'],
			['warning', 'gate 2'],
		],
	);
});

test('--write replaces the differing cells only: the file is the original again, byte for byte', async (t) => {
	for (const lineEnd of ['\n', '\r\n']) {
		const { repo, original } = await summaryRepo(t, lineEnd);
		replaceText(repo.root, SUMMARY, '| 2 | Ingest pipeline invariants | NO-GO | 0 | 2 |', '| 2 | Ingest pipeline invariants | GO | 2 | 0 |');
		replaceText(repo.root, SUMMARY, `| \`${E}/gate-1/\` |`, `| \`${E}/gate-1/gone.md\` |`);
		const written = await runCli(['report', '--write', SUMMARY], { cwd: repo.root });
		t.is(written.code, 0, written.stderr);
		t.is(written.stderr, `wrote ${SUMMARY}: 4 differences fixed in its gate snapshot table; nothing else changed\n`);
		t.is(fs.readFileSync(path.join(repo.root, SUMMARY), 'utf8'), original, JSON.stringify(lineEnd));
		t.is((await runCli(['report', '--check', SUMMARY], { cwd: repo.root })).code, 0);
		const again = await runCli(['report', '--write', SUMMARY], { cwd: repo.root });
		t.is(again.stderr, `${SUMMARY} already matches ${LUMEN_TRACKER}; nothing written\n`);
	}
});

test("a path in the folder that holds all of a gate's evidence passes (its index README, say)", async (t) => {
	const { repo } = await summaryRepo(t);
	writeText(repo.root, `${E}/gate-1/README.md`, '# Gate 1 evidence\n');
	replaceText(repo.root, SUMMARY, `| \`${E}/gate-1/\` |`, `| \`${E}/gate-1/README.md\` |`);
	const result = await runCli(['report', '--check', SUMMARY], { cwd: repo.root });
	t.is(result.code, 0, result.stdout);
});

test("--write cannot make a cell true when none of the gate's evidence exists: it says so and exits 1, like --check", async (t) => {
	const { repo } = await summaryRepo(t);
	fs.rmSync(path.join(repo.root, E, 'gate-2'), { recursive: true, force: true });
	const check = await runCli(['report', '--check', SUMMARY], { cwd: repo.root });
	t.is(check.code, 1);
	const before = readText(repo.root, SUMMARY);
	const written = await runCli(['report', '--write', SUMMARY], { cwd: repo.root });
	t.is(written.code, 1, written.stderr);
	t.regex(written.stderr, new RegExp(`^${SUMMARY.replace(/[.]/g, '\\.')}: nothing written\n`));
	t.regex(written.stderr, /not fixable by --write: gate 2 Primary Evidence: .*gate-2\/? does not exist/);
	t.is(readText(repo.root, SUMMARY), before);
});

test('--write drops rows of gates the tracker lacks and second rows, adds missing gates in tracker order, keeps rows that name no gate', async (t) => {
	const { repo, original } = await summaryRepo(t);
	const lines = original.split('\n');
	const row = (gate: number) => lines.find((text) => text.startsWith(`| ${gate} |`)) ?? '';
	const edited = original
		.replace(`${row(1)}\n`, '')
		.replace(`${row(3)}\n`, `${row(3)}\n| 9 | Gone | GO | 1 | 0 | \`${E}/gate-1/\` |\n${row(0)}\n| **Total** | | | 4 | 5 | |\n`);
	writeText(repo.root, SUMMARY, edited);
	const check = await runJson<CheckReport>(['report', '--check', SUMMARY, '--json'], { cwd: repo.root }, 1);
	t.deepEqual(
		check.differences.map((difference) => difference.message),
		[
			'gate 1: no row (the tracker has gate 1 Release discipline / provenance, PARTIAL)',
			'gate 9: the tracker has no gate 9',
			`gate 0: a second row for this gate (the first is line ${lines.indexOf(row(0)) + 1})`,
		],
	);
	t.is((await runCli(['report', '--write', SUMMARY], { cwd: repo.root })).code, 0);
	t.is(readText(repo.root, SUMMARY), original.replace(`${row(3)}\n`, `${row(3)}\n| **Total** | | | 4 | 5 | |\n`));
});

test('refusals write nothing: no table, a missing file, --check with --write, --json without --check', async (t) => {
	const { repo } = await summaryRepo(t);
	writeText(repo.root, 'notes.md', '# no table here\n');
	const before = snapshotTree(repo.root);
	const cases: Array<[string[], RegExp]> = [
		[
			['report', '--write', 'notes.md'],
			/^arco-review: notes\.md: no gate snapshot table \(a markdown table with the columns Gate, Area, Status, Closed Signals, Open Signals, Primary Evidence\)\n$/,
		],
		[['report', '--check', 'missing.md'], /^arco-review: missing\.md: cannot read \(ENOENT\)\n$/],
		[['report', '--check', SUMMARY, '--write', SUMMARY], /^arco-review: report: --check and --write do not go together; pick one\n$/],
		[['report', '--json'], /^arco-review: report: --json goes with --check FILE\n$/],
	];
	for (const [argv, stderr] of cases) {
		const result = await runCli(argv, { cwd: repo.root });
		t.is(result.code, 2, argv.join(' '));
		t.regex(result.stderr, stderr);
		t.is(result.stdout, '');
	}
	t.deepEqual(snapshotTree(repo.root), before);
});

const SHARED_SUMMARY = 'docs/audits/2026-02-12-prod-readiness/summary.md';

sharedTest(
	"arco-66d6c8c: its summary.md passes report --check (gates 1, 4 and 5 cite the ledger, one of the audit's own files)",
	'arco-66d6c8c',
	async (t, fixture) => {
		const repo = copyFixture(fixture, { t });
		const result = await runCli(['report', '--check', SHARED_SUMMARY], { cwd: repo.root });
		t.is(result.code, 0, result.stdout);
		const check = await runJson<CheckJson>(['check', '--json'], { cwd: repo.root }, 1);
		t.deepEqual(
			check.findings.filter((finding) => finding.code.startsWith('summary-')),
			[],
		);
	},
);

sharedTest(
	'arco-66d6c8c: an edited copy fails naming gate and column; --write fixes the table and touches nothing else',
	'arco-66d6c8c',
	async (t, fixture) => {
		const repo = copyFixture(fixture, { t });
		const original = readText(repo.root, SHARED_SUMMARY);
		replaceText(
			repo.root,
			SHARED_SUMMARY,
			'| 4 | Deployment / observability / operations | NO-GO | 0 | 6 |',
			'| 4 | Deployment / observability / operations | PARTIAL | 0 | 6 |',
		);
		replaceText(
			repo.root,
			SHARED_SUMMARY,
			'| 1 | Release discipline / provenance | NO-GO | 0 | 4 |',
			'| 1 | Release discipline / provenance | NO-GO | 1 | 3 |',
		);
		const result = await runCli(['report', '--check', SHARED_SUMMARY], { cwd: repo.root });
		t.is(result.code, 1);
		t.regex(result.stdout, /^docs\/audits\/2026-02-12-prod-readiness\/summary\.md:14: gate 1 Closed Signals: the summary says 1, the tracker 0$/m);
		t.regex(result.stdout, /^docs\/audits\/2026-02-12-prod-readiness\/summary\.md:14: gate 1 Open Signals: the summary says 3, the tracker 4$/m);
		t.regex(result.stdout, /^docs\/audits\/2026-02-12-prod-readiness\/summary\.md:17: gate 4 Status: the summary says PARTIAL, the tracker NO-GO$/m);
		const before = snapshotTree(repo.root);
		const written = await runCli(['report', '--write', SHARED_SUMMARY], { cwd: repo.root });
		t.is(written.code, 0, written.stderr);
		t.is(readText(repo.root, SHARED_SUMMARY), original);
		const after = snapshotTree(repo.root);
		after.delete(SHARED_SUMMARY);
		before.delete(SHARED_SUMMARY);
		t.deepEqual(after, before, 'nothing but the summary was written');
	},
);

sharedTest(
	'arco-66d6c8c: a Primary Evidence path that does not exist is dropped from the cell; every byte outside the table stays',
	'arco-66d6c8c',
	async (t, fixture) => {
		const repo = copyFixture(fixture, { t });
		const original = readText(repo.root, SHARED_SUMMARY);
		replaceText(repo.root, SHARED_SUMMARY, 'gate-3/command-logs/test_g3_projection_restart.log', 'gate-3/command-logs/test_g3_projection_restart_v2.log');
		const result = await runCli(['report', '--check', SHARED_SUMMARY], { cwd: repo.root });
		t.is(result.code, 1);
		t.regex(
			result.stdout,
			/^docs\/audits\/2026-02-12-prod-readiness\/summary\.md:16: gate 3 Primary Evidence: release_evidence\/2026-02-12-prod-readiness\/gate-3\/command-logs\/test_g3_projection_restart_v2\.log does not exist$/m,
		);
		t.is((await runCli(['report', '--write', SHARED_SUMMARY], { cwd: repo.root })).code, 0);
		const fixed = readText(repo.root, SHARED_SUMMARY).split('\n');
		const lines = original.split('\n');
		t.is(fixed.length, lines.length);
		t.deepEqual(
			fixed.flatMap((line, index) => (line === lines[index] ? [] : [index + 1])),
			[16],
		);
		t.is(
			fixed[15],
			'| 3 | Layer-2 production blockers | PARTIAL | 5 | 2 | `release_evidence/2026-02-12-prod-readiness/gate-3/command-logs/test_g3_run_bridge_convergence.log`, `release_evidence/2026-02-12-prod-readiness/gate-3/command-logs/test_g3_runtime_observability.log` |',
		);
		t.is((await runCli(['report', '--check', SHARED_SUMMARY], { cwd: repo.root })).code, 0);
	},
);

sharedTest('arco-6ba74a9: gate 4 (4 PARTIAL, 2 BLOCKED-EXTERNAL, recorded PARTIAL) has no drift warning', 'arco-6ba74a9', async (t, fixture) => {
	const repo = copyFixture(fixture, { t });
	const check = await runJson<CheckJson>(['check', '--json'], { cwd: repo.root }, 1);
	t.deepEqual(
		check.findings.filter((finding) => finding.code === 'gate-status-drift').map((finding) => finding.subject),
		['gate 7'],
	);
	t.regex(
		check.findings.find((finding) => finding.code === 'gate-status-drift')?.message ?? '',
		/gate 7 is recorded NO-GO; its signals say PARTIAL: G7-004 GO/,
	);
	// Its summary cites gate 4's evidence index (gate-4/README.md), in the folder that holds all of gate 4's evidence.
	t.deepEqual(
		check.findings.filter((finding) => finding.code.startsWith('summary-')),
		[],
	);
});
