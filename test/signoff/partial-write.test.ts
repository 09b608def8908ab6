/**
 * What a failing sign-off says: a writer's refusal is one line (exit 2); a failure after the history line
 * was written says the sign-off is recorded there and how to complete it; a bug is not dressed up as a
 * refusal (it reaches the CLI's "unexpected error", with the ARCO_DEBUG hint).
 */
import test from 'ava';
import { refusalsAsUserErrors, UserError } from '../../source/errors.js';
import { loadAudit } from '../../source/model/load-audit.js';
import { signalKey } from '../../source/model/subject.js';
import { recordSignoff } from '../../source/signoff/record-signoff.js';
import { nodeFileSystem } from '../../source/writers/file-system.js';
import { WriteRefusal } from '../../source/writers/write-refusal.js';
import { auditFiles, auditTest, expectExit, historyLines, makeRepo, runMain, signalOf } from './helpers/audit-repo.js';

auditTest(
	'the disk fills after the history line: "recorded in the history, not yet in the tracker: run verify --repair" (exit 2); the repair completes it',
	{},
	async (t, profile) => {
		const root = makeRepo(t, profile);
		let renames = 0;
		const error = await t.throwsAsync(
			recordSignoff({
				model: await loadAudit({ cwd: root, env: {} }),
				subject: signalKey(profile.signal),
				status: 'GO',
				note: 'half written',
				allowDirty: false,
				fileSystem: {
					...nodeFileSystem,
					async rename(from, to) {
						renames += 1;
						// The first rename is the history line; the second, the ledger's.
						if (renames === 2) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
						return nodeFileSystem.rename(from, to);
					},
				},
			}),
		);
		t.true(error instanceof UserError);
		t.is((error as UserError).exitCode, 2);
		t.regex(
			error?.message ?? '',
			/^recorded in the history, not yet in the tracker: run `arco-review verify --repair` \(Cannot write .*: rename of temp file failed.*no space left on device\)$/,
		);
		t.is(historyLines(root, profile).length, 1);
		t.is(signalOf(root, profile, profile.signal).status, profile.signalStatus);

		const verify = await runMain(['verify', '--json'], root);
		t.is(verify.code, 1);
		t.is((JSON.parse(verify.stdout) as { interrupted: string[] }).interrupted.length, 1);
		expectExit(t, await runMain(['verify', '--repair'], root), 0, 'verify --repair');
		t.is(signalOf(root, profile, profile.signal).status, 'GO');
		expectExit(t, await runMain(['verify'], root), 0, 'verify');
	},
);

auditTest('a bug during a sign-off is not turned into a refusal: the TypeError reaches the caller, nothing is written', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	const before = auditFiles(root, profile);
	const error = await t.throwsAsync(
		recordSignoff({
			model: await loadAudit({ cwd: root, env: {} }),
			subject: signalKey(profile.signal),
			status: 'GO',
			note: '',
			allowDirty: false,
			now: () => {
				throw new TypeError('a bug in the clock');
			},
		}),
	);
	t.true(error instanceof TypeError);
	t.false(error instanceof UserError);
	t.deepEqual(auditFiles(root, profile), before);
});

test('refusalsAsUserErrors: a writer refusal becomes a one-line user error; anything else goes on as it is', async (t) => {
	const refused = await t.throwsAsync(refusalsAsUserErrors(() => Promise.reject(new WriteRefusal('Lock x.lock is held by pid 1'))));
	t.true(refused instanceof UserError);
	t.is(refused?.message, 'Lock x.lock is held by pid 1');
	const bug = new TypeError("Cannot read properties of undefined (reading 'status')");
	t.is(await t.throwsAsync(refusalsAsUserErrors(() => Promise.reject(bug))), bug);
	const user = new UserError('already one');
	t.is(await t.throwsAsync(refusalsAsUserErrors(() => Promise.reject(user))), user);
});
