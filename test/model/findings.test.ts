/**
 * Every finding code in source/findings/compute-findings.ts, triggered by one edit of a temp copy of the lumen
 * fixture. The finding must be absent before the edit (`check --json` on the untouched fixture, or on the
 * case's own preparation) and present after it, with its severity, so no case can pass without its edit.
 */
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {
	commitAll,
	copyFixture,
	LUMEN_EVIDENCE as E,
	editJson,
	LUMEN_LEDGER,
	LUMEN_TRACKER,
	PROJECT_ROOT,
	replaceText,
	type TempRepo,
	writeText,
} from '../helpers/fixture-repo.js';
import { type CheckJson, findingKeys } from '../helpers/reports.js';
import { runCli, runJson } from '../helpers/run-cli.js';

interface TrackerJson {
	baseline_commit: string;
	definition_of_done: string;
	command_matrix: { status_file: string; all_pass: boolean; required_commands: string[] };
	gates: Array<{ id: number; status: string; required_signal_ids: string[]; evidence: string[]; blocked?: Blocked }>;
	signals: Array<{ id: string; owner: string; status: string; blocked?: Blocked }>;
}

interface Blocked {
	owner?: string;
	ticket?: string;
	until?: string;
}

const SUMMARY = LUMEN_TRACKER.replace('gate-tracker.json', 'summary.md');

/** A summary.md beside the tracker whose gate snapshot table matches the tracker (the report's own table). */
async function writeSummary(repo: TempRepo): Promise<void> {
	const report = await runCli(['report'], { cwd: repo.root });
	if (report.code !== 0) throw new Error(report.stderr);
	writeText(repo.root, SUMMARY, report.stdout);
}

const tracker = (repo: TempRepo, edit: (value: TrackerJson) => void): void => editJson<TrackerJson>(repo.root, LUMEN_TRACKER, edit);
const ledger = (repo: TempRepo, from: string | RegExp, to: string): void => replaceText(repo.root, LUMEN_LEDGER, from, to);

interface Case {
	code: string;
	subject: string;
	severity: 'error' | 'warning' | 'info';
	/** Optional preparation, committed before the "before" run. */
	prepare?: (repo: TempRepo) => void | Promise<void>;
	edit: (repo: TempRepo) => void;
	/** Part of the message the user reads. */
	message?: RegExp;
	/** What tells this case from another of the same code and subject. */
	variant?: string;
}

const CASES: Case[] = [
	{
		code: 'ledger-row-malformed',
		subject: 'G2-001',
		severity: 'warning',
		edit: (repo) => ledger(repo, /^(\| G2-001 \| 2 \| )/m, '$1stray | '),
		message: /signal-ledger\.md:\d+: the row has \d+ cells where the header has \d+/,
	},
	{
		code: 'gate-go-with-open-signal',
		subject: 'gate 1',
		severity: 'error',
		edit: (repo) => tracker(repo, (t) => void (t.gates[1]!.status = 'GO')),
		message: /gate 1 is recorded GO but G1-002 is not GO/,
	},
	{
		code: 'undefined-signal',
		subject: 'gate 2',
		severity: 'error',
		edit: (repo) => tracker(repo, (t) => void t.gates[2]!.required_signal_ids.push('G2-003')),
		message: /G2-003/,
	},
	{
		code: 'duplicate-id',
		subject: 'G0-001',
		severity: 'error',
		edit: (repo) => tracker(repo, (t) => void t.signals.push({ ...t.signals[0]! })),
		message: /signal G0-001 is defined more than once/,
	},
	{
		code: 'duplicate-id',
		subject: 'gate 3',
		severity: 'error',
		edit: (repo) => tracker(repo, (t) => void t.gates.push({ ...t.gates[3]! })),
		message: /gate id 3 is defined more than once/,
	},
	{
		code: 'duplicate-id',
		subject: 'G2-001',
		severity: 'error',
		edit: (repo) => ledger(repo, /^(\| G2-001 .*\n)/m, '$1$1'),
		message: /signal-ledger\.md:15: G2-001 has more than one ledger row/,
	},
	{
		code: 'orphan-signal',
		subject: 'G3-002',
		severity: 'warning',
		edit: (repo) => tracker(repo, (t) => void (t.gates[3]!.required_signal_ids = ['G3-001'])),
	},
	{
		code: 'unknown-status',
		subject: 'G2-002',
		severity: 'warning',
		edit: (repo) => {
			tracker(repo, (t) => void (t.signals[5]!.status = 'IN-PROGRESS'));
			ledger(repo, '| Ingest Team | PARTIAL |', '| Ingest Team | IN-PROGRESS |');
		},
		message: /"IN-PROGRESS"/,
	},
	{
		code: 'unknown-status',
		subject: 'gate 3',
		severity: 'warning',
		edit: (repo) => tracker(repo, (t) => void (t.gates[3]!.status = 'AMBER')),
	},
	{
		code: 'gate-status-drift',
		subject: 'gate 0',
		severity: 'warning',
		edit: (repo) => tracker(repo, (t) => void (t.gates[0]!.status = 'PARTIAL')),
		message: /gate 0 is recorded PARTIAL; its signals say GO: all 2 required signals are GO/,
	},
	{
		code: 'gate-status-drift',
		subject: 'gate 1',
		severity: 'warning',
		edit: (repo) => tracker(repo, (t) => void (t.gates[1]!.status = 'NO-GO')),
		message: /gate 1 is recorded NO-GO; its signals say PARTIAL: G1-001 GO \(and 1 neither GO nor PARTIAL\)/,
	},
	{
		code: 'gate-status-drift',
		subject: 'gate 3',
		severity: 'warning',
		prepare: (repo) => tracker(repo, (t) => void (t.gates[3]!.status = 'NO-GO')),
		edit: (repo) => tracker(repo, (t) => void (t.gates[3]!.status = 'PARTIAL')),
		message: /gate 3 is recorded PARTIAL; its signals say NO-GO: none is GO or PARTIAL \(G3-001 BLOCKED-EXTERNAL, G3-002 NO-GO\)/,
	},
	{
		code: 'blocked-incomplete',
		subject: 'G3-001',
		severity: 'warning',
		prepare: (repo) => tracker(repo, (t) => void (t.signals[6]!.blocked = { owner: 'Cloud Vendor', ticket: 'OPS-7', until: '2999-12-31' })),
		edit: (repo) => tracker(repo, (t) => void delete t.signals[6]!.blocked!.owner),
		message: /G3-001 is BLOCKED-EXTERNAL without owner: record who it waits on/,
	},
	{
		code: 'blocked-incomplete',
		subject: 'gate 3',
		severity: 'warning',
		prepare: (repo) => tracker(repo, (t) => void (t.gates[3]!.blocked = { owner: 'Platform Ops', until: '2999-12-31' })),
		edit: (repo) => tracker(repo, (t) => void (t.gates[3]!.blocked!.until = 'next sprint')),
		message: /gate 3 is blocked until "next sprint", which is not a YYYY-MM-DD day/,
	},
	{
		code: 'blocked-incomplete',
		subject: 'G3-001',
		severity: 'warning',
		prepare: (repo) => tracker(repo, (t) => void (t.signals[6]!.blocked = { owner: 'Cloud Vendor', ticket: 'OPS-7', until: '2999-12-31' })),
		edit: (repo) =>
			tracker(repo, (t) => {
				delete t.signals[6]!.blocked!.owner;
				t.signals[6]!.blocked!.until = 'next sprint';
			}),
		variant: 'no owner and an until that is no day',
		message: /G3-001 is BLOCKED-EXTERNAL without owner, and blocked until "next sprint", which is not a YYYY-MM-DD day: record who/,
	},
	{
		code: 'blocked-expired',
		subject: 'G3-001',
		severity: 'error',
		prepare: (repo) => tracker(repo, (t) => void (t.signals[6]!.blocked = { owner: 'Cloud Vendor', ticket: 'OPS-7', until: '2999-12-31' })),
		edit: (repo) => tracker(repo, (t) => void (t.signals[6]!.blocked!.until = '2020-01-31')),
		message: /G3-001's block on Cloud Vendor \(OPS-7\) expired: accepted until 2020-01-31, \d+ days ago \(UTC\)/,
	},
	{
		code: 'summary-drift',
		subject: 'gate 2',
		severity: 'warning',
		prepare: (repo) => writeSummary(repo),
		edit: (repo) => replaceText(repo.root, SUMMARY, /^(\| 2 \| Ingest pipeline invariants \| )NO-GO/m, '$1GO'),
		message: /summary\.md:\d+: gate 2 Status: the summary says GO, the tracker NO-GO/,
	},
	{
		code: 'summary-table-missing',
		subject: SUMMARY,
		severity: 'info',
		edit: (repo) => writeText(repo.root, SUMMARY, '# Lumen readiness\n\nEverything is fine.\n'),
		message: /summary\.md has no gate snapshot table \(a markdown table with the columns Gate, Area, Status/,
	},
	{
		code: 'gate-evidence-missing',
		subject: 'gate 0',
		severity: 'warning',
		edit: (repo) => tracker(repo, (t) => void t.gates[0]!.evidence.push('docs/audits/2026-03-02-lumen-readiness/summary.md')),
		message: /summary\.md does not exist/,
	},
	{
		code: 'ledger-status-mismatch',
		subject: 'G2-002',
		severity: 'error',
		edit: (repo) => ledger(repo, '| Ingest Team | PARTIAL |', '| Ingest Team | GO |'),
		message: /G2-002 is PARTIAL in the tracker but GO in .*signal-ledger\.md:15/,
	},
	{
		code: 'ledger-owner-mismatch',
		subject: 'G2-001',
		severity: 'warning',
		edit: (repo) => ledger(repo, '| Ingest ordering and dedup invariants | Ingest Team |', '| Ingest ordering and dedup invariants | Storage Team |'),
		message: /owned by Ingest Team in the tracker but Storage Team/,
	},
	{
		code: 'ledger-missing-signal',
		subject: 'G3-002',
		severity: 'warning',
		edit: (repo) => ledger(repo, /^\| G3-002 .*\n/m, ''),
	},
	{
		code: 'ledger-unknown-signal',
		subject: 'G3-003',
		severity: 'warning',
		edit: (repo) =>
			ledger(
				repo,
				/^(\| G3-002 .*\n)/m,
				'$1| G3-003 | 3 | On-call rota | Platform Ops | NO-GO | `scripts/deploy.sh` | `scripts/deploy.sh` | Rota published |\n',
			),
	},
	{
		code: 'code-path-missing',
		subject: 'G3-001',
		severity: 'warning',
		edit: (repo) => fs.rmSync(path.join(repo.root, 'scripts/deploy.sh')),
		message: /scripts\/deploy\.sh does not exist/,
	},
	{
		code: 'evidence-missing',
		subject: 'G1-001',
		severity: 'error',
		edit: (repo) => ledger(repo, `\`${E}/gate-1/command-logs/20260303T110210Z_verify_release_tag_rerun.log\``, `\`${E}/gate-1/signed-tag-proof.md\``),
		message: /G1-001 is GO but its evidence .*signed-tag-proof\.md does not exist/,
	},
	{
		code: 'status-file-missing',
		subject: `${E}/phase-9/command-matrix-status.tsv`,
		severity: 'error',
		edit: (repo) => tracker(repo, (t) => void (t.command_matrix.status_file = `${E}/phase-9/command-matrix-status.tsv`)),
	},
	{
		code: 'required-command-missing',
		subject: 'cargo deny check',
		severity: 'error',
		edit: (repo) => tracker(repo, (t) => void t.command_matrix.required_commands.push('cargo deny check')),
	},
	{
		code: 'required-command-failing',
		subject: 'test_lumen',
		severity: 'error',
		edit: (repo) => tracker(repo, (t) => void (t.command_matrix.all_pass = true)),
		message: /all_pass is true but test_lumen \(`cargo test -p lumen`\) exited 101/,
	},
	{
		code: 'all-pass-stale',
		subject: `${E}/phase-1/command-matrix-status.tsv`,
		severity: 'warning',
		edit: (repo) => replaceText(repo.root, `${E}/phase-1/command-matrix-status.tsv`, 'test_lumen\t101\t', 'test_lumen\t0\t'),
	},
	{
		code: 'path-outside-repo',
		subject: 'G2-002',
		severity: 'error',
		edit: (repo) => ledger(repo, `\`${E}/gate-2/command-logs/20260303T120001Z_ingest_replay_test.log\``, '`../../etc/passwd`'),
		message: /"\.\.\/\.\.\/etc\/passwd" leaves the repository; it was not read/,
	},
	{
		code: 'path-outside-repo',
		subject: 'gate-2/batch-a/ingest_dedup',
		severity: 'error',
		edit: (repo) =>
			replaceText(
				repo.root,
				`${E}/gate-2/batch-a/command-matrix-status.tsv`,
				`${E}/gate-2/batch-a/command-logs/2026-03-03T130030Z-ingest-dedup.log`,
				'../../../outside/ingest-dedup.log',
			),
		message: /command-matrix-status\.tsv:3: log path/,
	},
	{
		code: 'status-file-unreadable',
		subject: `${E}/gate-2/batch-a/command-matrix-status.tsv`,
		severity: 'warning',
		edit: (repo) =>
			writeText(
				repo.root,
				`${E}/gate-2/batch-a/command-matrix-status.tsv`,
				`${fs.readFileSync(path.join(repo.root, `${E}/gate-2/batch-a/command-matrix-status.tsv`), 'utf8')}2026-03-03T13:01:00Z\tingest_late\tcargo test\n`,
			),
		message: /command-matrix-status\.tsv:4: expected 6 columns, found 3/,
	},
	{
		code: 'baseline-unknown',
		subject: 'tracker',
		severity: 'warning',
		prepare: (repo) => tracker(repo, (t) => void (t.baseline_commit = repo.head!)),
		edit: (repo) => tracker(repo, (t) => void (t.baseline_commit = '0123456789abcdef0123456789abcdef01234567')),
	},
	{
		code: 'unknown-definition-of-done',
		subject: 'tracker',
		severity: 'warning',
		edit: (repo) => tracker(repo, (t) => void (t.definition_of_done = 'ALL_SIGNALS_GO')),
		message: /"ALL_SIGNALS_GO" is not understood/,
	},
];

async function check(repo: TempRepo): Promise<CheckJson> {
	return await runJson<CheckJson>(['check', '--json'], { cwd: repo.root }, 1);
}

// The findings of the untouched fixture: the "before" of every case without its own preparation.
let pristine: Promise<string[]> | null = null;
function pristineKeys(): Promise<string[]> {
	pristine ??= (async () => {
		const repo = copyFixture('lumen-audit');
		try {
			return findingKeys((await check(repo)).findings);
		} finally {
			repo.cleanup();
		}
	})();
	return pristine;
}

for (const item of CASES) {
	test(`finding ${item.code} (${item.subject})${item.variant ? `: ${item.variant}` : ''}`, async (t) => {
		const repo = copyFixture('lumen-audit', { t });
		let before: string[];
		if (item.prepare) {
			await item.prepare(repo);
			commitAll(repo.root, 'prepare');
			before = findingKeys((await check(repo)).findings);
		} else {
			before = await pristineKeys();
		}
		const key = `${item.code}@${item.subject}`;
		t.false(before.includes(key), `${key} before the edit`);
		item.edit(repo);
		const after = await check(repo);
		const found = after.findings.find((finding) => finding.code === item.code && finding.subject === item.subject);
		t.truthy(found, `${key} missing; got ${findingKeys(after.findings).join(', ')}`);
		t.is(found?.severity, item.severity);
		if (item.message) t.regex(found?.message ?? '', item.message);
		if (item.severity === 'error') t.true(after.errors > 0);
	});
}

test('every finding code the source can emit has a case here', (t) => {
	const read = (file: string): string => fs.readFileSync(path.join(PROJECT_ROOT, 'source/findings', file), 'utf8');
	const source = read('compute-findings.ts');
	const emitted = new Set([...source.matchAll(/add\(\s*'(?:error|warning|info)',\s*'([a-z-]+)'/g)].map((match) => match[1] ?? ''));
	t.true(emitted.size >= 20, `only ${emitted.size} codes found in the source; did its shape change?`);
	for (const file of ['blocked-findings.ts', 'summary-findings.ts']) {
		const codes = [...read(file).matchAll(/code: '([a-z-]+)'/g)].map((match) => match[1] ?? '');
		t.true(codes.length > 0, `no codes found in ${file}`);
		for (const code of codes) emitted.add(code);
	}
	const covered = new Set(CASES.map((item) => item.code));
	t.deepEqual([...emitted].filter((code) => !covered.has(code)).sort(), []);
});

test('the untouched lumen fixture has only the findings its design implies', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	const result = await check(repo);
	// Gate 2 (NO-GO and PARTIAL signals, recorded NO-GO) is PARTIAL by its signals; gate 3 and G3-001 are
	// BLOCKED-EXTERNAL without an owner or an end date.
	t.deepEqual(findingKeys(result.findings).sort(), [
		'baseline-unknown@tracker',
		'blocked-incomplete@G3-001',
		'blocked-incomplete@gate 3',
		'gate-status-drift@gate 2',
		'gate-status-drift@gate 3',
	]);
	t.false(result.passed);
	t.false(result.dod_met);
});
