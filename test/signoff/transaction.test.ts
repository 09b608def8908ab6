/**
 * A sign-off is one transaction (issue 11): a refusal writes nothing (`git status` stays clean), an
 * interrupted sign-off is named by `verify` and the load's findings and completed by `verify --repair`
 * or the next sign-off; `--expect-status`, the reviewer per terminal and the block options.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ExecutionContext } from 'ava';
import { loadAudit } from '../../source/model/load-audit.js';
import { porcelain } from '../helpers/fixture-repo.js';
import {
	auditFiles,
	auditTest,
	commitAll,
	expectExit,
	history,
	historyLines,
	makeRepo,
	type Profile,
	REVIEWER,
	read,
	runBin,
	runMain,
	signalOf,
	TEMP_BASE,
	tracker,
	write,
	writeLeftovers,
} from './helpers/audit-repo.js';
import { ledgerStatus } from './helpers/ledger.js';

function oneLine(text: string): boolean {
	return text.endsWith('\n') && text.trimEnd().split('\n').length === 1;
}

/** A sign-off refused with exit 2 and one line matching `reason`; afterwards the work tree is exactly as committed. */
async function refusedCleanly(t: ExecutionContext, root: string, args: string[], reason: RegExp, env: Record<string, string> = {}): Promise<void> {
	t.is(porcelain(root), '', 'the test must start from a clean tree');
	const result = await runBin(args, root, env);
	expectExit(t, result, 2, args.join(' '));
	t.true(oneLine(result.stderr), result.stderr);
	t.regex(result.stderr, reason);
	t.is(porcelain(root), '', 'a refused sign-off left changes in the work tree');
}

auditTest('a history that is not valid UTF-8: refused, nothing written (git status clean), verify unchanged', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	fs.writeFileSync(path.join(root, profile.history), Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a]));
	commitAll(root, 'a broken history');
	await refusedCleanly(t, root, ['signoff', profile.signal, '--status', 'GO', '--note', 'x'], /not valid UTF-8/);
});

auditTest('a history that is a symlink out of the repository: refused, nothing written anywhere', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	const outside = fs.mkdtempSync(path.join(TEMP_BASE, 'arco-outside-'));
	t.teardown(() => fs.rmSync(outside, { recursive: true, force: true }));
	fs.writeFileSync(path.join(outside, 'signoffs.jsonl'), '');
	fs.symlinkSync(path.join(outside, 'signoffs.jsonl'), path.join(root, profile.history));
	commitAll(root, 'history linked out');
	await refusedCleanly(t, root, ['signoff', profile.signal, '--status', 'GO'], /outside the repository/);
	t.is(fs.readFileSync(path.join(outside, 'signoffs.jsonl'), 'utf8'), '');
});

auditTest('a ledger that is a symlink out of the repository is neither read nor written through', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	const outside = fs.mkdtempSync(path.join(TEMP_BASE, 'arco-outside-'));
	t.teardown(() => fs.rmSync(outside, { recursive: true, force: true }));
	const ledger = read(root, profile.ledger);
	fs.writeFileSync(path.join(outside, 'ledger.md'), ledger);
	fs.rmSync(path.join(root, profile.ledger));
	fs.symlinkSync(path.join(outside, 'ledger.md'), path.join(root, profile.ledger));
	commitAll(root, 'ledger linked out');
	// The loader refuses to read it (a path-outside-repo finding), so the sign-off has no ledger to write.
	const result = await runBin(['signoff', profile.signal, '--status', 'GO'], root);
	expectExit(t, result, 0, 'signoff');
	t.true(fs.lstatSync(path.join(root, profile.ledger)).isSymbolicLink());
	t.is(fs.readFileSync(path.join(outside, 'ledger.md'), 'utf8'), ledger);
	t.is(signalOf(root, profile, profile.signal).status, 'GO');
});

auditTest('--expect-status: refused (exit 2, nothing written) unless the status on disk is the one expected', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	await refusedCleanly(
		t,
		root,
		['signoff', profile.signal, '--status', 'GO', '--expect-status', 'GO'],
		new RegExp(`${profile.signal} is ${profile.signalStatus} on disk, not GO`),
	);
	const result = await runBin(['signoff', profile.signal, '--status', 'GO', '--expect-status', profile.signalStatus.toLowerCase()], root);
	expectExit(t, result, 0, 'signoff with the right expectation');
	t.is(signalOf(root, profile, profile.signal).status, 'GO');
});

auditTest('reviewer per terminal: --reviewer, then ARCO_REVIEWER, then git config; malformed is refused', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	expectExit(
		t,
		await runBin(['signoff', profile.signal, '--status', 'PARTIAL', '--note', 'a'], root, { ARCO_REVIEWER: 'Bob Pair <bob@pair.invalid>' }),
		0,
		'env',
	);
	t.deepEqual(signalOf(root, profile, profile.signal).signoff?.reviewer, { name: 'Bob Pair', email: 'bob@pair.invalid' });
	const both = await runBin(['signoff', profile.signal, '--status', 'GO', '--note', 'b', '--reviewer', 'Cy Option <cy@pair.invalid>'], root, {
		ARCO_REVIEWER: 'Bob Pair <bob@pair.invalid>',
	});
	expectExit(t, both, 0, 'option over env');
	t.deepEqual(signalOf(root, profile, profile.signal).signoff?.reviewer, { name: 'Cy Option', email: 'cy@pair.invalid' });
	t.regex(both.stdout, /as Cy Option <cy@pair\.invalid>/);
	expectExit(t, await runBin(['signoff', profile.otherSignal, '--status', 'GO', '--note', 'c'], root), 0, 'git config');
	t.deepEqual(signalOf(root, profile, profile.otherSignal).signoff?.reviewer, REVIEWER);
	commitAll(root, 'signed');
	await refusedCleanly(t, root, ['signoff', profile.signal, '--status', 'NO-GO', '--reviewer', 'just a name'], /--reviewer: expected "Name <email>"/);
	await refusedCleanly(t, root, ['signoff', profile.signal, '--status', 'NO-GO'], /ARCO_REVIEWER: expected "Name <email>"/, { ARCO_REVIEWER: '<nobody>' });
	expectExit(t, await runBin(['verify'], root), 0, 'verify');
});

auditTest(
	'BLOCKED-EXTERNAL again with owner, ticket and until: recorded on the subject and in the record; the reason of the current block is kept',
	{},
	async (t, profile) => {
		const root = makeRepo(t, profile, {
			prepare: (copy) => {
				const text = fs.readFileSync(path.join(copy, profile.tracker), 'utf8');
				const value = JSON.parse(text) as { signals: Array<Record<string, unknown>> };
				const signal = value.signals.find((item) => item['id'] === profile.signal)!;
				signal['status'] = 'BLOCKED-EXTERNAL';
				signal['blocked'] = { reason: 'vendor outage', owner: 'Old Owner' };
				fs.writeFileSync(path.join(copy, profile.tracker), `${JSON.stringify(value, null, 2)}\n`);
			},
		});
		const args = [
			'signoff',
			profile.signal,
			'--status',
			'BLOCKED-EXTERNAL',
			'--blocked-owner',
			'Ops Team',
			'--ticket',
			'OPS-12',
			'--until',
			'2026-03-31',
			'--note',
			'waiting',
		];
		expectExit(t, await runBin(args, root), 0, 'signoff blocked');
		const signal = signalOf(root, profile, profile.signal);
		t.deepEqual(signal['blocked'], { reason: 'vendor outage', owner: 'Ops Team', ticket: 'OPS-12', until: '2026-03-31' });
		t.deepEqual(signal.signoff?.blocked, { owner: 'Ops Team', ticket: 'OPS-12', until: '2026-03-31' });
		t.deepEqual(history(root, profile).at(-1)?.record.blocked, { owner: 'Ops Team', ticket: 'OPS-12', until: '2026-03-31' });
		expectExit(t, await runBin(['verify'], root), 0, 'verify');
	},
);

auditTest('block options are refused with another status, a malformed --until, or an empty value (nothing written)', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	await refusedCleanly(t, root, ['signoff', profile.signal, '--status', 'GO', '--blocked-owner', 'Ops'], /BLOCKED-EXTERNAL sign-off; this one is GO/);
	for (const until of ['2026-02-30', 'tomorrow', '2026-3-1']) {
		await refusedCleanly(
			t,
			root,
			['signoff', profile.signal, '--status', 'BLOCKED-EXTERNAL', '--until', until],
			/--until: .* is not a day; expected YYYY-MM-DD/,
		);
	}
	await refusedCleanly(t, root, ['signoff', profile.signal, '--status', 'BLOCKED-EXTERNAL', '--ticket', ' '], /--ticket: empty/);
});

/** The state a SIGKILL leaves after the history line was written and before the ledger and tracker were. */
async function interruptAfterHistory(t: ExecutionContext, root: string, profile: Profile, subject: string, status: string): Promise<void> {
	const before = { tracker: read(root, profile.tracker), ledger: read(root, profile.ledger) };
	expectExit(t, await runMain(['signoff', subject, '--status', status, '--note', 'interrupted'], root), 0, `signoff ${subject}`);
	write(root, profile.tracker, before.tracker);
	write(root, profile.ledger, before.ledger);
}

auditTest('an interrupted sign-off is named by verify and by the findings of every load; verify --repair completes it', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	expectExit(t, await runMain(['signoff', profile.otherSignal, '--status', 'PARTIAL', '--note', 'complete'], root), 0, 'a complete sign-off');
	await interruptAfterHistory(t, root, profile, profile.signal, 'GO');
	t.is(signalOf(root, profile, profile.signal).status, profile.signalStatus);

	const verify = await runMain(['verify', '--json'], root);
	t.is(verify.code, 1);
	const report = JSON.parse(verify.stdout) as { interrupted: string[] };
	t.is(report.interrupted.length, 1);
	t.regex(report.interrupted[0]!, new RegExp(`${profile.signal} GO by ${REVIEWER.name} .* line 2\\b`));

	const model = await loadAudit({ cwd: root, env: {} });
	const finding = model.findings.find((item) => item.code === 'interrupted-signoff');
	t.like(finding, { severity: 'error', subject: profile.signal, about: { kind: 'signal', signalId: profile.signal } });

	const repair = await runMain(['verify', '--repair'], root);
	expectExit(t, repair, 0, 'verify --repair');
	t.regex(repair.stdout, new RegExp(`repaired: completed ${profile.signal} GO`));
	const signal = signalOf(root, profile, profile.signal);
	t.is(signal.status, 'GO');
	t.is(signal.signoff?.note, 'interrupted');
	t.is(ledgerStatus(read(root, profile.ledger), profile.signal), 'GO');
	t.is(history(root, profile).length, 2, 'the repair must not add history lines');
	expectExit(t, await runMain(['verify'], root), 0, 'verify after the repair');
	t.deepEqual(writeLeftovers(root, path.posix.dirname(profile.tracker)), []);
});

auditTest('the next sign-off (of another subject) completes an interrupted one first, and says so', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	await interruptAfterHistory(t, root, profile, profile.signal, 'PARTIAL');
	const next = await runBin(['signoff', profile.otherSignal, '--status', 'GO', '--note', 'next', '--json'], root);
	expectExit(t, next, 0, 'next signoff');
	t.deepEqual((JSON.parse(next.stdout) as { completed: string[] }).completed.length, 1);
	t.is(signalOf(root, profile, profile.signal).status, 'PARTIAL');
	t.is(ledgerStatus(read(root, profile.ledger), profile.signal), 'PARTIAL');
	t.is(signalOf(root, profile, profile.otherSignal).status, 'GO');
	const lines = history(root, profile);
	t.deepEqual(
		lines.map((line) => line.subject),
		[profile.signal, profile.otherSignal],
	);
	expectExit(t, await runMain(['verify'], root), 0, 'verify');
});

auditTest('interrupted between ledger and tracker: the ledger is already new, the tracker is completed from the history', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	const trackerBefore = read(root, profile.tracker);
	expectExit(t, await runMain(['signoff', profile.signal, '--status', 'NO-GO', '--note', 'half'], root), 0, 'signoff');
	write(root, profile.tracker, trackerBefore);
	t.is((await runMain(['verify'], root)).code, 1);
	expectExit(t, await runMain(['verify', '--repair'], root), 0, 'repair');
	t.is(signalOf(root, profile, profile.signal).status, 'NO-GO');
	expectExit(t, await runMain(['verify'], root), 0, 'verify');
});

auditTest('a refused sign-off does not complete a pending one either: a refusal writes nothing', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	await interruptAfterHistory(t, root, profile, profile.signal, 'PARTIAL');
	const before = auditFiles(root, profile);
	const refused = await runBin(['signoff', String(profile.openGate), '--status', 'GO'], root);
	expectExit(t, refused, 2, 'gate GO with open signals');
	t.deepEqual(auditFiles(root, profile), before);
	t.is(historyLines(root, profile).length, 1);
	t.is(tracker(root, profile).signals.find((signal) => signal.id === profile.signal)?.status, profile.signalStatus);
});

auditTest(
	'a block ends when the status changes: another status removes `blocked`; a later BLOCKED-EXTERNAL with only --ticket records only that',
	{},
	async (t, profile) => {
		const root = makeRepo(t, profile);
		const blockedArgs = ['--blocked-owner', 'Ops Team', '--ticket', 'OPS-12', '--until', '2026-03-31'];
		expectExit(t, await runBin(['signoff', profile.signal, '--status', 'BLOCKED-EXTERNAL', ...blockedArgs], root), 0, 'blocked');
		t.deepEqual(signalOf(root, profile, profile.signal)['blocked'], { owner: 'Ops Team', ticket: 'OPS-12', until: '2026-03-31' });
		// Re-signed BLOCKED-EXTERNAL with one option: the others of the current block stay.
		expectExit(t, await runBin(['signoff', profile.signal, '--status', 'BLOCKED-EXTERNAL', '--ticket', 'OPS-13'], root), 0, 'still blocked');
		t.deepEqual(signalOf(root, profile, profile.signal)['blocked'], { owner: 'Ops Team', ticket: 'OPS-13', until: '2026-03-31' });
		expectExit(t, await runBin(['signoff', profile.signal, '--status', 'PARTIAL', '--note', 'unblocked'], root), 0, 'partial');
		const unblocked = signalOf(root, profile, profile.signal);
		t.false('blocked' in unblocked, JSON.stringify(unblocked['blocked']));
		t.is(unblocked.status, 'PARTIAL');
		// Blocked anew: no stale owner or until from the block that ended.
		expectExit(t, await runBin(['signoff', profile.signal, '--status', 'BLOCKED-EXTERNAL', '--ticket', 'OPS-99'], root), 0, 'blocked again');
		t.deepEqual(signalOf(root, profile, profile.signal)['blocked'], { ticket: 'OPS-99' });
		expectExit(t, await runBin(['verify'], root), 0, 'verify');
	},
);

auditTest('--reviewer and ARCO_REVIEWER with control or bidi characters are refused (they would stay in the history)', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	await refusedCleanly(
		t,
		root,
		['signoff', profile.signal, '--status', 'GO', '--reviewer', 'Rita \u202eweiveR <rita@arco-review.invalid>'],
		/--reviewer: .* holds control or bidi characters/,
	);
	await refusedCleanly(t, root, ['signoff', profile.signal, '--status', 'GO'], /ARCO_REVIEWER: .* holds control or bidi characters/, {
		ARCO_REVIEWER: 'Rita \u001b[31mRed <rita@arco-review.invalid>',
	});
	await refusedCleanly(t, root, ['signoff', profile.signal, '--status', 'GO', '--reviewer', 'Rita\tTab <rita@arco-review.invalid>'], /--reviewer: /);
});

auditTest('--expect-status with a status that does not exist is refused as such (exit 2, nothing written)', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	await refusedCleanly(
		t,
		root,
		['signoff', profile.signal, '--status', 'GO', '--expect-status', 'MAYBE'],
		/--expect-status: unknown status "MAYBE"; use one of GO, PARTIAL, NO-GO, BLOCKED-EXTERNAL/,
	);
});
