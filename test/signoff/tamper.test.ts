/**
 * Tamper evidence (issue 11): every tamper that used to pass `verify` fails it now, and histories written
 * before format 2 (this project's own evidence/signoffs.jsonl included) keep verifying.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ExecutionContext } from 'ava';
import test from 'ava';
import {
	auditFiles,
	auditTest,
	commitAll,
	expectExit,
	git,
	historyLines,
	makeRepo,
	PROJECT_ROOT,
	type Profile,
	REVIEWER,
	read,
	readBytes,
	replaceOnce,
	runMain,
	signalOf,
	TEMP_BASE,
	write,
} from './helpers/audit-repo.js';
import { ledgerStatus } from './helpers/ledger.js';

async function sign(t: ExecutionContext, root: string, subject: string, status: string, note: string): Promise<void> {
	expectExit(t, await runMain(['signoff', subject, '--status', status, '--note', note], root), 0, `signoff ${subject} ${status}`);
}

async function verify(root: string): Promise<{ code: number | null; ok: boolean; problems: string[] }> {
	const result = await runMain(['verify', '--json'], root);
	const parsed = JSON.parse(result.stdout) as { ok: boolean; problems: string[] };
	return { code: result.code, ...parsed };
}

function setLastLine(root: string, profile: Profile, edit: (line: string) => string): void {
	const lines = historyLines(root, profile);
	const last = lines.pop()!;
	const edited = edit(last);
	if (edited === last) throw new Error('the edit changed nothing');
	write(root, profile.history, `${[...lines, edited].join('\n')}\n`);
}

auditTest('editing previous_status on the last history line fails verify', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	await sign(t, root, profile.signal, 'PARTIAL', 'first');
	await sign(t, root, profile.otherSignal, 'GO', 'second');
	t.is((await verify(root)).code, 0);
	setLastLine(root, profile, (line) => line.replace(/"previous_status":"[^"]*"/, '"previous_status":"GO-ISH"'));
	const result = await verify(root);
	t.is(result.code, 1);
	t.true(
		result.problems.some((problem) => problem.includes(profile.otherSignal) && /sha256|changed/.test(problem)),
		result.problems.join('\n'),
	);
});

auditTest('a whitespace-only edit of the last history line fails verify', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	await sign(t, root, profile.signal, 'PARTIAL', 'first');
	setLastLine(root, profile, (line) => line.replace('"kind":"signal",', '"kind": "signal",'));
	const result = await verify(root);
	t.is(result.code, 1);
	t.true(
		result.problems.some((problem) => /:1: changed after it was written/.test(problem)),
		result.problems.join('\n'),
	);
	// Not mistaken for an interrupted sign-off: --repair must not launder the edited line into the tracker.
	expectExit(t, await runMain(['verify', '--repair'], root), 1, 'verify --repair after the edit');
	t.is((await verify(root)).code, 1);
});

auditTest('erasing a committed sign-off from history, tracker and ledger together fails verify', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	await sign(t, root, profile.signal, 'PARTIAL', 'kept');
	const before = auditFiles(root, profile);
	await sign(t, root, profile.otherSignal, 'GO', 'to be erased');
	commitAll(root, 'sign-offs');
	t.is((await verify(root)).code, 0);
	// The three files exactly as they were before the second sign-off: consistent with each other.
	for (const [file, content] of Object.entries(before)) if (content !== null) fs.writeFileSync(path.join(root, file), Buffer.from(content, 'base64'));
	const result = await verify(root);
	t.is(result.code, 1);
	t.true(
		result.problems.some((problem) => /not an append-only extension of the version committed in [0-9a-f]{7}/.test(problem)),
		result.problems.join('\n'),
	);
});

auditTest('a signal set GO in tracker and ledger while its own sign-off says PARTIAL: verify fails, check errors', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	await sign(t, root, profile.signal, 'PARTIAL', 'not yet');
	const tracker = read(root, profile.tracker);
	const index = (JSON.parse(tracker) as { signals: Array<{ id: string }> }).signals.findIndex((signal) => signal.id === profile.signal);
	const edited = tracker.split('\n');
	// The subject's own `"status": "PARTIAL"` line (the first after its id), not the sign-off's.
	const idLine = edited.findIndex((line) => line.includes(`"id": "${profile.signal}"`));
	t.true(idLine !== -1 && index !== -1);
	const statusLine = edited.findIndex((line, at) => at > idLine && /^\s*"status": "PARTIAL",?$/.test(line));
	edited[statusLine] = edited[statusLine]!.replace('PARTIAL', 'GO');
	write(root, profile.tracker, edited.join('\n'));
	write(root, profile.ledger, replaceLedgerStatus(read(root, profile.ledger), profile.signal, 'GO'));
	t.is(signalOf(root, profile, profile.signal).status, 'GO');
	t.is(signalOf(root, profile, profile.signal).signoff?.status, 'PARTIAL');
	t.is(ledgerStatus(read(root, profile.ledger), profile.signal), 'GO');
	const result = await verify(root);
	t.is(result.code, 1);
	t.true(
		result.problems.some((problem) => problem.includes(profile.signal) && /own sign-off says PARTIAL/.test(problem)),
		result.problems.join('\n'),
	);
	const check = JSON.parse((await runMain(['check', '--json'], root)).stdout) as { findings: Array<{ code: string; severity: string; subject: string }> };
	t.true(
		check.findings.some((finding) => finding.code === 'status-differs-from-signoff' && finding.severity === 'error' && finding.subject === profile.signal),
	);
});

function replaceLedgerStatus(text: string, signal: string, status: string): string {
	const line = text.split('\n').find((candidate) => candidate.includes(`| ${signal} |`) || candidate.includes(`| \`${signal}\` |`));
	if (!line) throw new Error(`${signal} has no ledger row`);
	const cells = line.split('|');
	const header = text.split('\n').find((candidate) => /\|\s*Signal ID\s*\|/i.test(candidate))!;
	const column = header.split('|').findIndex((cell) => /status/i.test(cell));
	cells[column] = ` ${status} `;
	return replaceOnce(text, line, cells.join('|'));
}

// The project's own audit: format 1 lines, committed in git. Copied with the files verify reads.
test('this repository’s own evidence/signoffs.jsonl verifies; a new sign-off appends format 2 and it still verifies; an old line edited fails', async (t) => {
	const root = fs.realpathSync(fs.mkdtempSync(path.join(TEMP_BASE, 'arco-evidence-')));
	t.teardown(() => fs.rmSync(root, { recursive: true, force: true }));
	fs.cpSync(path.join(PROJECT_ROOT, 'evidence'), path.join(root, 'evidence'), { recursive: true });
	fs.copyFileSync(path.join(PROJECT_ROOT, '.arco-review.json'), path.join(root, '.arco-review.json'));
	git(root, ['init', '-q', '-b', 'main']);
	git(root, ['config', 'user.name', REVIEWER.name]);
	git(root, ['config', 'user.email', REVIEWER.email]);
	commitAll(root, 'the project audit');
	const original = read(root, 'evidence/signoffs.jsonl').trimEnd().split('\n');
	// Written before format 2, then signed again in it: the old lines must keep verifying beside the new.
	const formatOf = (line: string) => (JSON.parse(line) as { v?: number }).v ?? 1;
	t.true(original.filter((line) => formatOf(line) === 1).length > 10, 'the history begins with format 1 lines');
	t.is(formatOf(original[3]!), 1, 'the line edited below is a format 1 line');

	const first = await runMain(['verify', '--json'], root);
	t.is(first.code, 0, first.stdout);

	const tracker = JSON.parse(read(root, 'evidence/gate-tracker.json')) as { signals: Array<{ id: string; status: string }> };
	const signal = tracker.signals[0]!;
	expectExit(
		t,
		await runMain(['signoff', signal.id, '--status', signal.status === 'GO' ? 'PARTIAL' : 'GO', '--note', 'format 2', '--allow-dirty'], root),
		0,
		'signoff',
	);
	const lines = read(root, 'evidence/signoffs.jsonl').trimEnd().split('\n');
	t.is(lines.length, original.length + 1);
	t.deepEqual(lines.slice(0, -1), original);
	t.is((JSON.parse(lines.at(-1)!) as { v?: number }).v, 2);
	const second = await runMain(['verify', '--json'], root);
	t.is(second.code, 0, second.stdout);

	// A byte of an old line: the chain (old rule) and git's committed version both catch it.
	const oldIndex = 3;
	lines[oldIndex] = lines[oldIndex]!.replace('"dirty":false', '"dirty":true');
	fs.writeFileSync(path.join(root, 'evidence/signoffs.jsonl'), `${lines.join('\n')}\n`);
	const third = JSON.parse((await runMain(['verify', '--json'], root)).stdout) as { ok: boolean; problems: string[] };
	t.false(third.ok);
	t.true(
		third.problems.some((problem) => problem.includes(`signoffs.jsonl:${oldIndex + 2}: chain broken`)),
		third.problems.join('\n'),
	);
	t.true(third.problems.some((problem) => /append-only/.test(problem)));
	t.is(readBytes(root, 'evidence/gate-tracker.json.lock'), null);
});
