import fs from 'node:fs';
import test from 'ava';
import { commitAll, copyFixture, editJson, git, LUMEN_EVIDENCE, LUMEN_TRACKER, readText, snapshotTree, writeText } from '../helpers/fixture-repo.js';
import { runCli } from '../helpers/run-cli.js';
import { sharedTest } from '../helpers/shared-fixtures.js';

const SUMMARY = 'docs/audits/2026-02-12-prod-readiness/summary.md';

/** The rows of a markdown table whose header starts with `| Gate |`, as arrays of trimmed cells. */
function snapshotRows(markdown: string): string[][] {
	const lines = markdown.split('\n');
	const header = lines.findIndex((line) => line.startsWith('| Gate | Area | Status |'));
	if (header === -1) return [];
	const rows: string[][] = [];
	for (const line of lines.slice(header + 2)) {
		if (!line.startsWith('|')) break;
		rows.push(
			line
				.split('|')
				.slice(1, -1)
				.map((cell) => cell.trim()),
		);
	}
	return rows;
}

sharedTest("arco-66d6c8c: the report's Gate Status Snapshot rows equal summary.md's (Gate, Area, Status, Closed, Open)", 'arco-66d6c8c', async (t, fixture) => {
	const repo = copyFixture(fixture, { t });
	const result = await runCli(['report'], { cwd: repo.root });
	t.is(result.code, 0, result.stderr);
	const expected = snapshotRows(readText(repo.root, SUMMARY));
	const actual = snapshotRows(result.stdout);
	t.is(expected.length, 7);
	// Primary Evidence was picked by hand in the summary; the report shows the tracker's gate evidence.
	t.deepEqual(
		actual.map((row) => row.slice(0, 5)),
		expected.map((row) => row.slice(0, 5)),
	);
	t.regex(result.stdout, /^# Production Readiness Audit - 2026-02-12$/m);
	t.regex(result.stdout, /^- Baseline commit: `e896506f3c936c266a21fe556a107d37bd7075b5`$/m);
	t.regex(result.stdout, /^- Definition of Done: `ALL_GATES_GO` - not met \(2\/7 gates GO\)$/m);
	t.regex(result.stdout, /^- Evidence root: `release_evidence\/2026-02-12-prod-readiness\/`$/m);
	t.regex(result.stdout, /^### Gate 3 - Layer-2 production blockers \(PARTIAL\)$/m);
	t.regex(result.stdout, /^- `G3-002` NO-GO - Timer callback ingestion path with OIDC-validated invocation \(owner: Platform \+ SRE\)$/m);
});

test('a BLOCKED-EXTERNAL gate whose signals are all GO is still an open item: the report names its block', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	editJson<{ gates: Array<{ id: number; status: string; blocked?: object }> }>(repo.root, LUMEN_TRACKER, (tracker) => {
		const gate = tracker.gates.find((candidate) => candidate.id === 0);
		if (!gate) throw new Error('the lumen fixture has a gate 0');
		gate.status = 'BLOCKED-EXTERNAL';
		gate.blocked = { owner: 'Vendor Ops', ticket: 'OPS-9', until: '2999-01-01' };
	});
	const result = await runCli(['report'], { cwd: repo.root });
	t.is(result.code, 0, result.stderr);
	t.regex(result.stdout, /^### Gate 0 - Re-baseline \/ tracker integrity \(BLOCKED-EXTERNAL\)\n\nGate blocked on Vendor Ops \(OPS-9\) until 2999-01-01$/m);
});

test('same input, same bytes: two reports of one tree are identical, and --out writes exactly that', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	const first = await runCli(['report'], { cwd: repo.root });
	const second = await runCli(['report'], { cwd: repo.root });
	t.is(first.code, 0, first.stderr);
	t.is(first.stdout, second.stdout);
	t.true(first.stdout.length > 500);
	const out = await runCli(['report', '--out', 'summary.md'], { cwd: repo.root });
	t.is(out.code, 0, out.stderr);
	t.is(readText(repo.root, 'summary.md'), first.stdout);
	t.deepEqual(
		fs.readdirSync(repo.root).filter((name) => name.includes('.tmp')),
		[],
		'no temp file left behind',
	);
});

test('sign-offs are listed with reviewer and HEAD, and a stale one is marked', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	git(repo.root, ['config', 'user.name', 'Rita Reviewer']);
	git(repo.root, ['config', 'user.email', 'rita@example.invalid']);
	// G1-001 rests on a log under the evidence root, which is evidence (not one of the audit's own files).
	const signal = 'G1-001';
	const evidence = `${LUMEN_EVIDENCE}/gate-1/command-logs/20260303T110210Z_verify_release_tag_rerun.log`;
	const signed = await runCli(['signoff', signal, '--status', 'GO', '--note', 'seen', '--allow-dirty'], { cwd: repo.root });
	t.is(signed.code, 0, signed.stderr);
	commitAll(repo.root, 'sign-off');
	const fresh = await runCli(['report'], { cwd: repo.root });
	t.regex(
		fresh.stdout,
		new RegExp(
			`^\\| ${signal} \\| GO \\| Rita Reviewer <rita@example\\.invalid> \\| unsigned \\| \`[0-9a-f]{12}\` \\| [0-9T:-]+Z \\| current \\| seen \\|$`,
			'm',
		),
	);
	writeText(repo.root, evidence, 'changed after the sign-off\n');
	commitAll(repo.root, 'evidence changed');
	const stale = await runCli(['report'], { cwd: repo.root });
	t.regex(stale.stdout, new RegExp(`^\\| ${signal} \\| GO \\| .* \\| \\*\\*STALE\\*\\* \\| seen \\|$`, 'm'));
	t.regex(stale.stdout, /`stale-signoff`/);
});

test('report writes nothing unless --out, and refuses an --out it cannot write with exit 2', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	const before = snapshotTree(repo.root);
	t.is((await runCli(['report'], { cwd: repo.root })).code, 0);
	t.deepEqual(snapshotTree(repo.root), before);
	const refused = await runCli(['report', '--out', 'no/such/folder/summary.md'], { cwd: repo.root });
	t.is(refused.code, 2);
	t.regex(refused.stderr, /^arco-review: no\/such\/folder\/summary\.md: cannot write report/);
	t.deepEqual(snapshotTree(repo.root), before);
});

test('untrusted text cannot break the markdown table or reach a terminal raw', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	const trackerPath = 'docs/audits/2026-03-02-lumen-readiness/gate-tracker.json';
	const text = readText(repo.root, trackerPath).replace(/"name": "([^"]+)"/, '"name": "Evil | \\u001b]52;c;ZXZpbA==\\u0007gate"');
	writeText(repo.root, trackerPath, text);
	const result = await runCli(['report'], { cwd: repo.root });
	t.is(result.code, 0, result.stderr);
	t.false(result.stdout.includes('\u001b'));
	t.regex(result.stdout, /Evil \\\| gate/);
});
