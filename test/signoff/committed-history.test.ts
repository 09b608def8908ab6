/**
 * The history against every committed version of it, side branches included, read through one
 * `git cat-file --batch` whose answers stream in (runGit's stdin input, streamGit's chunks).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { runGit } from '../../source/git/run-git.js';
import { checkCommittedVersions } from '../../source/signoff/committed-history.js';
import { readObjects } from '../../source/signoff/git-batch.js';
import { auditTest, commitAll, expectExit, git, makeRepo, runMain, TEMP_BASE } from './helpers/audit-repo.js';

auditTest('a sign-off committed on a side branch merged with -s ours (dropped from the history) fails verify', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	const sign = async (subject: string, status: string): Promise<void> => {
		expectExit(t, await runMain(['signoff', subject, '--status', status, '--note', `on ${git(root, ['branch', '--show-current'])}`], root), 0, subject);
	};
	await sign(profile.signal, 'GO');
	commitAll(root, 'first sign-off');
	git(root, ['checkout', '-q', '-b', 'side']);
	await sign(profile.otherSignal, 'PARTIAL');
	const side = commitAll(root, 'a sign-off on the side branch');
	git(root, ['checkout', '-q', 'main']);
	await sign(profile.otherSignal, 'NO-GO');
	commitAll(root, 'another sign-off on main');
	t.is((await runMain(['verify'], root)).code, 0, 'main alone verifies');
	git(root, ['merge', '-q', '-s', 'ours', '-m', 'keep main', 'side']);
	const verify = JSON.parse((await runMain(['verify', '--json'], root)).stdout) as { ok: boolean; problems: string[] };
	t.false(verify.ok);
	t.true(
		verify.problems.some((problem) => problem.includes(`not an append-only extension of the version committed in ${side.slice(0, 7)}`)),
		verify.problems.join('\n'),
	);
});

function tempRepo(t: ExecutionContext): string {
	const root = fs.realpathSync(fs.mkdtempSync(path.join(TEMP_BASE, 'arco-batch-')));
	t.teardown(() => fs.rmSync(root, { recursive: true, force: true }));
	git(root, ['init', '-q', '-b', 'main']);
	return root;
}

test('runGit writes its input to git’s stdin', async (t) => {
	const root = tempRepo(t);
	t.is((await runGit(root, ['hash-object', '--stdin'], { input: 'hello\n' })).trim(), 'ce013625030ba8dba906f756967f9e9ca394464a');
});

test('readObjects: several large versions streamed in pieces, a missing name, a name with spaces; the check holds no version whole', async (t) => {
	const root = tempRepo(t);
	const file = 'a dir/history file.jsonl';
	fs.mkdirSync(path.join(root, 'a dir'));
	// Lines of 1 kB: three versions of 1, 2 and 3 MB, each the one before with lines appended.
	const line = (index: number): string => `${String(index).padStart(8, '0')}${'x'.repeat(1015)}\n`;
	const versions: string[] = [];
	const commits: string[] = [];
	let text = '';
	for (let version = 1; version <= 3; version += 1) {
		for (let index = text.length / 1024; index < version * 1024; index += 1) text += line(index);
		versions.push(text);
		fs.writeFileSync(path.join(root, file), text);
		commits.push(commitAll(root, `version ${version}`));
	}
	const sizes: number[] = [];
	const pieces: number[] = [];
	const bodies: Buffer[][] = [[], [], [], []];
	await readObjects(root, [...commits.map((commit) => `${commit}:${file}`), `${commits[0] ?? ''}:no such file`], {
		start: (_index, type, size) => sizes.push(type === null ? -1 : size),
		body: (index, chunk) => {
			bodies[index]?.push(Buffer.from(chunk));
			pieces[index] = (pieces[index] ?? 0) + 1;
		},
		end: () => undefined,
	});
	t.deepEqual(sizes, [...versions.map((version) => version.length), -1]);
	bodies.slice(0, 3).forEach((body, index) => {
		t.is(Buffer.concat(body).toString('utf8'), versions[index] ?? '');
	});
	t.true((pieces[2] ?? 0) > 1, 'a 3 MB version came in one piece: nothing was streamed');

	const current = Buffer.from(versions[2]!);
	const intact = await checkCommittedVersions(root, file, current);
	t.deepEqual(intact.problems, []);
	t.is(intact.versions, 3);
	t.is(intact.firstRecorded.length, 3 * 1024);
	t.deepEqual(intact.firstRecorded[0]?.commit, commits[0]);
	t.deepEqual(intact.firstRecorded[1024]?.commit, commits[1]);
	t.deepEqual(intact.firstRecorded[3 * 1024 - 1]?.commit, commits[2]);
	// One byte of line 1500 (in versions 2 and 3) changed: both named, by the line.
	const edited = Buffer.from(current);
	edited[1499 * 1024 + 100] = 0x79;
	const broken = await checkCommittedVersions(root, file, edited);
	t.deepEqual(broken.problems, [
		`${file}: not an append-only extension of the version committed in ${commits[2]!.slice(0, 7)} (and 1 older committed version): line 1500 was changed or removed; a committed sign-off may never change or disappear`,
	]);
	t.is(execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' }), '');
});
