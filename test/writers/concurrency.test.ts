/**
 * Real child processes against one file: concurrent writers must not lose updates, and writers killed
 * with SIGKILL at random moments must leave the old or the new complete file and a reclaimable lock.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import test from 'ava';
import { parseJsonStrict } from '../../source/json/strict-json.js';
import { updateFileUnderLock } from '../../source/writers/safe-write.js';
import { startWorker } from './helpers/child-process.js';
import { makeTempDir } from './helpers/temp-dir.js';
import { documentAt, initialDocument, nextVersion, sequenceOf } from './helpers/versioned-document.js';

const WRITERS = 20;
const UPDATES_PER_WRITER = 5;
const KILLS = 30;

test('20 processes updating different keys of one file at once: every update is kept', async (t) => {
	const root = await makeTempDir(t, 'concurrent');
	const file = join(root, 'tracker.json');
	const original = '{\n  "schema_version": "1.0",\n  "threshold": 1.0e3,\n  "counters": {\n    "seed": 0\n  }\n}\n';
	await writeFile(file, original);
	// Start together once every process has booted, so they really contend for the lock: each waits for
	// the start file, which appears once all have said they are ready.
	const go = join(await makeTempDir(t, 'concurrent-go'), 'go');
	const workers = Array.from({ length: WRITERS }, (_, index) => startWorker(['counter', file, root, `w${index}`, String(UPDATES_PER_WRITER), go]));
	await Promise.all(workers.map((worker) => worker.printed('ready')));
	await writeFile(go, '');
	const outcomes = await Promise.all(workers.map((worker) => worker.exited));
	for (const [index, outcome] of outcomes.entries()) t.is(outcome.code, 0, `writer ${index}: ${outcome.stderr}`);

	const text = await readFile(file, 'utf8');
	const parsed = parseJsonStrict(text);
	t.true(parsed.ok);
	if (!parsed.ok) return;
	const expected: Record<string, number> = { seed: 0 };
	for (let index = 0; index < WRITERS; index += 1) expected[`w${index}`] = UPDATES_PER_WRITER;
	t.deepEqual((parsed.value as { counters: unknown }).counters, expected);
	t.true(text.startsWith('{\n  "schema_version": "1.0",\n  "threshold": 1.0e3,\n  "counters": {\n    "seed": 0,\n    "w'));
	t.deepEqual(await readdir(root), ['tracker.json']);
});

test('writers killed with SIGKILL at random moments leave a complete old or new file and a reclaimable lock', async (t) => {
	const root = await makeTempDir(t, 'sigkill');
	const file = join(root, 'tracker.json');
	await writeFile(file, initialDocument());
	let sequence = 0;
	let killedWhileLocked = 0;
	let killedMidWrite = 0;
	for (let kill = 0; kill < KILLS; kill += 1) {
		const worker = startWorker(['loop', file, root]);
		await worker.printed('ready');
		// A random number of further writes, then the kill: spread over the writer's loop by its progress, not by a clock.
		const target = sequenceOf(await readFile(file, 'utf8')) + 1 + Math.floor(Math.random() * 6);
		while (sequenceOf(await readFile(file, 'utf8')) < target) await sleep(1);
		worker.child.kill('SIGKILL');
		const { signal } = await worker.exited;
		t.is(signal, 'SIGKILL');

		const leftovers = (await readdir(root)).filter((name) => name !== 'tracker.json');
		if (leftovers.includes('tracker.json.lock')) killedWhileLocked += 1;
		if (leftovers.some((name) => name.startsWith('.tracker.json.tmp-'))) killedMidWrite += 1;

		const text = await readFile(file, 'utf8');
		const found = sequenceOf(text);
		t.true(found > sequence, `kill ${kill}: the worker wrote at least once (seq ${found} after ${sequence})`);
		t.is(text, documentAt(found), `kill ${kill}: file is not a complete version`);
		sequence = found;

		// The next writer reclaims the dead worker's lock (an empty one after a second) and succeeds.
		const result = await updateFileUnderLock(file, nextVersion, { repoRoot: root, abandonedUnreadableLockMs: 1000 });
		t.true(result.changed);
		sequence += 1;
		t.is(await readFile(file, 'utf8'), documentAt(sequence));
		t.deepEqual(await readdir(root), ['tracker.json'], `kill ${kill}: lock or temp file left after the next write`);
	}
	t.log(`${killedWhileLocked} of ${KILLS} kills left a lock behind, ${killedMidWrite} a temp file; final seq ${sequence}`);
	// Otherwise the kills all landed between writes and the reclaim path was never exercised.
	t.true(killedWhileLocked > 0);
});
