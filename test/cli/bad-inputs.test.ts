/**
 * Inputs the program must refuse: exit 2, one line on stderr that says what was wrong and where, no stack
 * trace, and nothing written (the tree's files and bytes are unchanged and `git status --porcelain` stays
 * empty). Each case runs the real binary for `status` and the in-process CLI for the other commands.
 */
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { copyFixture, emptyRepo, porcelain, snapshotTree, type TempRepo } from '../helpers/fixture-repo.js';
import { type CliResult, runBinary, runCli, stackLines } from '../helpers/run-cli.js';
import { sharedTest } from '../helpers/shared-fixtures.js';

const TRACKER = 'docs/audits/2026-03-02-lumen-readiness/gate-tracker.json';
const COMMANDS = [['status'], ['status', '--json'], ['check'], ['matrix', '--all', '--json'], ['signal', 'G1-001'], []];

/** Runs every command on the repo; each must be refused with `expected` and leave the tree untouched. */
async function expectRefused(t: ExecutionContext, repo: TempRepo, expected: RegExp, extraArgs: string[] = []): Promise<void> {
	const before = snapshotTree(repo.root);
	t.is(porcelain(repo.root), '');
	const results: Array<[string[], CliResult]> = [[['status', ...extraArgs], await runBinary(['status', ...extraArgs], { cwd: repo.root })]];
	for (const argv of COMMANDS) results.push([[...argv, ...extraArgs], await runCli([...argv, ...extraArgs], { cwd: repo.root })]);
	for (const [argv, result] of results) {
		const what = `arco-review ${argv.join(' ')}`;
		t.is(result.code, 2, `${what}: exit ${result.code}`);
		t.is(result.stdout, '', what);
		const lines = result.stderr.split('\n').filter((line) => line !== '');
		t.is(lines.length, 1, `${what}: stderr should be one line:\n${result.stderr}`);
		t.regex(lines[0] ?? '', expected, what);
		t.deepEqual(stackLines(result.stderr), [], what);
	}
	t.deepEqual(snapshotTree(repo.root), before);
	t.is(porcelain(repo.root), '');
}

test('a tracker of the other shape (audit_id, release_train, string gate ids) is refused saying what was found and what is supported', async (t) => {
	const repo = copyFixture('other-shape', { t });
	await expectRefused(
		t,
		repo,
		/^arco-review: docs\/audits\/2026-03-02-lumen-readiness\/gate-tracker\.json: unsupported tracker shape: no schema_version; found audit_id, release_train, .*string gate ids; supported: schema_version "1\.0"/,
	);
});

sharedTest('arco-00e6ef7: the replaced tracker shape is refused with one line', 'arco-00e6ef7', async (t, fixture) => {
	const repo = copyFixture(fixture, { t });
	await expectRefused(
		t,
		repo,
		/^arco-review: docs\/audits\/2026-02-12-prod-readiness\/gate-tracker\.json: unsupported tracker shape: no schema_version; found audit_id, release_train.*string gate ids; supported: .*numeric gate ids/,
	);
});

test('a JSON syntax error names file:line:column', async (t) => {
	const repo = copyFixture('bad-json-syntax', { t });
	await expectRefused(t, repo, new RegExp(`^arco-review: ${TRACKER}:4:3: .*(comma|',').*$`, 'i'));
});

test('a duplicate JSON key names file:line:column and the key', async (t) => {
	const repo = copyFixture('bad-duplicate-key', { t });
	await expectRefused(t, repo, new RegExp(`^arco-review: ${TRACKER}:5:3: duplicate key "audit_date"`));
});

test('a schema error names the JSON path gates[1].required_signal_ids and its place', async (t) => {
	const repo = copyFixture('bad-schema', { t });
	await expectRefused(t, repo, new RegExp(`^arco-review: ${TRACKER}:31:\\d+: gates\\[1\\]\\.required_signal_ids: expected array, received string$`));
});

test('a git repository without a tracker is refused with what to do', async (t) => {
	const repo = emptyRepo({ t });
	await expectRefused(t, repo, /^arco-review: no gate-tracker\.json tracked in .*: pass --tracker PATH, set ARCO_TRACKER, or add \.arco-review\.json$/);
});

test('--tracker naming a file that does not exist is refused', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	await expectRefused(t, repo, /^arco-review: docs\/nope\/gate-tracker\.json: tracker not found \(from --tracker\)$/, [
		'--tracker',
		'docs/nope/gate-tracker.json',
	]);
});

test('the JSON error path is given relative to where the user stands', async (t) => {
	const repo = copyFixture('bad-json-syntax', { t });
	const result = await runCli(['status'], { cwd: path.join(repo.root, 'docs') });
	t.is(result.code, 2);
	t.regex(result.stderr, /^arco-review: audits\/2026-03-02-lumen-readiness\/gate-tracker\.json:4:3: [^\n]*\n$/);
});
