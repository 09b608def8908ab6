/**
 * Real `arco-review signoff` processes against one audit: 20 at once with every CPU busy must all land;
 * SIGKILL anywhere in a sign-off's run must leave an audit that verifies or names the interrupted sign-off
 * (and `verify --repair` then verifies); SIGINT, SIGTERM and SIGHUP release the locks; a live holder is
 * waited for, however long, with a message after a second. No fixed sleeps: every wait is for a condition.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { until } from '../helpers/wait.js';
import { deadPid } from '../writers/helpers/child-process.js';
import {
	auditFiles,
	auditTest,
	expectExit,
	history,
	historyLines,
	holdLock,
	makeRepo,
	type Profile,
	REVIEWER,
	read,
	runBin,
	runMain,
	saturateCpus,
	spawnCli,
	tracker,
	verifyJson,
	writeLeftovers,
} from './helpers/audit-repo.js';
import { ledgerDifferences, ledgerStatus } from './helpers/ledger.js';

const STATUSES = ['GO', 'PARTIAL', 'NO-GO', 'BLOCKED-EXTERNAL'];

function auditDir(profile: Profile): string {
	return path.posix.dirname(profile.tracker);
}

/** A status neither the tracker nor the ledger gives the signal now, so every file of its sign-off changes. */
function freshStatus(root: string, profile: Profile, id: string): string {
	const current = [tracker(root, profile).signals.find((signal) => signal.id === id)!.status, ledgerStatus(read(root, profile.ledger), id)];
	return STATUSES.find((status) => !current.includes(status))!;
}

auditTest(
	'20 sign-off processes at once on 20 signals, every CPU busy: all recorded, 20 history lines, verify passes, 20 ledger cells',
	{ needsShared: 'it needs 20 signals (lumen-audit has 8)', serial: true },
	async (t, profile) => {
		const root = makeRepo(t, profile);
		const ledgerBefore = read(root, profile.ledger);
		const chosen = profile.signals.slice(0, 20);
		t.is(chosen.length, 20);
		const wanted = new Map(chosen.map((id) => [id, freshStatus(root, profile, id)]));
		t.log(`${saturateCpus(t)} busy processes beside the sign-offs`);
		const runs = chosen.map((id) => spawnCli(['signoff', id, '--status', wanted.get(id)!, '--note', `concurrent ${id}`], root));
		const results = await Promise.all(runs.map((run) => run.done));
		for (const [index, result] of results.entries()) expectExit(t, result, 0, `signoff ${chosen[index]}`);

		const after = tracker(root, profile);
		for (const id of chosen) {
			const signal = after.signals.find((candidate) => candidate.id === id)!;
			t.is(signal.status, wanted.get(id)!, `${id} status`);
			t.is(signal.signoff?.note, `concurrent ${id}`, `${id} signoff.note`);
			t.deepEqual(signal.signoff?.reviewer, REVIEWER);
			// The other writers' lock and temp files beside the tracker are not the reviewer's changes.
			t.false(signal.signoff?.dirty, `${id} signed dirty`);
		}
		t.deepEqual(
			history(root, profile)
				.map((line) => line.subject)
				.sort(),
			[...chosen].sort(),
		);
		expectExit(t, await runBin(['verify'], root), 0, 'verify');
		t.deepEqual(ledgerDifferences(ledgerBefore, read(root, profile.ledger), wanted), []);
		t.deepEqual(writeLeftovers(root, auditDir(profile)), []);
	},
);

auditTest(
	'SIGKILL spread across a sign-off’s run: verify then passes or names the interrupted sign-off, and verify --repair passes',
	{ serial: true },
	async (t, profile) => {
		const root = makeRepo(t, profile);
		const historyFile = path.join(root, profile.history);
		const size = (): number => (fs.existsSync(historyFile) ? fs.statSync(historyFile).size : 0);
		// One whole run first: the kills below are spread over a run of that length (a spread, not a budget).
		const started = process.hrtime.bigint();
		expectExit(t, await runBin(['signoff', profile.signal, '--status', freshStatus(root, profile, profile.signal), '--note', 'whole'], root), 0, 'whole run');
		const runMs = Number(process.hrtime.bigint() - started) / 1e6;
		const kills = 24;
		const outcomes = { verified: 0, interrupted: 0, finished: 0 };
		for (let kill = 0; kill < kills; kill += 1) {
			const id = profile.signals[kill % profile.signals.length]!;
			const before = size();
			const run = spawnCli(['signoff', id, '--status', freshStatus(root, profile, id), '--note', `victim ${kill}`, '--allow-dirty'], root);
			let exited = false;
			void run.done.then(() => (exited = true));
			if (kill % 2 === 0) {
				// Right after its history line lands: the moment the intent record exists and the rest may not.
				await until(() => exited || size() !== before, { pollMs: 1 });
			} else {
				const at = Date.now() + (runMs * kill) / kills;
				await until(() => exited || Date.now() >= at, { pollMs: 1 });
			}
			run.child.kill('SIGKILL');
			const result = await run.done;
			if (result.signal !== 'SIGKILL') outcomes.finished += 1;
			for (const line of historyLines(root, profile)) t.notThrows(() => JSON.parse(line), `history line after kill ${kill}`);
			const verify = await verifyJson(root);
			if (verify.ok) {
				outcomes.verified += 1;
				continue;
			}
			outcomes.interrupted += 1;
			t.deepEqual(
				verify.problems.filter((problem) => !verify.interrupted.includes(problem)),
				[],
				`kill ${kill}: problems besides the interrupted sign-off`,
			);
			t.is(verify.interrupted.length, 1, `kill ${kill}: ${verify.interrupted.join(' | ')}`);
			expectExit(t, await runMain(['verify', '--repair'], root), 0, `verify --repair after kill ${kill}`);
			t.true((await verifyJson(root)).ok, `verify after the repair of kill ${kill}`);
		}
		t.log(
			`${kills} kills: ${outcomes.verified} left a verifying audit, ${outcomes.interrupted} an interrupted sign-off (repaired); ${outcomes.finished} finished first`,
		);
		// Otherwise no kill landed between the history line and the tracker, and the repair was never exercised.
		t.true(outcomes.interrupted > 0, 'no kill interrupted a sign-off between its history line and its tracker write');
		// Whatever the kills left (dead locks, temp files), the next sign-off goes through and verifies.
		expectExit(
			t,
			await runBin(['signoff', profile.otherSignal, '--status', freshStatus(root, profile, profile.otherSignal), '--note', 'after'], root),
			0,
			'next',
		);
		t.true((await verifyJson(root)).ok);
	},
);

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
	auditTest(`${signal} while a sign-off holds locks: it dies of the signal, its locks are gone, nothing was written`, { serial: true }, async (t, profile) => {
		const root = makeRepo(t, profile);
		const before = auditFiles(root, profile);
		// The history's lock is the last in the fixed order: the sign-off holds the tracker's and ledger's while it waits.
		const held = holdLock(root, profile.history, 'a test holding the history');
		t.teardown(held.release);
		const run = spawnCli(['signoff', profile.signal, '--status', 'GO', '--note', 'signalled', '--allow-dirty'], root);
		await until(() => run.stderrSoFar().includes('waiting for'));
		t.true(fs.existsSync(path.join(root, `${profile.tracker}.lock`)), 'the tracker lock is not held while waiting');
		run.child.kill(signal);
		const result = await run.done;
		t.is(result.signal, signal, `exit ${String(result.code)}, stderr ${result.stderr}`);
		t.deepEqual(writeLeftovers(root, auditDir(profile)), [`${path.posix.basename(profile.history)}.lock`]);
		t.deepEqual(auditFiles(root, profile), before);
	});
}

auditTest(
	'a live holder is waited for with "waiting for <holder>…" after a second; the sign-off lands once it lets go',
	{ serial: true },
	async (t, profile) => {
		const root = makeRepo(t, profile);
		const before = auditFiles(root, profile);
		const held = holdLock(root, profile.ledger, 'a test holding the ledger');
		t.teardown(held.release);
		const run = spawnCli(['signoff', profile.signal, '--status', 'GO', '--note', 'waited', '--allow-dirty'], root);
		await until(() => run.stderrSoFar().includes('waiting for'));
		t.regex(
			run.stderrSoFar(),
			new RegExp(`waiting for pid ${process.pid} \\(a test holding the ledger\\) on host .* which holds ${path.posix.basename(profile.ledger)}\\.lock…`),
		);
		t.deepEqual(auditFiles(root, profile), before, 'a file was written while one of its locks was held elsewhere');
		held.release();
		const result = await run.done;
		expectExit(t, result, 0, 'signoff');
		t.is(ledgerStatus(read(root, profile.ledger), profile.signal), 'GO');
		t.is(history(root, profile).length, 1);
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

// A lock left by a dead process is an untracked file beside the tracker; the next sign-off reclaims it
// instead of refusing as dirty.
auditTest('locks of a dead pid on tracker, ledger and history: the next sign-off reclaims them and succeeds', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	await plantDeadLocks(root, profile);
	const result = await runBin(['signoff', profile.signal, '--status', 'GO', '--note', 'after a crash'], root);
	expectExit(t, result, 0, 'signoff');
	t.is(tracker(root, profile).signals.find((signal) => signal.id === profile.signal)!.signoff?.dirty, false);
	t.is(ledgerStatus(read(root, profile.ledger), profile.signal), 'GO');
	t.is(history(root, profile).length, 1);
	t.deepEqual(writeLeftovers(root, auditDir(profile)), []);
});
