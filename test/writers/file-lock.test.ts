import { readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import test from 'ava';
import { acquireFileLock, lockPathFor, withFileLock } from '../../source/writers/file-lock.js';
import { nodeFileSystem } from '../../source/writers/file-system.js';
import { updateFileUnderLock } from '../../source/writers/safe-write.js';
import { deadPid, startWorker } from './helpers/child-process.js';
import { makeTempDir } from './helpers/temp-dir.js';

async function trackerIn(t: Parameters<typeof makeTempDir>[0]): Promise<{ root: string; file: string; lock: string }> {
	const root = await makeTempDir(t, 'lock');
	const file = join(root, 'tracker.json');
	await writeFile(file, '{"status": "NO-GO"}\n');
	return { root, file, lock: lockPathFor(file) };
}

const setGo = (): string => '{"status": "GO"}\n';

async function exists(path: string): Promise<boolean> {
	return stat(path).then(
		() => true,
		() => false,
	);
}

test('the lock file names its holder and is removed on release', async (t) => {
	const { file, lock } = await trackerIn(t);
	const held = await acquireFileLock(file);
	const content: unknown = JSON.parse(await readFile(lock, 'utf8'));
	t.deepEqual(content, held.holder);
	t.like(held.holder, { pid: process.pid, host: hostname() });
	t.regex(held.holder.token, /^[0-9a-f]{32}$/);
	t.true(await held.release());
	t.false(await exists(lock));
	t.false(await held.release());
});

test('release leaves a lock that is no longer ours', async (t) => {
	const { file, lock } = await trackerIn(t);
	const held = await acquireFileLock(file);
	const someoneElse = JSON.stringify({ ...held.holder, token: 'not-ours' });
	await writeFile(lock, someoneElse);
	t.false(await held.release());
	t.is(await readFile(lock, 'utf8'), someoneElse);
});

test('a lock left by a dead process on this host is reclaimed', async (t) => {
	const { root, file, lock } = await trackerIn(t);
	const pid = await deadPid();
	await writeFile(lock, JSON.stringify({ pid, host: hostname(), token: 'dead', acquired_at: '2020-01-01T00:00:00.000Z' }));
	const result = await updateFileUnderLock(file, setGo, { repoRoot: root });
	t.true(result.changed);
	t.is(await readFile(file, 'utf8'), setGo());
	t.false(await exists(lock));
	t.false(await exists(`${lock}.reclaim`));
});

test('a lock from another host is reported with its path and holder, and left in place', async (t) => {
	const { root, file, lock } = await trackerIn(t);
	const foreign = JSON.stringify({ pid: 4242, host: 'build-agent-7.example', token: 'x', acquired_at: '2024-05-01T10:00:00.000Z' });
	await writeFile(lock, foreign);
	const error = await t.throwsAsync(updateFileUnderLock(file, setGo, { repoRoot: root, timeoutMs: 300 }));
	t.true(error?.message.includes(`Lock ${lock} is held by pid 4242 on host build-agent-7.example since 2024-05-01T10:00:00.000Z`));
	t.regex(error?.message ?? '', /another host/);
	t.false(error?.message.includes('\n'));
	t.is(await readFile(lock, 'utf8'), foreign);
	t.is(await readFile(file, 'utf8'), '{"status": "NO-GO"}\n');
});

test('a live holder makes the writer time out naming it, and the write goes through once released', async (t) => {
	const { root, file, lock } = await trackerIn(t);
	const held = await acquireFileLock(file);
	const error = await t.throwsAsync(updateFileUnderLock(file, setGo, { repoRoot: root, timeoutMs: 400 }));
	t.is(error?.message, `Lock ${lock} is held by pid ${process.pid} on host ${hostname()} since ${held.holder.acquired_at}; gave up after 400 ms`);
	t.is(await readFile(file, 'utf8'), '{"status": "NO-GO"}\n');
	await held.release();
	t.true((await updateFileUnderLock(file, setGo, { repoRoot: root })).changed);
});

test('a waiting writer gets the lock as soon as the holder releases it', async (t) => {
	const { root, file } = await trackerIn(t);
	const held = await acquireFileLock(file);
	let waitingSaid = (): void => undefined;
	const isWaiting = new Promise<void>((resolve) => (waitingSaid = resolve));
	const waiting = updateFileUnderLock(file, setGo, { repoRoot: root, waitNoticeMs: 0, onWait: () => waitingSaid() });
	await isWaiting;
	t.is(await readFile(file, 'utf8'), '{"status": "NO-GO"}\n');
	await held.release();
	t.true((await waiting).changed);
});

test('an empty lock file is waited on while young and reclaimed once old', async (t) => {
	const { root, file, lock } = await trackerIn(t);
	await writeFile(lock, '');
	// Young for ten minutes here, so no stall of a loaded machine can make it old before the timeout.
	const error = await t.throwsAsync(updateFileUnderLock(file, setGo, { repoRoot: root, timeoutMs: 300, abandonedUnreadableLockMs: 600_000 }));
	t.regex(
		error?.message ?? '',
		/^Lock .*tracker\.json\.lock is held by an unknown holder \(unreadable lock file, last modified .*counts as abandoned once 600000 ms old/,
	);
	const tenSecondsAgo = new Date(Date.now() - 10_000);
	await utimes(lock, tenSecondsAgo, tenSecondsAgo);
	t.true((await updateFileUnderLock(file, setGo, { repoRoot: root })).changed);
	t.false(await exists(lock));
});

test('a corrupt lock file (holder crashed mid-write) counts as abandoned after the configured age', async (t) => {
	const { root, file } = await trackerIn(t);
	await writeFile(lockPathFor(file), '{"pid": 12');
	const aSecondAgo = new Date(Date.now() - 1000);
	await utimes(lockPathFor(file), aSecondAgo, aSecondAgo);
	t.true((await updateFileUnderLock(file, setGo, { repoRoot: root, abandonedUnreadableLockMs: 200 })).changed);
});

test('many reclaimers of one dead lock never hold it at the same time', async (t) => {
	const { file, lock } = await trackerIn(t);
	await writeFile(lock, JSON.stringify({ pid: await deadPid(), host: hostname(), token: 'dead', acquired_at: '2020-01-01T00:00:00.000Z' }));
	let inside = 0;
	let mostInside = 0;
	await Promise.all(
		Array.from({ length: 12 }, () =>
			withFileLock(file, async () => {
				inside += 1;
				mostInside = Math.max(mostInside, inside);
				await sleep(5);
				inside -= 1;
			}),
		),
	);
	t.is(mostInside, 1);
	t.false(await exists(lock));
	t.false(await exists(`${lock}.reclaim`));
});

test('a reclaim lock abandoned by a dead reclaimer does not block writers', async (t) => {
	const { root, file, lock } = await trackerIn(t);
	const pid = await deadPid();
	await writeFile(lock, JSON.stringify({ pid, host: hostname(), token: 'dead', acquired_at: '2020-01-01T00:00:00.000Z' }));
	await writeFile(`${lock}.reclaim`, JSON.stringify({ pid, host: hostname(), token: 'dead-reclaimer', acquired_at: '2020-01-01T00:00:00.000Z' }));
	t.true((await updateFileUnderLock(file, setGo, { repoRoot: root })).changed);
	t.false(await exists(lock));
	t.false(await exists(`${lock}.reclaim`));
});

test('a live reclaimer is named when a dead lock cannot be reclaimed in time', async (t) => {
	const { root, file, lock } = await trackerIn(t);
	await writeFile(lock, JSON.stringify({ pid: await deadPid(), host: hostname(), token: 'dead', acquired_at: '2020-01-01T00:00:00.000Z' }));
	await writeFile(`${lock}.reclaim`, JSON.stringify({ pid: 4242, host: 'other.example', token: 'r', acquired_at: '2024-01-01T00:00:00.000Z' }));
	const error = await t.throwsAsync(updateFileUnderLock(file, setGo, { repoRoot: root, timeoutMs: 200 }));
	t.regex(error?.message ?? '', /it looks abandoned, but .*tracker\.json\.lock\.reclaim is held by pid 4242 on host other\.example/);
});

test('a reclaimer paused after judging a lock abandoned does not delete the fresh lock taken meanwhile', async (t) => {
	const { file, lock } = await trackerIn(t);
	await writeFile(lock, JSON.stringify({ pid: await deadPid(), host: hostname(), token: 'dead', acquired_at: '2020-01-01T00:00:00.000Z' }));
	let enterPause = (): void => undefined;
	const paused = new Promise<void>((resolve) => (enterPause = resolve));
	let resume = (): void => undefined;
	const resumed = new Promise<void>((resolve) => (resume = resolve));
	let waitingSaid = (): void => undefined;
	const isWaiting = new Promise<void>((resolve) => (waitingSaid = resolve));
	const slowReclaimer = acquireFileLock(file, {
		waitNoticeMs: 0,
		// Said once it waits for a live holder: after its reclaim attempt came back.
		onWait: () => waitingSaid(),
		fileSystem: {
			...nodeFileSystem,
			async open(path, mode) {
				if (path.endsWith('.reclaim')) {
					enterPause();
					await resumed;
				}
				return nodeFileSystem.open(path, mode);
			},
		},
	});
	await paused;
	const fresh = await acquireFileLock(file);
	resume();
	await isWaiting;
	t.like(JSON.parse(await readFile(lock, 'utf8')), { token: fresh.holder.token });
	t.true(await fresh.release());
	const late = await slowReclaimer;
	t.like(JSON.parse(await readFile(lock, 'utf8')), { token: late.holder.token });
	await late.release();
});

test('a held lock is touched by its heartbeat: its mtime keeps advancing while it is held', async (t) => {
	const { file, lock } = await trackerIn(t);
	// Back-dated, so each heartbeat shows as a newer mtime however coarse the file system's clock is.
	const held = await acquireFileLock(file, { heartbeatMs: 20 });
	const longAgo = new Date(Date.now() - 60_000);
	let beats = 0;
	while (beats < 3) {
		await utimes(lock, longAgo, longAgo);
		while ((await stat(lock)).mtimeMs < longAgo.getTime() + 30_000) await sleep(5);
		beats += 1;
	}
	t.true(await held.isHeld());
	t.true(await held.release());
	t.false(await exists(lock));
});

test('staleness is judged by the lock file’s mtime: a live holder with a fresh mtime is waited for, whatever its age', async (t) => {
	const { root, file, lock } = await trackerIn(t);
	// No heartbeat of its own in this test: the test plays the heartbeat by setting the mtime.
	const held = await acquireFileLock(file, { heartbeatMs: 3_600_000 });
	const acquiredLongAgo = JSON.stringify({ ...held.holder, acquired_at: '2020-01-01T00:00:00.000Z' });
	await writeFile(lock, acquiredLongAgo);
	let noticed = (): void => undefined;
	const waitingSaid = new Promise<void>((resolve) => (noticed = resolve));
	const waiting = updateFileUnderLock(file, setGo, { repoRoot: root, staleAfterMs: 30_000, waitNoticeMs: 0, onWait: () => noticed() });
	await waitingSaid;
	// The waiter has judged the lock (fresh mtime) and is waiting, not reclaiming.
	t.is(await readFile(lock, 'utf8'), acquiredLongAgo);
	t.is(await readFile(file, 'utf8'), '{"status": "NO-GO"}\n');
	// Now the heartbeat stops for longer than staleAfterMs: the same holder is reclaimed.
	const longAgo = new Date(Date.now() - 60_000);
	await utimes(lock, longAgo, longAgo);
	t.true((await waiting).changed);
	t.false(await held.isHeld());
});

test('a wedged holder (alive, no heartbeat for staleAfterMs) is reclaimed, and then writes nothing more', async (t) => {
	const { root, file, lock } = await trackerIn(t);
	const wedged = await acquireFileLock(file, { heartbeatMs: 3_600_000 });
	const longAgo = new Date(Date.now() - 60_000);
	await utimes(lock, longAgo, longAgo);
	t.true((await updateFileUnderLock(file, setGo, { repoRoot: root, staleAfterMs: 30_000 })).changed);
	t.false(await wedged.isHeld());
	await t.throwsAsync(wedged.assertHeld(), { message: /is no longer held by this process \(another process reclaimed it after its heartbeat stopped\)/ });
	t.false(await wedged.release());
});

test('the wait notice names the holder and what it is doing', async (t) => {
	const { file } = await trackerIn(t);
	const held = await acquireFileLock(file, { purpose: 'signoff G3-002' });
	let noticed = (_message: string): void => undefined;
	const notice = new Promise<string>((resolve) => (noticed = resolve));
	const late = acquireFileLock(file, { waitNoticeMs: 0, onWait: (message) => noticed(message) });
	t.is(await notice, `waiting for pid ${process.pid} (signoff G3-002) on host ${hostname()} since ${held.holder.acquired_at}, which holds tracker.json.lock…`);
	await held.release();
	await (await late).release();
});

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
	test(`${signal} to a process holding a lock removes the lock and the process still dies of the signal`, async (t) => {
		const { root, file, lock } = await trackerIn(t);
		const worker = startWorker(['hold', file, root]);
		await worker.printed('locked');
		t.true(await exists(lock));
		worker.child.kill(signal);
		const { signal: diedOf } = await worker.exited;
		t.is(diedOf, signal);
		t.false(await exists(lock));
	});
}
