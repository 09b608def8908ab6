/**
 * `verify`: the history is a hash chain (each line holds the sha256 of the line before), and the tracker's
 * sign-offs are the history's latest per subject. Any edit, removal or hand change is caught (exit 1).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ExecutionContext } from 'ava';
import { auditTest, expectExit, historyLines, makeRepo, type Profile, read, replaceOnce, runBin, runMain, verifyJson, write } from './helpers/audit-repo.js';

async function signAll(t: ExecutionContext, root: string, steps: Array<[string, string, string]>): Promise<void> {
	for (const [subject, status, note] of steps)
		expectExit(t, await runMain(['signoff', subject, '--status', status, '--note', note], root), 0, `signoff ${subject}`);
}

function writeHistory(root: string, profile: Profile, lines: string[]): void {
	write(root, profile.history, `${lines.join('\n')}\n`);
}

auditTest('one character changed in line 1 of 2 (outside the record): exit 1, the message names the line', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	await signAll(t, root, [
		[profile.signal, 'GO', 'alpha'],
		[profile.otherSignal, 'PARTIAL', 'beta'],
	]);
	expectExit(t, await runBin(['verify'], root), 0, 'verify before the edit');
	const lines = historyLines(root, profile);
	t.is(lines.length, 2);
	const edited = replaceOnce(lines[0]!, `"previous_status":"${profile.signalStatus}"`, `"previous_status":"${profile.signalStatus.slice(0, -1)}X"`);
	t.is(edited.length, lines[0]!.length);
	writeHistory(root, profile, [edited, lines[1]!]);
	const result = await runBin(['verify'], root);
	expectExit(t, result, 1, 'verify after the edit');
	t.regex(result.stdout, /signoffs\.jsonl:1\b|line 1\b/, result.stdout);
	t.regex(result.stdout, /^FAIL/m);
});

auditTest("one character changed inside line 1's record: exit 1, chain and tracker mismatch both reported", {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	await signAll(t, root, [
		[profile.signal, 'GO', 'alpha'],
		[profile.otherSignal, 'PARTIAL', 'beta'],
	]);
	const lines = historyLines(root, profile);
	writeHistory(root, profile, [replaceOnce(lines[0]!, '"note":"alpha"', '"note":"alphA"'), lines[1]!]);
	const { code, ok, problems } = await verifyJson(root);
	t.is(code, 1);
	t.false(ok);
	t.true(
		problems.some((problem) => /chain/.test(problem) && /line 1\b|signoffs\.jsonl:1\b/.test(problem)),
		problems.join('\n'),
	);
	t.true(
		problems.some((problem) => problem.includes(profile.signal)),
		problems.join('\n'),
	);
});

auditTest('a sign-off edited by hand in the tracker differs from the history: exit 1 naming the subject', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	await signAll(t, root, [
		[profile.signal, 'GO', 'alpha'],
		[profile.otherSignal, 'PARTIAL', 'beta'],
	]);
	write(root, profile.tracker, replaceOnce(read(root, profile.tracker), '"note": "alpha"', '"note": "alpha (amended)"'));
	const result = await runBin(['verify'], root);
	expectExit(t, result, 1, 'verify');
	// Problem lines, not the list of sign-offs (`    1  G3-002  GO …`) verify prints first.
	const problems = result.stdout.split('\n').filter((line) => !/^\s+\d+\s/.test(line));
	t.is(problems.filter((line) => line.includes(profile.signal)).length, 1, result.stdout);
	t.false(
		problems.some((line) => line.includes(profile.otherSignal)),
		result.stdout,
	);
	t.false(/chain broken/.test(result.stdout), result.stdout);
});

auditTest('a removed line breaks the chain even when the tracker still matches the history', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	await signAll(t, root, [
		[profile.signal, 'GO', 'first'],
		[profile.otherSignal, 'PARTIAL', 'other'],
		[profile.signal, 'GO', 'second'],
	]);
	const lines = historyLines(root, profile);
	t.is(lines.length, 3);
	// Line 1 is superseded by line 3 for the same subject, so only the chain can notice it is gone.
	writeHistory(root, profile, lines.slice(1));
	const { code, ok, problems } = await verifyJson(root);
	t.is(code, 1);
	t.false(ok);
	t.true(problems.length > 0 && problems.every((problem) => /chain broken/.test(problem)), problems.join('\n'));

	writeHistory(root, profile, [lines[0]!, lines[2]!]);
	const middle = await verifyJson(root);
	t.is(middle.code, 1);
	t.true(
		middle.problems.some((problem) => /chain broken/.test(problem)),
		middle.problems.join('\n'),
	);
	t.true(
		middle.problems.some((problem) => problem.includes(profile.otherSignal)),
		middle.problems.join('\n'),
	);
});

auditTest('a deleted history file while the tracker holds sign-offs: exit 1', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	await signAll(t, root, [[profile.signal, 'GO', 'alpha']]);
	fs.rmSync(path.join(root, profile.history));
	const result = await runBin(['verify'], root);
	expectExit(t, result, 1, 'verify');
	t.true(result.stdout.includes(profile.signal), result.stdout);
});
