/**
 * ssh-keygen as a process: it runs in a group of its own (no controlling terminal), so SIGINT, SIGTERM or
 * SIGHUP to arco-review must kill it and remove the temp folders that held the signed data; and where it
 * is not installed, verify still reports the chain and says the signatures were not checked.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ExecutionContext } from 'ava';
import { until } from '../helpers/wait.js';
import { auditTest, expectExit, type Profile, REVIEWER, runBin, spawnCli } from '../signoff/helpers/audit-repo.js';
import { allowedLine, keyFolder, makeKey, type TestKey } from './helpers/keys.js';
import { ALLOWED, fakeSshKeygen, porcelain, signingRepo, verifyJson } from './helpers/signing-repo.js';

/** Whether `pid` still runs (a zombie nobody reaped yet counts as gone). */
function running(pid: number): boolean {
	try {
		return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
	} catch {
		return false;
	}
}

/** An ssh-keygen that says its pid and then hangs, and a private TMPDIR to see what is left in it. */
function hangingSshKeygen(t: ExecutionContext, keys: string): { env: Record<string, string>; pids: () => number[]; tmp: string } {
	const pidFile = path.join(keys, 'ssh-keygen.pids');
	const bin = fakeSshKeygen(keys, `echo $$ >> '${pidFile}'\nexec sleep 600`);
	const tmp = fs.mkdtempSync(path.join(keys, 'tmp-'));
	const pids = (): number[] => (fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8').split('\n').filter(Boolean).map(Number) : []);
	t.teardown(() => {
		for (const pid of pids()) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// Gone, as it should be.
			}
		}
	});
	return { env: { PATH: `${bin}:${process.env['PATH'] ?? ''}`, TMPDIR: tmp }, pids, tmp };
}

async function signalledWhileSshKeygenRuns(t: ExecutionContext, root: string, args: string[], keys: string, signal: NodeJS.Signals): Promise<void> {
	const hanging = hangingSshKeygen(t, keys);
	const run = spawnCli(args, root, hanging.env);
	await until(() => hanging.pids().length > 0);
	t.true(
		fs.readdirSync(hanging.tmp).some((name) => name.startsWith('arco-review-')),
		'the temp folder is there while ssh-keygen runs',
	);
	run.child.kill(signal);
	const result = await run.done;
	t.is(result.signal, signal, `exit ${String(result.code)}: ${result.stderr}`);
	const [pid] = hanging.pids();
	await until(() => !running(pid ?? 0));
	t.deepEqual(fs.readdirSync(hanging.tmp), [], 'temp folders left behind');
}

function signedRepo(t: ExecutionContext, profile: Profile, rita: TestKey): string {
	return signingRepo(t, profile, { allowed: [allowedLine(REVIEWER.email, rita)] });
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
	auditTest(`${signal} while ssh-keygen signs: ssh-keygen is killed, the signed data’s temp folder removed, nothing written`, {}, async (t, profile) => {
		const keys = keyFolder(t);
		const rita = makeKey(keys, 'rita');
		const root = signedRepo(t, profile, rita);
		await signalledWhileSshKeygenRuns(t, root, ['signoff', profile.signal, '--status', 'GO', '--sign-key', rita.privateKey], keys, signal);
		t.is(porcelain(root), '');
	});
}

auditTest('SIGHUP while verify checks a signature: ssh-keygen is killed and the signatures’ temp folder removed', {}, async (t, profile) => {
	const keys = keyFolder(t);
	const rita = makeKey(keys, 'rita');
	const root = signedRepo(t, profile, rita);
	expectExit(t, await runBin(['signoff', profile.signal, '--status', 'GO', '--sign-key', rita.privateKey], root), 0, 'signoff');
	await signalledWhileSshKeygenRuns(t, root, ['verify'], keys, 'SIGHUP');
});

auditTest('without ssh-keygen, verify reports the chain and marks signatures "not checked"; a policy then fails', {}, async (t, profile) => {
	const keys = keyFolder(t);
	const rita = makeKey(keys, 'rita');
	const root = signedRepo(t, profile, rita);
	expectExit(t, await runBin(['signoff', profile.signal, '--status', 'GO', '--sign-key', rita.privateKey], root), 0, 'signoff');
	// A PATH with git on it and nothing else.
	const bin = path.join(keys, 'git-only');
	fs.mkdirSync(bin);
	const git = (process.env['PATH'] ?? '')
		.split(':')
		.map((folder) => path.join(folder, 'git'))
		.find((file) => fs.existsSync(file));
	fs.symlinkSync(git ?? '/usr/bin/git', path.join(bin, 'git'));
	const without = await verifyJson(root, { PATH: bin });
	t.is(without.code, 0, without.problems.join('\n'));
	t.like(without.signoffs[0]?.signature, { state: 'not-checked' });
	t.regex(without.signoffs[0]?.signature.detail ?? '', /ssh-keygen is not installed/);
	const text = await runBin(['verify'], root, { PATH: bin });
	t.regex(text.stdout, /: signature not checked \(ssh-keygen is not installed/);
	t.regex(text.stdout, /^OK: chain intact, tracker matches; .*1 not checked$/m);

	fs.writeFileSync(path.join(root, '.arco-review.json'), `${JSON.stringify({ tracker: profile.tracker, allowed_signers: ALLOWED, require_signed: true })}\n`);
	const policy = await verifyJson(root, { PATH: bin });
	t.is(policy.code, 1);
	t.true(policy.problems.some((problem) => /signature cannot be checked here: ssh-keygen is not installed/.test(problem)));
});
