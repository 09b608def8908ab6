/**
 * Signed sign-offs (issue 12): made with ssh-keygen when git is set to sign with SSH (or --sign-key),
 * checked by `verify` and `check` against an allowed-signers file in git's format, and the policy of
 * `.arco-review.json` (require_signed, gate_signers) refusing what `check` would fail on. Real keys, real
 * ssh-keygen, real ssh-agent.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadAudit } from '../../source/model/load-audit.js';
import { signalKey } from '../../source/model/subject.js';
import { checkModelSignatures } from '../../source/signing/model-signatures.js';
import { canonicalJson } from '../../source/signoff/canonical-json.js';
import { previewSignoff, recordSignoff } from '../../source/signoff/record-signoff.js';
import {
	auditTest,
	expectExit,
	git,
	historyLines,
	makeRepo,
	type Profile,
	REVIEWER,
	runBin,
	runMain,
	signalOf,
	tracker,
	write,
} from '../signoff/helpers/audit-repo.js';
import { allowedLine, keyFolder, makeKey, startAgent } from './helpers/keys.js';
import { ALLOWED, fakeSshKeygen, porcelain, realSshKeygen, signingRepo, useGitKey, verifyJson } from './helpers/signing-repo.js';

auditTest(
	'signed with git’s user.signingKey (a private key file): verify names the principal; the record carries signature and fingerprint',
	{},
	async (t, profile) => {
		const keys = keyFolder(t);
		const rita = makeKey(keys, 'rita');
		const root = signingRepo(t, profile, { allowed: [allowedLine(REVIEWER.email, rita, 'namespaces="arco-review-signoff"')] });
		useGitKey(root, rita.privateKey);
		const signed = await runBin(['signoff', profile.signal, '--status', 'GO', '--note', 'signed'], root);
		expectExit(t, signed, 0, 'signoff');
		t.regex(signed.stdout, new RegExp(`signed with ${rita.fingerprint.replace(/[+/]/g, '\\$&')}`));
		const record = signalOf(root, profile, profile.signal).signoff!;
		t.like(record.signature, { format: 'ssh', namespace: 'arco-review-signoff', fingerprint: rita.fingerprint });
		t.regex(record.signature?.value ?? '', /^-----BEGIN SSH SIGNATURE-----\n[\s\S]+\n-----END SSH SIGNATURE-----$/);

		const verify = await verifyJson(root);
		t.is(verify.code, 0, verify.problems.join('\n'));
		t.deepEqual(verify.signoffs.at(-1)?.signature, { state: 'good', principal: REVIEWER.email, fingerprint: rita.fingerprint });
		const text = await runBin(['verify'], root);
		t.regex(text.stdout, new RegExp(`${profile.signal} .*: good signature by ${REVIEWER.email}`));
		const checks = await checkModelSignatures(await loadAudit({ cwd: root, env: {} }));
		t.deepEqual(checks.get(profile.signal), { state: 'good', principal: REVIEWER.email, fingerprint: rita.fingerprint });
		const report = await runMain(['report'], root);
		t.regex(report.stdout, new RegExp(`^\\| ${profile.signal} \\| GO \\| [^|]+ \\| good: ${REVIEWER.email.replace(/\./g, '\\.')} \\|`, 'm'));
	},
);

auditTest('--sign-key signs without any git config; the preview says who signs and with which key', {}, async (t, profile) => {
	const keys = keyFolder(t);
	const rita = makeKey(keys, 'rita');
	const root = signingRepo(t, profile, { allowed: [allowedLine(REVIEWER.email, rita)] });
	const model = await loadAudit({ cwd: root, env: {} });
	const unsigned = await previewSignoff(model, signalKey(profile.signal));
	t.is(unsigned.signingLabel, 'unsigned');
	t.is(unsigned.signingKey, null);
	t.deepEqual(unsigned.reviewer, REVIEWER);
	t.is(unsigned.reviewerSource, 'git config');
	const withKey = await previewSignoff(model, signalKey(profile.signal), {
		signer: { signKey: rita.privateKey, env: { ARCO_REVIEWER: 'Pat Pair <pat@pair.invalid>' } },
	});
	t.is(withKey.signingKey?.fingerprint, rita.fingerprint);
	t.true(withKey.signingLabel.startsWith(`${rita.fingerprint} (${rita.privateKey}, --sign-key)`), withKey.signingLabel);
	t.deepEqual(withKey.reviewer, { name: 'Pat Pair', email: 'pat@pair.invalid' });
	t.is(withKey.reviewerSource, 'ARCO_REVIEWER');

	expectExit(t, await runBin(['signoff', profile.signal, '--status', 'PARTIAL', '--sign-key', rita.privateKey], root), 0, 'signoff --sign-key');
	t.is(signalOf(root, profile, profile.signal).signoff?.signature?.fingerprint, rita.fingerprint);
	t.is((await verifyJson(root)).signoffs.at(-1)?.signature.state, 'good');
});

auditTest('a public key whose private half is only in ssh-agent signs (file and key:: forms); without the agent it is refused', {}, async (t, profile) => {
	const keys = keyFolder(t);
	const rita = makeKey(keys, 'rita');
	const root = signingRepo(t, profile, { allowed: [allowedLine(REVIEWER.email, rita)] });
	const agent = startAgent(t, [rita]);
	// Only the agent can sign now.
	fs.rmSync(rita.privateKey);
	useGitKey(root, rita.publicKey);
	expectExit(t, await runBin(['signoff', profile.signal, '--status', 'PARTIAL', '--note', 'agent'], root, agent), 0, 'signoff through the agent');
	git(root, ['config', 'user.signingKey', `key::${rita.publicText}`]);
	expectExit(t, await runBin(['signoff', profile.signal, '--status', 'GO', '--note', 'literal'], root, agent), 0, 'signoff with key::');
	const verify = await verifyJson(root);
	t.deepEqual(
		verify.signoffs.map((line) => line.signature.state),
		['good', 'good'],
	);

	git(root, ['config', 'user.signingKey', rita.publicKey]);
	git(root, ['add', '-A']);
	git(root, ['commit', '-q', '-m', 'signed']);
	const refused = await runBin(['signoff', profile.signal, '--status', 'NO-GO'], root, { SSH_AUTH_SOCK: path.join(keys, 'no-agent.sock') });
	expectExit(t, refused, 2, 'signoff without the agent');
	t.regex(refused.stderr, /^arco-review: cannot sign with .*rita\.pub \(user\.signingKey\): .*nothing written\n$/);
	t.is(porcelain(root), '');
});

auditTest('a key that cannot sign (missing file, passphrase without agent): one line, nothing written', {}, async (t, profile) => {
	const keys = keyFolder(t);
	const locked = makeKey(keys, 'locked', 'correct horse');
	const root = makeRepo(t, profile);
	const missing = await runBin(['signoff', profile.signal, '--status', 'GO', '--sign-key', path.join(keys, 'nope')], root);
	expectExit(t, missing, 2, 'missing key');
	t.regex(missing.stderr, /^arco-review: signing key .*nope \(--sign-key\) does not exist; nothing written\n$/);
	t.is(porcelain(root), '');
	useGitKey(root, locked.privateKey);
	const passphrase = await runBin(['signoff', profile.signal, '--status', 'GO'], root, { SSH_AUTH_SOCK: path.join(keys, 'no-agent.sock') });
	expectExit(t, passphrase, 2, 'key with a passphrase');
	t.regex(passphrase.stderr, /^arco-review: cannot sign with .*locked \(user\.signingKey\): .*passphrase.*ssh-agent.*nothing written\n$/);
	t.is(porcelain(root), '');
});

auditTest('a record edited after signing (history and tracker edited consistently): verify reports a bad signature and fails', {}, async (t, profile) => {
	const keys = keyFolder(t);
	const rita = makeKey(keys, 'rita');
	const root = signingRepo(t, profile, { allowed: [allowedLine(REVIEWER.email, rita)] });
	useGitKey(root, rita.privateKey);
	expectExit(t, await runBin(['signoff', profile.signal, '--status', 'GO', '--note', 'as signed'], root), 0, 'signoff');
	// What a careful forger does: a canonical line with the new note, and the tracker anchored to it.
	const lines = historyLines(root, profile);
	const entry = JSON.parse(lines.at(-1)!) as { record: { note: string } };
	entry.record.note = 'as forged';
	const forged = canonicalJson(entry);
	write(root, profile.history, `${[...lines.slice(0, -1), forged].join('\n')}\n`);
	const trackerValue = tracker(root, profile);
	const signal = trackerValue.signals.find((item) => item.id === profile.signal)!;
	signal.signoff!.note = 'as forged';
	signal.signoff!.history_sha256 = (await import('node:crypto')).createHash('sha256').update(forged).digest('hex');
	write(root, profile.tracker, `${JSON.stringify(trackerValue, null, 2)}\n`);

	const verify = await verifyJson(root);
	t.is(verify.code, 1);
	t.is(verify.signoffs.at(-1)?.signature.state, 'bad');
	t.deepEqual(verify.problems.length, 1, verify.problems.join('\n'));
	t.regex(verify.problems[0] ?? '', new RegExp(`${profile.signal}: BAD signature \\(the record does not match its signature`));
	const check = JSON.parse((await runMain(['check', '--json'], root)).stdout) as { findings: Array<{ code: string; severity: string; subject: string }> };
	t.true(check.findings.some((finding) => finding.code === 'signoff-signature-bad' && finding.severity === 'error' && finding.subject === profile.signal));
	const report = await runMain(['report'], root);
	t.regex(report.stdout, new RegExp(`^\\| ${profile.signal} \\| GO \\| [^|]+ \\| BAD \\|`, 'm'));
});

auditTest(
	'a key outside the allowed signers, a namespace the file does not allow, no allowed signers at all: warnings, not failures',
	{},
	async (t, profile) => {
		const keys = keyFolder(t);
		const rita = makeKey(keys, 'rita');
		const bob = makeKey(keys, 'bob');
		const root = signingRepo(t, profile, { allowed: [allowedLine(REVIEWER.email, rita), allowedLine('bob@arco-review.invalid', bob, 'namespaces="git"')] });
		const mallory = makeKey(keys, 'mallory');
		expectExit(t, await runBin(['signoff', profile.signal, '--status', 'PARTIAL', '--sign-key', mallory.privateKey], root), 0, 'mallory');
		expectExit(t, await runBin(['signoff', profile.otherSignal, '--status', 'PARTIAL', '--sign-key', bob.privateKey], root), 0, 'bob');
		const verify = await verifyJson(root);
		t.is(verify.code, 0, verify.problems.join('\n'));
		t.like(verify.signoffs[0]?.signature, { state: 'unknown-key', fingerprint: mallory.fingerprint });
		t.like(verify.signoffs[1]?.signature, { state: 'unknown-key', fingerprint: bob.fingerprint });
		t.regex(verify.signoffs[1]?.signature.detail ?? '', /namespace/);
		t.is(verify.warnings.length, 2);
		const text = await runBin(['verify'], root);
		t.regex(text.stdout, /signed by a key not in the allowed signers/);
		const check = JSON.parse((await runMain(['check', '--json'], root)).stdout) as { findings: Array<{ code: string; severity: string; subject: string }> };
		t.deepEqual(
			check.findings.filter((finding) => finding.code === 'signoff-signer-unverified').map((finding) => [finding.subject, finding.severity]),
			[
				[profile.signal, 'warning'],
				[profile.otherSignal, 'warning'],
			],
		);
		fs.rmSync(path.join(root, ALLOWED));
		fs.writeFileSync(path.join(root, '.arco-review.json'), `${JSON.stringify({ tracker: profile.tracker })}\n`);
		const none = await verifyJson(root);
		t.is(none.code, 0);
		t.like(none.signoffs[0]?.signature, { state: 'unknown-key', detail: 'no allowed signers file is configured' });
	},
);

auditTest('valid-before and valid-after are judged at the sign-off’s signed_at (ssh-keygen -Overify-time)', {}, async (t, profile) => {
	const keys = keyFolder(t);
	const expired = makeKey(keys, 'expired');
	const past = makeKey(keys, 'past');
	const root = signingRepo(t, profile, {
		allowed: [
			allowedLine(REVIEWER.email, expired, 'valid-before="20200101"'),
			allowedLine('past@arco-review.invalid', past, 'valid-after="20240101",valid-before="20250101"'),
		],
	});
	expectExit(t, await runBin(['signoff', profile.signal, '--status', 'PARTIAL', '--sign-key', expired.privateKey], root), 0, 'expired key');
	// Signed on 2024-06-01 (as the record says) at a commit made on 2024-05-01, with a key valid only during 2024: good today as then.
	execFileSync('git', ['-c', 'commit.gpgsign=false', 'commit', '-q', '--allow-empty', '--no-verify', '-m', 'in 2024'], {
		cwd: root,
		env: { ...process.env, GIT_COMMITTER_DATE: '2024-05-01T00:00:00Z', GIT_AUTHOR_DATE: '2024-05-01T00:00:00Z' },
	});
	const model = await loadAudit({ cwd: root, env: {} });
	await recordSignoff({
		model,
		subject: signalKey(profile.otherSignal),
		status: 'PARTIAL',
		note: 'signed in 2024',
		allowDirty: true,
		signer: { signKey: past.privateKey, reviewer: 'Pat Past <past@arco-review.invalid>' },
		now: () => new Date('2024-06-01T12:00:00Z'),
	});
	const verify = await verifyJson(root);
	t.is(verify.code, 0, verify.problems.join('\n'));
	t.like(verify.signoffs[0]?.signature, { state: 'not-valid-at-signing-time', fingerprint: expired.fingerprint });
	t.regex(verify.signoffs[0]?.signature.detail ?? '', /the key is in allowed_signers .*but its valid-after or valid-before excludes signed_at/);
	t.like(verify.signoffs[1]?.signature, { state: 'good', principal: 'past@arco-review.invalid' });

	// Told by what the file lists, not by ssh-keygen's wording: with every word of its stderr gone, the same verdicts.
	const mute = fakeSshKeygen(keys, `exec '${realSshKeygen()}' "$@" 2>/dev/null`);
	const muted = await verifyJson(root, { PATH: `${mute}:${process.env['PATH'] ?? ''}` });
	t.deepEqual(
		muted.signoffs.map((line) => line.signature),
		verify.signoffs.map((line) => line.signature),
	);
});

auditTest(
	'require_signed: an unsigned sign-off is refused with nothing written; "GO" asks it of GO verdicts only; check fails on one signed before',
	{},
	async (t, profile) => {
		const keys = keyFolder(t);
		const rita = makeKey(keys, 'rita');
		const stranger = makeKey(keys, 'stranger');
		const root = signingRepo(t, profile, { allowed: [allowedLine(REVIEWER.email, rita)], requireSigned: true });
		const refused = await runBin(['signoff', profile.signal, '--status', 'PARTIAL'], root);
		expectExit(t, refused, 2, 'unsigned under require_signed');
		t.regex(
			refused.stderr,
			new RegExp(
				`^arco-review: ${profile.signal} PARTIAL is unsigned, but require_signed in \\.arco-review\\.json asks for a signature; .*nothing written\\n$`,
			),
		);
		t.is(porcelain(root), '');
		const outsider = await runBin(['signoff', profile.signal, '--status', 'PARTIAL', '--sign-key', stranger.privateKey], root);
		expectExit(t, outsider, 2, 'signed by a key outside the allowed signers');
		t.regex(outsider.stderr, /not in the allowed signers/);
		t.is(porcelain(root), '');
		expectExit(t, await runBin(['signoff', profile.signal, '--status', 'PARTIAL', '--sign-key', rita.privateKey], root), 0, 'signed');

		fs.writeFileSync(path.join(root, '.arco-review.json'), `${JSON.stringify({ tracker: profile.tracker, allowed_signers: ALLOWED, require_signed: 'GO' })}\n`);
		git(root, ['add', '-A']);
		git(root, ['commit', '-q', '-m', 'GO only']);
		expectExit(t, await runBin(['signoff', profile.otherSignal, '--status', 'PARTIAL', '--note', 'unsigned is fine'], root), 0, 'unsigned PARTIAL');
		git(root, ['add', '-A']);
		git(root, ['commit', '-q', '-m', 'signed']);
		const go = await runBin(['signoff', profile.otherSignal, '--status', 'GO'], root);
		expectExit(t, go, 2, 'unsigned GO');
		t.is(porcelain(root), '');

		// The policy made stricter after the fact: check fails on the unsigned sign-off already recorded.
		fs.writeFileSync(path.join(root, '.arco-review.json'), `${JSON.stringify({ tracker: profile.tracker, allowed_signers: ALLOWED, require_signed: true })}\n`);
		const check = await runMain(['check', '--json'], root);
		t.is(check.code, 1);
		const findings = (JSON.parse(check.stdout) as { findings: Array<{ code: string; severity: string; subject: string }> }).findings;
		t.deepEqual(
			findings.filter((finding) => finding.code === 'signoff-policy').map((finding) => [finding.subject, finding.severity]),
			[[profile.otherSignal, 'error']],
		);
		t.is((await verifyJson(root)).code, 1);
	},
);

auditTest('gate_signers: the wrong principal is refused with nothing written; the listed one signs', {}, async (t, profile) => {
	const keys = keyFolder(t);
	const rita = makeKey(keys, 'rita');
	const sre = makeKey(keys, 'sre');
	const gate = gateOf(profile);
	const root = signingRepo(t, profile, {
		allowed: [allowedLine(REVIEWER.email, rita), allowedLine('sre@arco-review.invalid', sre)],
		gateSigners: { [gate]: ['sre@arco-review.invalid'] },
	});
	const wrong = await runBin(['signoff', profile.signal, '--status', 'GO', '--sign-key', rita.privateKey], root);
	expectExit(t, wrong, 2, 'rita signs a gate-bound signal');
	t.regex(
		wrong.stderr,
		new RegExp(`${profile.signal} may be signed only by sre@arco-review\\.invalid \\(gate_signers for gate ${gate} .*it is signed by ${REVIEWER.email}`),
	);
	t.is(porcelain(root), '');
	const unsigned = await runBin(['signoff', profile.signal, '--status', 'GO'], root);
	expectExit(t, unsigned, 2, 'unsigned');
	t.is(porcelain(root), '');
	const right = await runBin(
		['signoff', profile.signal, '--status', 'GO', '--sign-key', sre.privateKey, '--reviewer', 'Sam SRE <sre@arco-review.invalid>'],
		root,
	);
	expectExit(t, right, 0, 'sre signs');
	const verify = await verifyJson(root);
	t.is(verify.code, 0, verify.problems.join('\n'));
	t.like(verify.signoffs.at(-1)?.signature, { state: 'good', principal: 'sre@arco-review.invalid' });
	// Another gate's signal is not bound by gate N's list.
	expectExit(t, await runBin(['signoff', profile.otherSignal, '--status', 'PARTIAL', '--sign-key', rita.privateKey], root), 0, 'other gate');
});

/** The one gate that requires the profile's signal. */
function gateOf(profile: Profile): string {
	const value = JSON.parse(fs.readFileSync(path.join(profile.source, profile.tracker), 'utf8')) as {
		gates: Array<{ id: number; required_signal_ids: string[] }>;
	};
	const gates = value.gates.filter((gate) => gate.required_signal_ids.includes(profile.signal));
	if (gates.length !== 1) throw new Error(`${profile.signal} is required by ${gates.length} gates`);
	return String(gates[0]!.id);
}
