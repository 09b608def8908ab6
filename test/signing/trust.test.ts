/**
 * Who is trusted, and when: the verifier's own git config chooses the allowed signers over the
 * repository's; a signature is judged within the dates the signer cannot choose alone (its HEAD's commit,
 * the commit that first recorded it); a good signature by someone other than the recorded reviewer is
 * said as such; the record's own namespace field is checked.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadAudit } from '../../source/model/load-audit.js';
import { signalKey } from '../../source/model/subject.js';
import { canonicalJson } from '../../source/signoff/canonical-json.js';
import { recordSignoff } from '../../source/signoff/record-signoff.js';
import { auditTest, commitAll, expectExit, git, historyLines, REVIEWER, runBin, runMain, tracker, write } from '../signoff/helpers/audit-repo.js';
import { allowedLine, keyFolder, makeKey } from './helpers/keys.js';
import { ALLOWED, porcelain, signingRepo, verifyJson } from './helpers/signing-repo.js';

interface CheckJson {
	findings: Array<{ code: string; severity: string; subject: string; message: string }>;
}

async function checkJson(root: string): Promise<CheckJson> {
	return JSON.parse((await runMain(['check', '--json'], root)).stdout) as CheckJson;
}

auditTest(
	'git config gpg.ssh.allowedSignersFile wins over the repository’s allowed_signers; verify, --json and check name the file used',
	{},
	async (t, profile) => {
		const keys = keyFolder(t);
		const rita = makeKey(keys, 'rita');
		const mallory = makeKey(keys, 'mallory');
		// Whoever can edit the repository put their own key down for Rita.
		const root = signingRepo(t, profile, { allowed: [allowedLine(REVIEWER.email, mallory)] });
		const own = path.join(keys, 'team_allowed_signers');
		fs.writeFileSync(own, `${allowedLine(REVIEWER.email, rita)}\n`);
		git(root, ['config', 'gpg.ssh.allowedSignersFile', own]);
		expectExit(t, await runBin(['signoff', profile.signal, '--status', 'GO', '--sign-key', mallory.privateKey], root), 0, 'mallory signs as Rita');
		const verify = await verifyJson(root);
		t.like(verify.signoffs.at(-1)?.signature, { state: 'unknown-key', fingerprint: mallory.fingerprint });
		t.deepEqual(verify.allowed_signers, { file: own, source: 'gpg.ssh.allowedSignersFile', overridden: ALLOWED, problem: null });
		const text = await runBin(['verify'], root);
		t.regex(
			text.stdout,
			new RegExp(
				`^signatures checked against ${own} \\(gpg\\.ssh\\.allowedSignersFile; it wins over \\.arco-review\\.json's allowed_signers "${ALLOWED}"\\)$`,
				'm',
			),
		);
		const check = await checkJson(root);
		t.like(
			check.findings.find((finding) => finding.code === 'signoff-allowed-signers'),
			{
				severity: 'info',
				message: `signatures checked against ${own} (gpg.ssh.allowedSignersFile; it wins over .arco-review.json's allowed_signers "${ALLOWED}")`,
			},
		);
		t.like(
			check.findings.find((finding) => finding.code === 'signoff-signer-unverified'),
			{ severity: 'warning', subject: profile.signal },
		);

		// Rita's own key is good against the verifier's file, whatever the repository's file says.
		expectExit(t, await runBin(['signoff', profile.otherSignal, '--status', 'GO', '--sign-key', rita.privateKey], root), 0, 'rita signs');
		t.like((await verifyJson(root)).signoffs.at(-1)?.signature, { state: 'good', principal: REVIEWER.email });
	},
);

auditTest('an allowed signers file or .arco-review.json with uncommitted changes: verify and check warn', {}, async (t, profile) => {
	const keys = keyFolder(t);
	const rita = makeKey(keys, 'rita');
	const mallory = makeKey(keys, 'mallory');
	const root = signingRepo(t, profile, { allowed: [allowedLine(REVIEWER.email, rita)] });
	expectExit(t, await runBin(['signoff', profile.signal, '--status', 'GO', '--sign-key', rita.privateKey], root), 0, 'rita signs');
	commitAll(root, 'signed');
	t.deepEqual((await verifyJson(root)).warnings, []);
	fs.appendFileSync(path.join(root, ALLOWED), `${allowedLine('mallory@arco-review.invalid', mallory)}\n`);
	const config = JSON.parse(fs.readFileSync(path.join(root, '.arco-review.json'), 'utf8')) as Record<string, unknown>;
	fs.writeFileSync(path.join(root, '.arco-review.json'), `${JSON.stringify({ ...config, require_signed: 'GO' })}\n`);
	const verify = await verifyJson(root);
	t.is(verify.code, 0);
	t.deepEqual(verify.warnings, [
		`${ALLOWED}, the allowed signers file, has uncommitted changes: signatures were checked against it as it is on disk`,
		'.arco-review.json has uncommitted changes: its allowed_signers, require_signed and gate_signers may not be the committed ones',
	]);
	const warnings = (await checkJson(root)).findings.filter((finding) => finding.code === 'signoff-allowed-signers-uncommitted');
	t.deepEqual(
		warnings.map((finding) => finding.severity),
		['warning', 'warning'],
	);
});

/** Commits the audit as it is with this committer date (a HEAD made then). */
function commitAt(root: string, date: string): string {
	git(root, ['add', '-A']);
	git(root, ['commit', '-q', '--allow-empty', '--no-verify', '-m', `at ${date}`, `--date=${date}`], true, { GIT_COMMITTER_DATE: date });
	return git(root, ['rev-parse', 'HEAD']);
}

async function signAt(root: string, subject: string, keyFile: string, when: string): Promise<void> {
	await recordSignoff({
		model: await loadAudit({ cwd: root, env: {} }),
		subject: signalKey(subject),
		status: 'PARTIAL',
		note: `signed_at ${when}`,
		allowDirty: true,
		signer: { signKey: keyFile },
		now: () => new Date(when),
	});
}

auditTest(
	'signed_at is bounded by dates the signer does not choose: not before its HEAD’s commit, not after the commit that first recorded it',
	{},
	async (t, profile) => {
		const keys = keyFolder(t);
		const revoked = makeKey(keys, 'revoked');
		const future = makeKey(keys, 'future');
		// One key that stopped being valid in 2020, one valid only from 2030 on.
		const root = signingRepo(t, profile, {
			allowed: [allowedLine(REVIEWER.email, revoked, 'valid-before="20200101"'), allowedLine(REVIEWER.email, future, 'valid-after="20300101"')],
		});
		commitAt(root, '2026-01-10T00:00:00Z');
		// Backdated into the revoked key's lifetime: ssh-keygen alone would call it good at that signed_at.
		await signAt(root, profile.signal, revoked.privateKey, '2019-06-01T00:00:00Z');
		// Forward-dated into the future key's lifetime: good while the line is not committed...
		await signAt(root, profile.otherSignal, future.privateKey, '2031-01-01T00:00:00Z');
		let verify = await verifyJson(root);
		t.like(verify.signoffs[0]?.signature, { state: 'not-valid-at-signing-time', fingerprint: revoked.fingerprint });
		t.regex(
			verify.signoffs[0]?.signature.detail ?? '',
			/^signed_at 2019-06-01T00:00:00Z is before its HEAD [0-9a-f]{7} was committed \(2026-01-10T00:00:00Z\)$/,
		);
		t.like(verify.signoffs[1]?.signature, { state: 'good', principal: REVIEWER.email });
		// ...and not once a commit (made before 2030) holds it.
		commitAt(root, '2026-02-01T00:00:00Z');
		verify = await verifyJson(root);
		t.like(verify.signoffs[1]?.signature, { state: 'not-valid-at-signing-time', fingerprint: future.fingerprint });
		t.regex(
			verify.signoffs[1]?.signature.detail ?? '',
			/^signed_at 2031-01-01T00:00:00Z is after commit [0-9a-f]{7} first recorded it \(2026-02-01T00:00:00Z\)$/,
		);
		t.is(verify.code, 0, 'not valid at signing time is a warning without a policy');
		const checks = await checkJson(root);
		t.deepEqual(
			checks.findings.filter((finding) => finding.code === 'signoff-signer-unverified').map((finding) => finding.subject),
			[profile.signal, profile.otherSignal],
		);
	},
);

auditTest(
	'a good signature by someone other than the recorded reviewer: "signed by X, recorded as Y", a warning; refused and a check error under require_signed',
	{},
	async (t, profile) => {
		const keys = keyFolder(t);
		const rita = makeKey(keys, 'rita');
		const mallory = makeKey(keys, 'mallory');
		const root = signingRepo(t, profile, { allowed: [allowedLine(REVIEWER.email, rita), allowedLine('mallory@arco-review.invalid', mallory)] });
		// Mallory signs with her own (listed) key a record that says Rita signed it.
		expectExit(t, await runBin(['signoff', profile.signal, '--status', 'PARTIAL', '--sign-key', mallory.privateKey], root), 0, 'mallory as rita');
		const verify = await verifyJson(root);
		t.is(verify.code, 0);
		t.deepEqual(verify.signoffs[0]?.signature, {
			state: 'other-signer',
			principal: 'mallory@arco-review.invalid',
			recorded: REVIEWER.email,
			fingerprint: mallory.fingerprint,
		});
		t.true(verify.warnings.some((warning) => warning.includes(`signed by mallory@arco-review.invalid, recorded as ${REVIEWER.email}`)));
		const report = await runMain(['report'], root);
		t.regex(report.stdout, new RegExp(`^\\| ${profile.signal} \\| PARTIAL \\| [^|]+ \\| other signer: mallory@arco-review\\.invalid \\|`, 'm'));

		fs.writeFileSync(path.join(root, '.arco-review.json'), `${JSON.stringify({ tracker: profile.tracker, allowed_signers: ALLOWED, require_signed: true })}\n`);
		commitAll(root, 'signatures required');
		const refused = await runBin(['signoff', profile.otherSignal, '--status', 'PARTIAL', '--sign-key', mallory.privateKey], root);
		expectExit(t, refused, 2, 'mallory as rita under require_signed');
		t.regex(refused.stderr, new RegExp(`is signed by mallory@arco-review\\.invalid but recorded as ${REVIEWER.email.replace(/\./g, '\\.')}`));
		t.is(porcelain(root), '');
		const policy = (await checkJson(root)).findings.filter((finding) => finding.code === 'signoff-policy');
		t.like(policy[0], { severity: 'error', subject: profile.signal });
		t.is((await verifyJson(root)).code, 1);
	},
);

auditTest('the record’s own signature.namespace edited (history and tracker together): a BAD signature', {}, async (t, profile) => {
	const keys = keyFolder(t);
	const rita = makeKey(keys, 'rita');
	const root = signingRepo(t, profile, { allowed: [allowedLine(REVIEWER.email, rita)] });
	expectExit(t, await runBin(['signoff', profile.signal, '--status', 'GO', '--sign-key', rita.privateKey], root), 0, 'signoff');
	const lines = historyLines(root, profile);
	const entry = JSON.parse(lines.at(-1)!) as { record: { signature: { namespace: string } } };
	entry.record.signature.namespace = 'git';
	const forged = canonicalJson(entry);
	write(root, profile.history, `${[...lines.slice(0, -1), forged].join('\n')}\n`);
	const value = tracker(root, profile);
	const signal = value.signals.find((item) => item.id === profile.signal)!;
	signal.signoff!.signature!.namespace = 'git';
	signal.signoff!.history_sha256 = createHash('sha256').update(forged).digest('hex');
	write(root, profile.tracker, `${JSON.stringify(value, null, 2)}\n`);
	const verify = await verifyJson(root);
	t.is(verify.code, 1);
	t.like(verify.signoffs.at(-1)?.signature, { state: 'bad', detail: 'the record names namespace "git", not arco-review-signoff' });
});
