/**
 * What the model asks git, checked against git itself on real temp repositories: the one `git status
 * --porcelain=v2` answer (HEAD and changes), the index read without a `git ls-files` process (every index
 * version and hash a repository can have, and the fallback where the reader steps aside), the repository
 * root found by its `.git`, and "dirty" meaning changes outside the audit's own files.
 */
import fs from 'node:fs';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { readIndexPaths } from '../../source/git/index-files.js';
import { parsePorcelainV2 } from '../../source/git/porcelain.js';
import { findRepositoryRoot, listTrackedFiles, readWorkTreeState } from '../../source/git/repository.js';
import { copyFixture, emptyRepo, git, LUMEN_EVIDENCE, LUMEN_TRACKER, writeText } from '../helpers/fixture-repo.js';
import { gitCallCounter } from '../helpers/git-calls.js';
import type { StatusJson } from '../helpers/reports.js';
import { runJson } from '../helpers/run-cli.js';

function lsFiles(root: string): string[] {
	return git(root, ['ls-files', '-z'])
		.split('\0')
		.filter((file) => file !== '');
}

/** A repository with nested, spaced, non-ASCII and long names, committed. */
function repoWithNames(t: ExecutionContext, initArgs: string[] = []): string {
	const root = emptyRepo({ git: false, t }).root;
	git(root, ['init', '-q', '-b', 'main', ...initArgs]);
	const names = ['a.txt', 'docs/audits/x/gate-tracker.json', 'dir with space/file name.md', 'ünïcödé/ß.txt', `deep/${'segment/'.repeat(30)}gate-tracker.json`];
	for (const name of names) writeText(root, name, `${name}\n`);
	git(root, ['add', '-A']);
	git(root, ['commit', '-q', '-m', 'names']);
	return root;
}

test('porcelain v2: HEAD, modified, renamed (both paths), unmerged, untracked, names with spaces', (t) => {
	const head = 'a'.repeat(40);
	const output = [
		`# branch.oid ${head}`,
		'# branch.head main',
		'1 .M N... 100644 100644 100644 1111111111111111111111111111111111111111 1111111111111111111111111111111111111111 src/main.rs',
		'2 R. N... 100644 100644 100644 2222222222222222222222222222222222222222 2222222222222222222222222222222222222222 R100 new name.md',
		'old name.md',
		'u UU N... 100644 100644 100644 100644 3333333333333333333333333333333333333333 3333333333333333333333333333333333333333 3333333333333333333333333333333333333333 conflict.txt',
		'? untracked dir/file.log',
		'',
	].join('\0');
	t.deepEqual(parsePorcelainV2(output), {
		head,
		changedPaths: ['src/main.rs', 'new name.md', 'old name.md', 'conflict.txt', 'untracked dir/file.log'],
	});
	t.deepEqual(parsePorcelainV2('# branch.oid (initial)\0# branch.head (detached)\0'), { head: null, changedPaths: [] });
});

test("readWorkTreeState: one git status gives HEAD and every change; dirty ignores the audit's own files", async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	const audit = { trackerPath: LUMEN_TRACKER, ledgerPath: null, evidenceRoot: LUMEN_EVIDENCE };
	t.deepEqual(await readWorkTreeState(repo.root, audit), { head: repo.head, dirty: false, changedPaths: [] });
	writeText(repo.root, `${LUMEN_EVIDENCE}/phase-1/command-logs/fmt_check.20260401T000000Z.log`, 'kept log\n');
	const withLog = await readWorkTreeState(repo.root, audit);
	t.false(withLog.dirty, "a rerun's log under the evidence root is not a change that makes the tree dirty");
	t.deepEqual(withLog.changedPaths, [`${LUMEN_EVIDENCE}/phase-1/command-logs/fmt_check.20260401T000000Z.log`]);
	writeText(repo.root, 'services/lumen/src/ingest.rs', '// edited\n');
	t.true((await readWorkTreeState(repo.root, audit)).dirty);
});

test('the index reader lists what git ls-files lists (index v2, v3 with intent-to-add, v4, SHA-256)', async (t) => {
	const cases: Array<[string, string[], (root: string) => void, number]> = [
		['v2', [], () => {}, 2],
		[
			'v3 (intent-to-add sets the extended flags)',
			[],
			(root) => {
				writeText(root, 'later/gate-tracker.json', '{}\n');
				git(root, ['add', '-N', 'later/gate-tracker.json']);
			},
			3,
		],
		['v4 (prefix-compressed names)', [], (root) => git(root, ['update-index', '--index-version', '4']), 4],
		['SHA-256 objects', ['--object-format=sha256'], () => {}, 2],
	];
	for (const [name, initArgs, prepare, version] of cases) {
		const root = repoWithNames(t, initArgs);
		prepare(root);
		t.is(fs.readFileSync(path.join(root, '.git', 'index')).readUInt32BE(4), version, `${name}: the index git wrote`);
		t.deepEqual(readIndexPaths(path.join(root, '.git')), lsFiles(root), name);
		t.deepEqual(
			(await listTrackedFiles(root, 'gate-tracker.json')).sort(),
			lsFiles(root)
				.filter((file) => file.endsWith('gate-tracker.json'))
				.sort(),
			name,
		);
	}
});

test('a split index is left to git: the reader says so and discovery still finds the tracker', async (t) => {
	const root = repoWithNames(t);
	git(root, ['update-index', '--split-index']);
	writeText(root, 'b.txt', 'b\n');
	git(root, ['add', 'b.txt']);
	t.is(readIndexPaths(path.join(root, '.git')), null);
	t.deepEqual(
		(await listTrackedFiles(root, 'gate-tracker.json')).sort(),
		[`deep/${'segment/'.repeat(30)}gate-tracker.json`, 'docs/audits/x/gate-tracker.json'].sort(),
	);
});

test('a repository without an index yet tracks nothing; a damaged index is left to git', (t) => {
	const root = emptyRepo({ git: false, t }).root;
	git(root, ['init', '-q']);
	t.deepEqual(readIndexPaths(path.join(root, '.git')), []);
	fs.writeFileSync(path.join(root, '.git', 'index'), 'DIRC garbage');
	t.is(readIndexPaths(path.join(root, '.git')), null);
});

test('the repository root is found from a subfolder and from a linked worktree, without asking git', async (t) => {
	const root = repoWithNames(t);
	// git on PATH logs each call: finding the root from a subfolder must start none.
	const counter = gitCallCounter();
	t.teardown(() => counter.remove());
	const savedPath = process.env['PATH'];
	process.env['PATH'] = `${counter.pathPrefix}${path.delimiter}${savedPath ?? ''}`;
	try {
		t.is(await findRepositoryRoot(path.join(root, 'docs/audits/x')), root);
	} finally {
		process.env['PATH'] = savedPath;
	}
	// Other tests of this file run meanwhile and start git too: what matters is that no one asked for the root.
	t.deepEqual(
		counter.calls().filter((call) => call.includes('--show-toplevel')),
		[],
	);
	const worktree = path.join(emptyRepo({ git: false, t }).root, 'linked');
	git(root, ['worktree', 'add', '-q', worktree]);
	const realWorktree = fs.realpathSync(worktree);
	t.is(await findRepositoryRoot(path.join(realWorktree, 'docs')), realWorktree);
	t.deepEqual(await listTrackedFiles(realWorktree, 'gate-tracker.json'), await listTrackedFiles(root, 'gate-tracker.json'));
	const outside = emptyRepo({ git: false, t }).root;
	t.is(await findRepositoryRoot(outside), null);
	// A .git file pointing at a folder that is no git directory: git, asked, says it is no repository.
	const broken = emptyRepo({ git: false, t }).root;
	fs.writeFileSync(path.join(broken, '.git'), 'gitdir: ./nowhere\n');
	t.is(await findRepositoryRoot(broken), null);
});

test('status --json: a rerun log under the evidence root leaves the tree clean; a code change makes it dirty and is named', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	writeText(repo.root, `${LUMEN_EVIDENCE}/phase-1/command-logs/test_lumen.20260401T000000Z.log`, 'earlier run\n');
	writeText(repo.root, `${LUMEN_EVIDENCE}/phase-1/command-logs/test_lumen.log`, 'rerun output\n');
	const clean = await runJson<StatusJson & { dirty_paths: string[] }>(['status', '--json'], { cwd: repo.root });
	t.like(clean, { dirty: false, dirty_paths: [] });
	writeText(repo.root, 'services/lumen/src/ingest.rs', '// changed\n');
	const dirty = await runJson<StatusJson & { dirty_paths: string[] }>(['status', '--json'], { cwd: repo.root });
	t.like(dirty, { dirty: true, dirty_paths: ['services/lumen/src/ingest.rs'] });
});
