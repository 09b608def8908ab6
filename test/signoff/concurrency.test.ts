/**
 * Real `arco-review signoff` processes against one audit: 20 at once must all be kept; processes killed
 * with SIGKILL at random moments must leave a tracker that parses and loads, and locks that do not block
 * the next sign-off.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExecutionContext } from 'ava';
import {
	auditFiles,
	auditTest,
	deadPid,
	expectExit,
	history,
	historyLines,
	makeRepo,
	type Profile,
	REVIEWER,
	read,
	runBin,
	runMain,
	type SpawnedCli,
	spawnCli,
	tracker,
	writeLeftovers,
} from './helpers/audit-repo.js';
import { ledgerDifferences, ledgerStatus } from './helpers/ledger.js';

const STATUSES = ['GO', 'PARTIAL', 'NO-GO', 'BLOCKED-EXTERNAL'];

function auditDir(profile: Profile): string {
	return path.posix.dirname(profile.tracker);
}

/** The lock and temp files of the three audit files (other leftovers are reported by the caller). */
function blockingLeftovers(root: string, profile: Profile): string[] {
	const names = [profile.tracker, profile.ledger, profile.history].map((file) => path.posix.basename(file));
	return writeLeftovers(root, auditDir(profile)).filter((name) => names.some((base) => name === `${base}.lock` || name.startsWith(`.${base}.tmp-`)));
}

async function twentyAtOnce(t: ExecutionContext, profile: Profile, allowDirty: boolean): Promise<void> {
	const root = makeRepo(t, profile);
	const ledgerBefore = read(root, profile.ledger);
	const chosen = profile.signals.slice(0, 20);
	t.is(chosen.length, 20);
	const before = tracker(root, profile);
	// Every signal gets a status neither the tracker nor the ledger has yet, so every ledger cell must change.
	const wanted = new Map(
		chosen.map((id) => {
			const current = [before.signals.find((signal) => signal.id === id)!.status, ledgerStatus(ledgerBefore, id)];
			return [id, STATUSES.find((status) => !current.includes(status))!];
		}),
	);
	const runs = chosen.map((id) =>
		spawnCli(['signoff', id, '--status', wanted.get(id)!, '--note', `concurrent ${id}`, ...(allowDirty ? ['--allow-dirty'] : [])], root),
	);
	const results = await Promise.all(runs.map((run) => run.done));
	for (const [index, result] of results.entries()) expectExit(t, result, 0, `signoff ${chosen[index]}`);

	const after = tracker(root, profile);
	for (const id of chosen) {
		const signal = after.signals.find((candidate) => candidate.id === id)!;
		t.is(signal.status, wanted.get(id)!, `${id} status`);
		t.is(signal.signoff?.status, wanted.get(id), `${id} signoff.status`);
		t.is(signal.signoff?.note, `concurrent ${id}`, `${id} signoff.note`);
		t.deepEqual(signal.signoff?.reviewer, REVIEWER);
		// Nothing outside the audit's files changed: the other writers' lock and temp files are not the user's changes.
		if (!allowDirty) t.false(signal.signoff?.dirty, `${id} signed dirty`);
	}
	const lines = history(root, profile);
	t.is(lines.length, 20);
	t.deepEqual(lines.map((line) => line.subject).sort(), [...chosen].sort());
	expectExit(t, await runBin(['verify'], root), 0, 'verify');
	t.deepEqual(ledgerDifferences(ledgerBefore, read(root, profile.ledger), wanted), []);
	for (const id of chosen) t.is(ledgerStatus(read(root, profile.ledger), id), wanted.get(id)!);
	t.deepEqual(writeLeftovers(root, auditDir(profile)), []);
}

// Regression: the other sign-offs' `<file>.lock` and `.<file>.tmp-*` files (untracked, beside the tracker) are
// not uncommitted changes; concurrent sign-offs must not refuse each other as dirty.
auditTest(
	'20 sign-off processes at once on 20 signals: all recorded, 20 history lines, chain valid, 20 ledger cells',
	{ needsShared: 'it needs 20 signals (lumen-audit has 8)', serial: true },
	async (t, profile) => {
		await twentyAtOnce(t, profile, false);
	},
);

// The same with --allow-dirty, so the locking itself is tested whatever the dirty check decides.
auditTest(
	'20 sign-off processes at once with --allow-dirty: the lock serialises them and none is lost',
	{ needsShared: 'it needs 20 signals (lumen-audit has 8)', serial: true },
	async (t, profile) => {
		await twentyAtOnce(t, profile, true);
	},
);

/**
 * Kills a sign-off while it writes: as soon as its pid shows up in one of the audit files' locks, after a
 * random 0-20 ms. False when it exited (or `maxMs` passed) before it was seen writing; it is killed then anyway.
 */
async function killWhileWriting(run: SpawnedCli, root: string, profile: Profile, maxMs: number): Promise<boolean> {
	const locks = [profile.tracker, profile.ledger, profile.history].map((file) => path.join(root, `${file}.lock`));
	let exited = false;
	void run.done.then(() => (exited = true));
	const deadline = Date.now() + maxMs;
	while (!exited && Date.now() < deadline) {
		for (const lock of locks) {
			let pid: unknown;
			try {
				pid = (JSON.parse(fs.readFileSync(lock, 'utf8')) as { pid?: unknown }).pid;
			} catch {
				continue;
			}
			if (pid === run.child.pid) {
				await sleep(Math.floor(Math.random() * 21));
				run.child.kill('SIGKILL');
				return true;
			}
		}
		await sleep(1);
	}
	run.child.kill('SIGKILL');
	return false;
}

auditTest(
	'30 sign-offs killed with SIGKILL at random moments: tracker parses and loads after each, the next sign-off is not blocked',
	{ serial: true },
	async (t, profile) => {
		const root = makeRepo(t, profile);
		const kills = 30;
		const atOnce = 5;
		let killedRunning = 0;
		let seenWriting = 0;
		let leftBehind = 0;
		const otherLeftovers = new Set<string>();
		for (let batch = 0; batch < kills / atOnce; batch += 1) {
			// Even batches: killed 0-300 ms after spawn (mostly while starting and loading, before any write).
			// Odd batches: killed while writing, which is what can leave a lock or a temp file behind.
			const whileWriting = batch % 2 === 1;
			const victims = Array.from({ length: atOnce }, (_, index) => profile.signals[(batch * atOnce + index) % profile.signals.length]!);
			await Promise.all(
				victims.map(async (id, index) => {
					// --allow-dirty: without it most victims stop at the dirty check (the other victims' lock files, see the
					// concurrency bug above) before they write anything, and the kills would test little.
					const run = spawnCli(
						['signoff', id, '--status', STATUSES[(batch + index) % STATUSES.length]!, '--note', `victim ${batch}.${index}`, '--allow-dirty'],
						root,
					);
					if (whileWriting) {
						if (await killWhileWriting(run, root, profile, 5000)) seenWriting += 1;
					} else {
						await sleep(Math.floor(Math.random() * 301));
						run.child.kill('SIGKILL');
					}
					const result = await run.done;
					if (result.signal === 'SIGKILL') killedRunning += 1;
					t.false(/^\s+at /m.test(result.stderr), `victim ${id}: stack trace: ${result.stderr}`);
					const text = read(root, profile.tracker);
					t.notThrows(() => JSON.parse(text), `tracker after killing the sign-off of ${id} (batch ${batch})`);
					const status = await runMain(['status', '--json'], root);
					t.is(status.code, 0, `status --json after killing the sign-off of ${id}: ${status.stderr}`);
				}),
			);
			if (blockingLeftovers(root, profile).length > 0) leftBehind += 1;
			// Every history line that exists is whole JSON: a kill never leaves half a line.
			for (const line of historyLines(root, profile)) t.notThrows(() => JSON.parse(line), `history line after batch ${batch}`);

			// The next sign-off must not be blocked by what the dead processes left. It changes all three files
			// (new note, a status neither the tracker nor the ledger has), so each lock is taken and each temp file swept.
			const next = profile.signals[(batch * 7 + 1) % profile.signals.length]!;
			const current = [tracker(root, profile).signals.find((signal) => signal.id === next)!.status, ledgerStatus(read(root, profile.ledger), next)];
			const status = STATUSES.find((candidate) => !current.includes(candidate))!;
			// --allow-dirty for the same reason: a stale lock file alone makes it refuse as dirty (bug above).
			const result = await runBin(['signoff', next, '--status', status, '--note', `after batch ${batch}`, '--allow-dirty'], root);
			expectExit(t, result, 0, `sign-off after batch ${batch}`);
			t.is(tracker(root, profile).signals.find((signal) => signal.id === next)!.signoff?.note, `after batch ${batch}`);
			t.is(ledgerStatus(read(root, profile.ledger), next), status);
			t.deepEqual(blockingLeftovers(root, profile), [], `locks or temp files left after the sign-off following batch ${batch}`);
			for (const name of writeLeftovers(root, auditDir(profile))) otherLeftovers.add(name);
		}
		// The chain itself survives kills; only the tracker and the history may disagree (killed between the two writes).
		const verify = await runMain(['verify', '--json'], root);
		const problems = (JSON.parse(verify.stdout) as { problems: string[] }).problems;
		t.deepEqual(
			problems.filter((problem) => /chain broken|not a JSON line/.test(problem)),
			[],
		);
		t.log(
			`${killedRunning}/${kills} killed while running, ${seenWriting} of them while writing; ${leftBehind} batches left a lock or temp file; verify after kills: ${problems.length === 0 ? 'OK' : problems.join(' | ')}`,
		);
		if (otherLeftovers.size > 0) t.log(`other write leftovers seen: ${[...otherLeftovers].join(', ')}`);
		// Otherwise the run did not test what it is for.
		t.true(killedRunning >= kills / 2, `only ${killedRunning} of ${kills} processes were still running when killed`);
		t.true(leftBehind >= 1, 'no kill left a lock or temp file behind, so reclaiming was not exercised');
	},
);

async function plantDeadLocks(root: string, profile: Profile): Promise<void> {
	const pid = await deadPid();
	for (const file of [profile.tracker, profile.ledger, profile.history]) {
		fs.writeFileSync(
			path.join(root, `${file}.lock`),
			`${JSON.stringify({ pid, host: os.hostname(), token: 'f00d', acquired_at: new Date(Date.now() - 60_000).toISOString() })}\n`,
		);
	}
}

// Regression: a lock left by a dead process is an untracked file beside the tracker; the next sign-off reclaims
// it instead of refusing as dirty.
auditTest('locks of a dead pid on tracker, ledger and history: the next sign-off reclaims them and succeeds', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	await plantDeadLocks(root, profile);
	const result = await runBin(['signoff', profile.signal, '--status', 'GO', '--note', 'after a crash'], root);
	expectExit(t, result, 0, 'signoff');
	t.is(tracker(root, profile).signals.find((signal) => signal.id === profile.signal)!.signoff?.dirty, false);
	t.deepEqual(writeLeftovers(root, auditDir(profile)), []);
});

auditTest('locks of a dead pid with --allow-dirty: reclaimed, recorded, removed', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	await plantDeadLocks(root, profile);
	const result = await runBin(['signoff', profile.signal, '--status', 'GO', '--note', 'after a crash', '--allow-dirty'], root);
	expectExit(t, result, 0, 'signoff');
	t.is(tracker(root, profile).signals.find((signal) => signal.id === profile.signal)!.signoff?.note, 'after a crash');
	t.is(ledgerStatus(read(root, profile.ledger), profile.signal), 'GO');
	t.is(history(root, profile).length, 1);
	t.deepEqual(writeLeftovers(root, auditDir(profile)), []);
});

auditTest('a live lock on the ledger only: the sign-off waits for that file and finishes once it is released', { serial: true }, async (t, profile) => {
	const root = makeRepo(t, profile);
	const lock = path.join(root, `${profile.ledger}.lock`);
	// Held by this test process: alive, same host, so it must be waited for, not reclaimed.
	fs.writeFileSync(lock, `${JSON.stringify({ pid: process.pid, host: os.hostname(), token: 'beef', acquired_at: new Date().toISOString() })}\n`);
	const before = auditFiles(root, profile);
	// --allow-dirty: the held lock file would otherwise be refused as an uncommitted change (bug above).
	const run = spawnCli(['signoff', profile.signal, '--status', 'GO', '--note', 'waited', '--allow-dirty'], root);
	let exited = false;
	void run.done.then(() => (exited = true));
	await sleep(2500);
	t.false(exited, 'the sign-off finished while the ledger was locked');
	t.is(auditFiles(root, profile)[profile.ledger], before[profile.ledger], 'the ledger was written while its lock was held');
	t.is(auditFiles(root, profile)[profile.history], null, 'the history was written before the ledger was');
	fs.unlinkSync(lock);
	const result = await run.done;
	expectExit(t, result, 0, 'signoff');
	t.is(ledgerStatus(read(root, profile.ledger), profile.signal), 'GO');
	t.is(history(root, profile).length, 1);
});
