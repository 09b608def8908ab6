/**
 * What a sign-off records, and when it refuses: a gate GO with open signals, uncommitted changes outside the
 * audit's files, no reviewer, no git. A refused sign-off writes nothing; the same verdict twice changes nothing.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
	auditFiles,
	auditTest,
	expectExit,
	git,
	history,
	historyLines,
	makeRepo,
	REVIEWER,
	read,
	readBytes,
	runBin,
	runMain,
	signalOf,
	TEMP_BASE,
	tracker,
	write,
	writeLeftovers,
} from './helpers/audit-repo.js';
import { ledgerStatus } from './helpers/ledger.js';

function sha256(root: string, file: string): string {
	return createHash('sha256')
		.update(fs.readFileSync(path.join(root, file)))
		.digest('hex');
}

function oneLine(text: string): boolean {
	return text.endsWith('\n') && text.trimEnd().split('\n').length === 1;
}

auditTest('the record: status, reviewer from git config, UTC signed_at, 40-hex HEAD, dirty, note, evidence digests; history line', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	const head = git(root, ['rev-parse', 'HEAD']);
	const before = Date.now();
	const result = await runBin(['signoff', profile.signal, '--status', 'GO', '--note', 'evidence reviewed', '--json'], root);
	expectExit(t, result, 0, 'signoff --json');
	const after = Date.now();
	const printed = JSON.parse(result.stdout) as { subject: string; changed: boolean; previous_status: string; signoff: unknown };
	t.is(printed.subject, profile.signal);
	t.true(printed.changed);
	t.is(printed.previous_status, profile.signalStatus);

	const signal = signalOf(root, profile, profile.signal);
	t.is(signal.status, 'GO');
	const record = signal.signoff!;
	t.deepEqual(Object.keys(record).sort(), ['dirty', 'evidence', 'head', 'history_sha256', 'note', 'reviewer', 'signed_at', 'status']);
	t.is(record.status, 'GO');
	t.deepEqual(record.reviewer, REVIEWER);
	t.regex(record.signed_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
	const signedAt = Date.parse(record.signed_at);
	t.true(signedAt >= Math.floor(before / 1000) * 1000 && signedAt <= after, `signed_at ${record.signed_at} is not now`);
	t.regex(record.head, /^[0-9a-f]{40}$/);
	t.is(record.head, head);
	t.false(record.dirty);
	t.is(record.note, 'evidence reviewed');
	const evidence = record.evidence.find((item) => item.path === profile.signalEvidence);
	t.truthy(evidence, `${profile.signalEvidence} not among the evidence: ${record.evidence.map((item) => item.path).join(', ')}`);
	for (const item of record.evidence) t.is(item.sha256, sha256(root, item.path), item.path);
	t.deepEqual(printed.signoff, record);

	// History format 2: canonical JSON with a version; the tracker's copy carries the line's sha256.
	const lines = history(root, profile);
	t.is(lines.length, 1);
	const { history_sha256: anchor, ...recorded } = record;
	t.deepEqual(lines[0], { v: 2, subject: profile.signal, kind: 'signal', previous_status: profile.signalStatus, record: recorded, prev_sha256: null });
	t.is(anchor, createHash('sha256').update(historyLines(root, profile)[0]!).digest('hex'));
	t.is(ledgerStatus(read(root, profile.ledger), profile.signal), 'GO');
	t.deepEqual(writeLeftovers(root, path.posix.dirname(profile.tracker)), []);
});

auditTest('untrusted text: a note and a reviewer name with control characters are stored as given, printed sanitized', {}, async (t, profile) => {
	const name = 'Mallory \u001b]0;owned\u0007\u001b[2J\u202eRev';
	const root = makeRepo(t, profile, { reviewer: { name, email: REVIEWER.email } });
	const note = 'first line\nsecond \u001b[31mred\u001b[0m \u202etxt';
	const result = await runBin(['signoff', profile.signal, '--status', 'GO', '--note', note], root);
	expectExit(t, result, 0, 'signoff');
	t.true(result.stdout.includes('Mallory'), result.stdout);
	t.false(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(result.stdout + result.stderr), JSON.stringify(result.stdout));
	const record = signalOf(root, profile, profile.signal).signoff!;
	t.is(record.note, note);
	t.is(record.reviewer.name, name);
	const lines = history(root, profile);
	t.is(lines.length, 1);
	t.is(lines[0]!.record.note, note);
	expectExit(t, await runBin(['verify'], root), 0, 'verify');
});

auditTest('an unknown status is refused (exit 2), nothing written', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	const before = auditFiles(root, profile);
	const result = await runBin(['signoff', profile.signal, '--status', 'MAYBE'], root);
	expectExit(t, result, 2, 'signoff --status MAYBE');
	t.true(oneLine(result.stderr), result.stderr);
	t.regex(result.stderr, /MAYBE/);
	t.deepEqual(auditFiles(root, profile), before);
});

auditTest('gate GO is refused while its signals are open (exit 2, named, nothing written); allowed once each is signed GO', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	const before = auditFiles(root, profile);
	const gate = tracker(root, profile).gates.find((item) => item.id === profile.openGate)!;
	const required = gate['required_signal_ids'] as string[];
	const goSignals = required.filter((id) => !profile.openGateSignals.includes(id));

	const refused = await runBin(['signoff', String(profile.openGate), '--status', 'GO', '--note', 'too early'], root);
	expectExit(t, refused, 2, 'gate GO with open signals');
	t.true(oneLine(refused.stderr), refused.stderr);
	for (const id of profile.openGateSignals) t.true(refused.stderr.includes(id), `${id} not named: ${refused.stderr}`);
	for (const id of goSignals) t.false(refused.stderr.includes(id), `${id} is GO but named: ${refused.stderr}`);
	t.deepEqual(auditFiles(root, profile), before, 'tracker, ledger or history changed');
	t.is(readBytes(root, profile.history), null, 'a history file was created');

	// Still refused with only some of them GO.
	expectExit(t, await runMain(['signoff', profile.openGateSignals[0]!, '--status', 'GO', '--note', 'closed'], root), 0, 'first signal');
	const partly = await runBin(['signoff', String(profile.openGate), '--status', 'GO'], root);
	expectExit(t, partly, 2, 'gate GO with one open signal left');
	t.false(partly.stderr.includes(profile.openGateSignals[0]!), partly.stderr);
	for (const id of profile.openGateSignals.slice(1)) t.true(partly.stderr.includes(id), partly.stderr);

	for (const id of profile.openGateSignals.slice(1))
		expectExit(t, await runMain(['signoff', id, '--status', 'GO', '--note', 'closed'], root), 0, `signoff ${id}`);
	const allowed = await runBin(['signoff', String(profile.openGate), '--status', 'GO', '--note', 'all closed'], root);
	expectExit(t, allowed, 0, 'gate GO with every signal GO');
	const signed = tracker(root, profile).gates.find((item) => item.id === profile.openGate)!;
	t.is(signed.status, 'GO');
	t.is(signed.signoff?.status, 'GO');
	t.is(signed.signoff?.note, 'all closed');
	const lines = history(root, profile);
	t.is(lines.length, profile.openGateSignals.length + 1);
	t.like(lines.at(-1), { subject: `gate ${profile.openGate}`, kind: 'gate', previous_status: gate.status });
	expectExit(t, await runBin(['verify'], root), 0, 'verify');
});

auditTest('gate GO refused when a signal signed GO is later signed back to NO-GO (the tracker on disk decides)', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	for (const id of profile.openGateSignals) expectExit(t, await runMain(['signoff', id, '--status', 'GO'], root), 0, `signoff ${id}`);
	expectExit(t, await runMain(['signoff', profile.openGateSignals[0]!, '--status', 'NO-GO', '--note', 'regressed'], root), 0, 'reopen');
	const before = auditFiles(root, profile);
	const result = await runBin(['signoff', String(profile.openGate), '--status', 'GO'], root);
	expectExit(t, result, 2, 'gate GO');
	t.true(result.stderr.includes(profile.openGateSignals[0]!), result.stderr);
	t.deepEqual(auditFiles(root, profile), before);
});

auditTest('an untracked file outside the audit is refused as dirty (exit 2, named, nothing written)', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	write(root, 'scratch/todo.txt', 'not committed\n');
	const before = auditFiles(root, profile);
	const result = await runBin(['signoff', profile.signal, '--status', 'GO'], root);
	expectExit(t, result, 2, 'signoff with an untracked file');
	t.true(oneLine(result.stderr), result.stderr);
	t.true(result.stderr.includes('scratch/todo.txt'), result.stderr);
	t.regex(result.stderr, /--allow-dirty/);
	t.deepEqual(auditFiles(root, profile), before);
	t.is(readBytes(root, profile.history), null);
});

auditTest('a modified tracked file outside the audit is refused as dirty', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	fs.appendFileSync(path.join(root, profile.outsideTrackedFile), '\nedited\n');
	const before = auditFiles(root, profile);
	const result = await runBin(['signoff', profile.signal, '--status', 'GO'], root);
	expectExit(t, result, 2, 'signoff with a modified file');
	t.true(result.stderr.includes(profile.outsideTrackedFile), result.stderr);
	t.deepEqual(auditFiles(root, profile), before);
});

auditTest('--allow-dirty signs anyway and records dirty: true (tracker and history)', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	write(root, 'scratch/todo.txt', 'not committed\n');
	const result = await runBin(['signoff', profile.signal, '--status', 'GO', '--allow-dirty', '--note', 'dirty on purpose'], root);
	expectExit(t, result, 0, 'signoff --allow-dirty');
	const record = signalOf(root, profile, profile.signal).signoff!;
	t.true(record.dirty);
	t.is(record.note, 'dirty on purpose');
	t.true(history(root, profile)[0]!.record.dirty);
	expectExit(t, await runBin(['verify'], root), 0, 'verify');
});

auditTest("changes inside the evidence root and to the audit's own files are not dirty", {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	// A previous sign-off leaves tracker and ledger modified and the history untracked.
	expectExit(t, await runMain(['signoff', profile.otherSignal, '--status', 'PARTIAL', '--note', 'earlier'], root), 0, 'earlier signoff');
	fs.appendFileSync(path.join(root, profile.signalEvidence), 'one more line of evidence\n');
	write(root, `${profile.evidenceRoot}/new-run/command-status.log`, 'fresh log\n');
	write(root, profile.ledger, read(root, profile.ledger).replace(/\n$/, '\nA note added by hand below the table.\n'));
	const status = git(root, ['status', '--porcelain', '--untracked-files=all']);
	t.true(status.split('\n').length >= 5, `expected several changes, git status: ${status}`);

	const result = await runBin(['signoff', profile.signal, '--status', 'GO', '--note', 'clean enough'], root);
	expectExit(t, result, 0, 'signoff');
	t.false(signalOf(root, profile, profile.signal).signoff!.dirty);
	t.true(read(root, profile.ledger).includes('A note added by hand below the table.\n'), 'the hand edit to the ledger was lost');
});

auditTest('same status and note twice: the second exits 0 and changes nothing (bytes, mtime, one history line)', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	expectExit(t, await runBin(['signoff', profile.signal, '--status', 'GO', '--note', 'twice'], root), 0, 'first');
	const before = auditFiles(root, profile);
	const mtimes = [profile.tracker, profile.ledger, profile.history].map((file) => fs.statSync(path.join(root, file)).mtimeMs);
	const second = await runBin(['signoff', profile.signal, '--status', 'GO', '--note', 'twice', '--json'], root);
	expectExit(t, second, 0, 'second');
	t.false((JSON.parse(second.stdout) as { changed: boolean }).changed);
	t.deepEqual(auditFiles(root, profile), before);
	t.deepEqual(
		[profile.tracker, profile.ledger, profile.history].map((file) => fs.statSync(path.join(root, file)).mtimeMs),
		mtimes,
	);
	t.is(history(root, profile).length, 1);

	// A different note is a new verdict: recorded, so the check above can tell the two apart.
	expectExit(t, await runMain(['signoff', profile.signal, '--status', 'GO', '--note', 'thrice'], root), 0, 'different note');
	t.is(history(root, profile).length, 2);
	t.is(signalOf(root, profile, profile.signal).signoff!.note, 'thrice');
});

// Regression: the audit's own files (here the ledger, which G0-001 names as its evidence artifact) are not
// digested; the first sign-off rewrites the ledger, and the second must still change nothing.
auditTest('same status and note twice on a signal whose evidence is the ledger: the second changes nothing', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	expectExit(t, await runMain(['signoff', profile.ledgerEvidenceSignal, '--status', 'NO-GO', '--note', 'twice'], root), 0, 'first');
	const before = auditFiles(root, profile);
	const second = await runMain(['signoff', profile.ledgerEvidenceSignal, '--status', 'NO-GO', '--note', 'twice', '--json'], root);
	expectExit(t, second, 0, 'second');
	t.deepEqual(auditFiles(root, profile), before);
	t.is(history(root, profile).length, 1);
});

/** No global or system git config: only what the repository itself says. */
function isolatedGitEnv(home: string): Record<string, string> {
	return { HOME: home, XDG_CONFIG_HOME: home, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
}

auditTest('no reviewer (no user.name / user.email in git config): exit 2 with one clear line, nothing written', {}, async (t, profile) => {
	const home = fs.mkdtempSync(path.join(TEMP_BASE, 'arco-home-'));
	t.teardown(() => fs.rmSync(home, { recursive: true, force: true }));
	for (const reviewer of [false as const, { name: 'Only A Name' }, { email: 'only@arco-review.invalid' }]) {
		const root = makeRepo(t, profile, { reviewer });
		const before = auditFiles(root, profile);
		const result = await runBin(['signoff', profile.signal, '--status', 'GO'], root, isolatedGitEnv(home));
		const what = `reviewer ${JSON.stringify(reviewer)}`;
		expectExit(t, result, 2, what);
		t.true(oneLine(result.stderr), `${what}: ${result.stderr}`);
		t.regex(result.stderr, /user\.name/, what);
		t.regex(result.stderr, /user\.email/, what);
		t.deepEqual(auditFiles(root, profile), before, what);
		t.deepEqual(writeLeftovers(root, path.posix.dirname(profile.tracker)), [], what);
	}
});

auditTest('outside a git repository: refused (exit 2, one line naming git), nothing written', {}, async (t, profile) => {
	const root = makeRepo(t, profile, { git: false });
	t.false(fs.existsSync(path.join(root, '.git')));
	const before = auditFiles(root, profile);
	const withTracker = await runBin(['signoff', profile.signal, '--status', 'GO', '--tracker', profile.tracker], root);
	expectExit(t, withTracker, 2, 'signoff --tracker outside git');
	t.true(oneLine(withTracker.stderr), withTracker.stderr);
	t.regex(withTracker.stderr, /git/);
	const discovered = await runBin(['signoff', profile.signal, '--status', 'GO'], root);
	expectExit(t, discovered, 2, 'signoff outside git');
	t.regex(discovered.stderr, /git/);
	t.deepEqual(auditFiles(root, profile), before);
	t.deepEqual(writeLeftovers(root, path.posix.dirname(profile.tracker)), []);
});

auditTest('a repository without a commit: refused, nothing written', {}, async (t, profile) => {
	const root = makeRepo(t, profile, { git: false });
	git(root, ['init', '-q', '-b', 'main']);
	git(root, ['config', 'user.name', REVIEWER.name]);
	git(root, ['config', 'user.email', REVIEWER.email]);
	git(root, ['add', '-A']);
	const before = auditFiles(root, profile);
	const result = await runBin(['signoff', profile.signal, '--status', 'GO', '--tracker', profile.tracker], root);
	expectExit(t, result, 2, 'signoff before the first commit');
	t.true(oneLine(result.stderr), result.stderr);
	t.deepEqual(auditFiles(root, profile), before);
});
