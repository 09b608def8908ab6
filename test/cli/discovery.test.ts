/**
 * Which tracker a command uses: --tracker > ARCO_TRACKER > .arco-review.json > git-tracked gate-tracker.json
 * files (newest audit_date wins, with a note on stderr when there are several). Works from a subfolder and,
 * with --tracker, outside git (head: null). A .arco-review.json that leads outside the repository is refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import {
	commitAll,
	copyFixture,
	editJson,
	emptyRepo,
	LUMEN_EVIDENCE,
	LUMEN_TRACKER,
	porcelain,
	snapshotTree,
	type TempRepo,
	writeText,
} from '../helpers/fixture-repo.js';
import type { AllStatusFilesJson, StatusJson } from '../helpers/reports.js';
import { runBinary, runCli, runJson, stackLines } from '../helpers/run-cli.js';

const BETA_TRACKER = 'docs/audits/2026-01-15-lumen-beta/gate-tracker.json';

/** The lumen audit plus an older tracked audit (2026-01-15) and an untracked draft with a newer date. */
function twoAudits(t: ExecutionContext): TempRepo {
	const repo = copyFixture('lumen-audit', { t });
	fs.mkdirSync(path.join(repo.root, path.dirname(BETA_TRACKER)), { recursive: true });
	fs.copyFileSync(path.join(repo.root, LUMEN_TRACKER), path.join(repo.root, BETA_TRACKER));
	editJson<{ audit_date: string }>(repo.root, BETA_TRACKER, (tracker) => void (tracker.audit_date = '2026-01-15'));
	const head = commitAll(repo.root, 'older audit');
	fs.mkdirSync(path.join(repo.root, 'docs/audits/2026-04-01-draft'), { recursive: true });
	fs.copyFileSync(path.join(repo.root, LUMEN_TRACKER), path.join(repo.root, 'docs/audits/2026-04-01-draft/gate-tracker.json'));
	editJson<{ audit_date: string }>(repo.root, 'docs/audits/2026-04-01-draft/gate-tracker.json', (tracker) => void (tracker.audit_date = '2026-04-01'));
	return { ...repo, head };
}

test('discovered: the git-tracked tracker with the newest audit_date wins, and stderr says which', async (t) => {
	const repo = twoAudits(t);
	const result = await runCli(['status', '--json'], { cwd: repo.root });
	t.is(result.code, 0, result.stderr);
	const status = JSON.parse(result.stdout) as StatusJson;
	t.like(status, { tracker: LUMEN_TRACKER, tracker_source: 'discovered', audit_date: '2026-03-02' });
	t.is(result.stderr, `note: 2 trackers found; using ${LUMEN_TRACKER} (newest audit_date 2026-03-02); pass --tracker to choose another\n`);
});

test('a single tracked tracker is used without a note', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	const result = await runCli(['status', '--json'], { cwd: repo.root });
	t.is(result.code, 0);
	t.is(result.stderr, '');
	t.like(JSON.parse(result.stdout) as StatusJson, { tracker: LUMEN_TRACKER, tracker_source: 'discovered', head: repo.head });
});

test('.arco-review.json beats discovery, ARCO_TRACKER beats .arco-review.json, --tracker beats ARCO_TRACKER', async (t) => {
	const repo = twoAudits(t);
	writeText(repo.root, '.arco-review.json', `${JSON.stringify({ tracker: BETA_TRACKER })}\n`);
	const cwd = repo.root;
	const configured = await runCli(['status', '--json'], { cwd });
	t.is(configured.stderr, '');
	t.like(JSON.parse(configured.stdout) as StatusJson, { tracker: BETA_TRACKER, tracker_source: '.arco-review.json', audit_date: '2026-01-15' });
	const fromEnv = await runJson<StatusJson>(['status', '--json'], { cwd, env: { ARCO_TRACKER: LUMEN_TRACKER } });
	t.like(fromEnv, { tracker: LUMEN_TRACKER, tracker_source: 'ARCO_TRACKER', audit_date: '2026-03-02' });
	const fromFlag = await runJson<StatusJson>(['status', '--json', '--tracker', BETA_TRACKER], { cwd, env: { ARCO_TRACKER: LUMEN_TRACKER } });
	t.like(fromFlag, { tracker: BETA_TRACKER, tracker_source: '--tracker', audit_date: '2026-01-15' });
	const flagFirst = await runJson<StatusJson>(['--tracker', BETA_TRACKER, 'status', '--json'], { cwd });
	t.like(flagFirst, { tracker: BETA_TRACKER, tracker_source: '--tracker' });
});

test('works from a subfolder: discovery from the repository root, --tracker relative to the current folder', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	const cwd = path.join(repo.root, LUMEN_EVIDENCE, 'gate-1');
	const discovered = await runJson<StatusJson>(['status', '--json'], { cwd });
	t.like(discovered, { tracker: LUMEN_TRACKER, head: repo.head, dirty: false });
	t.is(discovered.gates.length, 4);
	const explicit = await runJson<StatusJson>(['status', '--json', '--tracker', `../../../${LUMEN_TRACKER}`], { cwd });
	t.like(explicit, { tracker: LUMEN_TRACKER, tracker_source: '--tracker', head: repo.head });
	const matrix = await runJson<AllStatusFilesJson>(['matrix', '--all', '--json'], { cwd });
	t.is(matrix.files.length, 8);
});

test('outside a git repository: --tracker works with head null; without it the user is told what to do', async (t) => {
	const repo = copyFixture('lumen-audit', { t, git: false });
	const env = { GIT_CEILING_DIRECTORIES: path.dirname(repo.root) };
	const result = await runBinary(['status', '--json', '--tracker', LUMEN_TRACKER], { cwd: repo.root, env });
	t.is(result.code, 0, result.stderr);
	const status = JSON.parse(result.stdout) as StatusJson;
	t.like(status, { tracker: LUMEN_TRACKER, head: null, dirty: false });
	t.deepEqual(
		status.gates.map((gate) => `${gate.id} ${gate.status} ${gate.closed}/${gate.open}`),
		['0 GO 2/0', '1 PARTIAL 1/1', '2 NO-GO 0/2', '3 BLOCKED-EXTERNAL 0/2'],
	);
	t.false(status.findings.some((finding) => finding.code === 'baseline-unknown'));
	const matrix = await runBinary(['matrix', '--all', '--json', '--tracker', path.relative('docs', LUMEN_TRACKER)], { cwd: path.join(repo.root, 'docs'), env });
	t.is(matrix.code, 0, matrix.stderr);
	const files = (JSON.parse(matrix.stdout) as AllStatusFilesJson).files;
	t.is(files.length, 8);
	t.true(files.every((file) => file.entries.every((entry) => entry.log !== null || entry.skipped !== null)));
	const bare = await runBinary(['status'], { cwd: repo.root, env });
	t.is(bare.code, 2);
	t.is(bare.stderr, 'arco-review: not inside a git repository: pass --tracker PATH or set ARCO_TRACKER\n');
	t.deepEqual(fs.readdirSync(repo.root).sort(), ['docs', 'release_evidence', 'scripts', 'services']);
});

async function expectConfigRefused(t: ExecutionContext, repo: TempRepo, expected: RegExp): Promise<void> {
	commitAll(repo.root, 'config');
	const before = snapshotTree(repo.root);
	const result = await runCli(['status', '--json'], { cwd: repo.root });
	t.is(result.code, 2);
	t.is(result.stdout, '');
	t.regex(result.stderr, expected);
	t.is(result.stderr.trimEnd().split('\n').length, 1);
	t.deepEqual(stackLines(result.stderr), []);
	t.deepEqual(snapshotTree(repo.root), before);
	t.is(porcelain(repo.root), '');
}

test('.arco-review.json naming a tracker outside the repository is refused (../, absolute)', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	const outside = copyFixture('lumen-audit', { t, git: false });
	const relativeOutside = path.relative(repo.root, path.join(outside.root, LUMEN_TRACKER));
	writeText(repo.root, '.arco-review.json', `${JSON.stringify({ tracker: relativeOutside })}\n`);
	await expectConfigRefused(t, repo, /^arco-review: \.arco-review\.json: tracker: ".*" leaves the repository\n$/);
	writeText(repo.root, '.arco-review.json', `${JSON.stringify({ tracker: path.join(outside.root, LUMEN_TRACKER) })}\n`);
	await expectConfigRefused(t, repo, /^arco-review: \.arco-review\.json: tracker: ".*" leaves the repository\n$/);
});

test('.arco-review.json naming a tracker through a symlink that leads outside is refused', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	const outside = copyFixture('lumen-audit', { t, git: false });
	fs.symlinkSync(path.join(outside.root, 'docs'), path.join(repo.root, 'linked-docs'));
	writeText(repo.root, '.arco-review.json', `${JSON.stringify({ tracker: `linked-${LUMEN_TRACKER}` })}\n`);
	await expectConfigRefused(t, repo, /^arco-review: \.arco-review\.json: tracker: linked-docs\/.* resolves through a symlink outside the repository\n$/);
});

test('no tracker anywhere, even untracked ones: discovery only counts files git tracks', async (t) => {
	const repo = emptyRepo({ t });
	fs.cpSync(path.join(copyFixture('lumen-audit', { t, git: false }).root, 'docs'), path.join(repo.root, 'docs'), { recursive: true });
	const result = await runCli(['status'], { cwd: repo.root });
	t.is(result.code, 2);
	t.regex(result.stderr, /no gate-tracker\.json tracked in /);
});
