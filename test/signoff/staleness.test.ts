/**
 * stale-signoff: a sign-off goes stale when a file it rests on changed since its HEAD (committed) or no longer
 * matches its digest (uncommitted); the audit's own files never make it stale; signing again clears it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ExecutionContext } from 'ava';
import { auditTest, commitAll, expectExit, git, makeRepo, read, replaceOnce, runBin, runMain, write } from './helpers/audit-repo.js';

interface Finding {
	severity: string;
	code: string;
	subject: string;
	message: string;
}

async function check(t: ExecutionContext, root: string): Promise<{ errors: number; stale: Finding[] }> {
	const result = await runMain(['check', '--json'], root);
	t.true(result.code === 0 || result.code === 1, `check --json exited ${result.code}: ${result.stderr}`);
	const parsed = JSON.parse(result.stdout) as { errors: number; findings: Finding[] };
	return { errors: parsed.errors, stale: parsed.findings.filter((finding) => finding.code === 'stale-signoff') };
}

function appendTo(root: string, file: string, text: string): void {
	fs.appendFileSync(path.join(root, file), text);
}

auditTest(
	'signal: fresh after commit; stale on an uncommitted or committed evidence change; not on audit files; cleared by signing again',
	{},
	async (t, profile) => {
		const root = makeRepo(t, profile);
		expectExit(t, await runMain(['signoff', profile.signal, '--status', 'GO', '--note', 'first look'], root), 0, 'signoff');
		commitAll(root, 'sign-off');
		const fresh = await check(t, root);
		t.deepEqual(fresh.stale, [], 'stale right after signing');

		// Committed changes to the tracker and the ledger only: never stale.
		write(
			root,
			profile.tracker,
			replaceOnce(read(root, profile.tracker), `"id": "${profile.otherSignal}",`, `"id": "${profile.otherSignal}",\n      "x_reviewed": true,`),
		);
		write(root, profile.ledger, `${read(root, profile.ledger)}\nRevised by hand.\n`);
		commitAll(root, 'audit files only');
		t.deepEqual((await check(t, root)).stale, [], "the audit's own files made it stale");

		// Uncommitted edit of an evidence file: its digest no longer matches.
		const pristine = read(root, profile.signalEvidence);
		appendTo(root, profile.signalEvidence, 'edited after the sign-off\n');
		const digest = await check(t, root);
		t.is(digest.stale.length, 1, JSON.stringify(digest.stale));
		t.like(digest.stale[0], { severity: 'error', subject: profile.signal });
		t.true(digest.stale[0]!.message.includes(profile.signalEvidence), digest.stale[0]!.message);
		t.is(digest.errors, fresh.errors + 1);
		write(root, profile.signalEvidence, pristine);
		t.deepEqual((await check(t, root)).stale, [], 'still stale with the evidence restored');

		// Committed change: stale from the history of HEAD, and `check` fails naming it.
		appendTo(root, profile.signalEvidence, 'a later run\n');
		commitAll(root, 'evidence changed');
		const committed = await check(t, root);
		t.is(committed.stale.length, 1, JSON.stringify(committed.stale));
		t.like(committed.stale[0], { severity: 'error', subject: profile.signal });
		t.true(committed.stale[0]!.message.includes(profile.signalEvidence), committed.stale[0]!.message);
		const text = await runBin(['check'], root);
		// The fixture's definition of done is not met, so `check` fails anyway; the stale line must be among the reasons.
		expectExit(t, text, 1, 'check');
		t.true(
			text.stdout.split('\n').some((line) => /^error\s+stale-signoff\s/.test(line) && line.includes(profile.signal) && line.includes(profile.signalEvidence)),
			text.stdout,
		);

		expectExit(t, await runMain(['signoff', profile.signal, '--status', 'GO', '--note', 'first look'], root), 0, 'sign again');
		const cleared = await check(t, root);
		t.deepEqual(cleared.stale, [], 'signing again did not clear it');
		t.is(cleared.errors, fresh.errors);
	},
);

auditTest('a new file committed into an evidence folder makes the sign-off stale (no digest of it exists)', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	const { id, folder } = profile.folderSignal;
	expectExit(t, await runMain(['signoff', id, '--status', 'PARTIAL', '--note', 'folder'], root), 0, 'signoff');
	const record = (JSON.parse(read(root, profile.tracker)) as { signals: Array<{ id: string; signoff?: { evidence: Array<{ path: string }> } }> }).signals.find(
		(signal) => signal.id === id,
	)!.signoff!;
	t.true(
		record.evidence.some((item) => item.path.startsWith(`${folder}/`)),
		JSON.stringify(record.evidence),
	);
	commitAll(root, 'sign-off');
	write(root, `${folder}/later-proof.log`, 'added after the sign-off\n');
	commitAll(root, 'new evidence file');
	const { stale } = await check(t, root);
	t.is(stale.length, 1, JSON.stringify(stale));
	t.like(stale[0], { severity: 'error', subject: id });
	t.true(stale[0]!.message.includes(`${folder}/later-proof.log`), stale[0]!.message);
});

auditTest('a signal whose evidence artifact is the ledger is not made stale by ledger changes, committed or not', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	expectExit(t, await runMain(['signoff', profile.ledgerEvidenceSignal, '--status', 'GO', '--note', 'ledger is the evidence'], root), 0, 'signoff');
	commitAll(root, 'sign-off');
	write(root, profile.ledger, `${read(root, profile.ledger)}\nLedger revised.\n`);
	t.deepEqual((await check(t, root)).stale, [], 'stale from an uncommitted ledger edit');
	commitAll(root, 'ledger revised');
	t.deepEqual((await check(t, root)).stale, [], 'stale from a committed ledger edit');
	// ...while a file it does not rest on but the audit does not own is no reason either.
	appendTo(root, profile.outsideTrackedFile, '\nunrelated\n');
	commitAll(root, 'unrelated');
	t.deepEqual((await check(t, root)).stale, []);
});

auditTest('gate: stale when a file one of its signals rests on changes (committed), naming the gate and the file', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	const { gate, file } = profile.gateViaSignal;
	expectExit(t, await runMain(['signoff', String(gate), '--status', 'PARTIAL', '--note', 'gate review'], root), 0, 'signoff gate');
	commitAll(root, 'sign-off');
	t.deepEqual((await check(t, root)).stale, []);
	appendTo(root, file, '\nchanged after the gate was signed\n');
	commitAll(root, 'signal evidence changed');
	const { stale } = await check(t, root);
	t.is(stale.length, 1, JSON.stringify(stale));
	t.like(stale[0], { severity: 'error', subject: `gate ${gate}` });
	t.true(stale[0]!.message.includes(file), stale[0]!.message);
	t.is(git(root, ['status', '--porcelain']), '');
});
