/**
 * How many git processes a read-only command starts (each one is a process start, the largest fixed cost of
 * `status`): the repository is found by its `.git`, the tracker in git's index file, HEAD and every change
 * come from one `git status --porcelain=v2`, and one `git rev-list --count` counts commits since the baseline.
 */
import path from 'node:path';
import test from 'ava';
import { commitAll, copyFixture, editJson, LUMEN_TRACKER } from '../helpers/fixture-repo.js';
import { gitCallCounter } from '../helpers/git-calls.js';
import { runBinary } from '../helpers/run-cli.js';
import { sharedTest } from '../helpers/shared-fixtures.js';

async function gitCallsOf(args: string[], cwd: string): Promise<string[]> {
	const counter = gitCallCounter();
	try {
		const result = await runBinary(args, { cwd, env: { PATH: `${counter.pathPrefix}${path.delimiter}${process.env['PATH'] ?? ''}` } });
		if (result.code !== 0 && result.code !== 1) throw new Error(result.stderr);
		return counter.calls().map((call) => call.split(' ').slice(0, 2).join(' '));
	} finally {
		counter.remove();
	}
}

test('status and status --json start two git processes: status --porcelain=v2 and rev-list --count', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	editJson<{ baseline_commit: string }>(repo.root, LUMEN_TRACKER, (tracker) => void (tracker.baseline_commit = repo.head!));
	commitAll(repo.root, 'baseline');
	for (const args of [['status', '--json'], ['status'], ['check', '--json']]) {
		t.deepEqual((await gitCallsOf(args, path.join(repo.root, 'docs'))).sort(), ['rev-list --count', 'status --porcelain=v2'], args.join(' '));
	}
});

sharedTest('arco-66d6c8c: status --json starts at most two git processes', 'arco-66d6c8c', async (t, fixture) => {
	const repo = copyFixture(fixture, { t });
	const calls = await gitCallsOf(['status', '--json'], repo.root);
	t.true(calls.length <= 2, calls.join('; '));
});
