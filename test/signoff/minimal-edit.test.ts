/**
 * A sign-off changes only the bytes of its subject in the tracker, and only the subject's status cell in the
 * ledger: layout, key order, unknown fields, number spelling, trailing newline and file mode survive.
 */
import fs from 'node:fs';
import path from 'node:path';
import { auditTest, expectExit, makeRepo, type Profile, read, replaceOnce, runMain, tracker, write } from './helpers/audit-repo.js';
import { changesOutsideSubject, inOrder, subjectLines } from './helpers/json-lines.js';
import { ledgerDifferences } from './helpers/ledger.js';

function objectLines(text: string, collection: 'signals' | 'gates', id: string | number): string[] {
	const { first, last } = subjectLines(text, collection, id);
	return text.split('\n').slice(first, last + 1);
}

/** Every line of the subject's object except its status line is kept verbatim, in order. */
function keptSubjectLines(before: string, after: string, collection: 'signals' | 'gates', id: string | number): boolean {
	const old = objectLines(before, collection, id).filter((line) => !/"status":/.test(line));
	// The line before an inserted property gains a comma; compare without it.
	const now = objectLines(after, collection, id).map((line) => line.replace(/,$/, ''));
	return inOrder(
		now,
		old.map((line) => line.replace(/,$/, '')),
	);
}

auditTest('tracker: only the lines of the signed signal and then of the signed gate change; trailing newline kept', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	const original = read(root, profile.tracker);
	t.true(original.endsWith('\n'));
	expectExit(t, await runMain(['signoff', profile.signal, '--status', 'GO', '--note', 'minimal'], root), 0, 'signoff signal');
	const afterSignal = read(root, profile.tracker);
	t.deepEqual(changesOutsideSubject(original, afterSignal, 'signals', profile.signal), []);
	t.true(keptSubjectLines(original, afterSignal, 'signals', profile.signal), 'a line of the signal object was lost or reordered');
	t.true(afterSignal.endsWith('\n') && !afterSignal.endsWith('\n\n'));
	const signal = tracker(root, profile).signals.find((item) => item.id === profile.signal)!;
	const originalKeys = Object.keys((JSON.parse(original) as ReturnType<typeof tracker>).signals.find((item) => item.id === profile.signal)!);
	t.deepEqual(
		Object.keys(signal).filter((key) => key !== 'signoff'),
		originalKeys,
		'key order of the signal changed',
	);
	// Spaces as in the file: the inserted lines are indented with two-space steps like the rest.
	for (const line of objectLines(afterSignal, 'signals', profile.signal)) t.regex(line, /^( {2})+\S/);

	expectExit(t, await runMain(['signoff', String(profile.openGate), '--status', 'PARTIAL', '--note', 'gate minimal'], root), 0, 'signoff gate');
	const afterGate = read(root, profile.tracker);
	t.deepEqual(changesOutsideSubject(afterSignal, afterGate, 'gates', profile.openGate), []);
	t.true(keptSubjectLines(afterSignal, afterGate, 'gates', profile.openGate), 'a line of the gate object was lost or reordered');
	t.true(afterGate.endsWith('\n') && !afterGate.endsWith('\n\n'));
});

const TOP_LEVEL_UNKNOWN = '\t"x_release_board": {"quorum": 1.0e3, "members": ["ops", "sec"], "big": 12345678901234567890123},';
const SIGNAL_UNKNOWN = '\t\t\t"x_risk": {"score": 1.0e3, "weight": 2.50E-1},';
const OTHER_UNKNOWN = '\t\t\t"x_ticket": 9007199254740993,';

function tabbedTracker(profile: Profile, text: string): string {
	let tabbed = text
		.split('\n')
		.map((line) => line.replace(/^(?: {2})+/, (indent) => '\t'.repeat(indent.length / 2)))
		.join('\n');
	tabbed = replaceOnce(tabbed, '{\n\t"schema_version"', `{\n${TOP_LEVEL_UNKNOWN}\n\t"schema_version"`);
	tabbed = replaceOnce(tabbed, `\t\t\t"id": "${profile.signal}",\n`, `\t\t\t"id": "${profile.signal}",\n${SIGNAL_UNKNOWN}\n`);
	tabbed = replaceOnce(tabbed, `\t\t\t"id": "${profile.otherSignal}",\n`, `\t\t\t"id": "${profile.otherSignal}",\n${OTHER_UNKNOWN}\n`);
	return tabbed;
}

auditTest('tracker with tabs, unknown fields and 1.0e3: all survive byte for byte, inserted lines use tabs', {}, async (t, profile) => {
	const root = makeRepo(t, profile, { prepare: (copy) => write(copy, profile.tracker, tabbedTracker(profile, read(copy, profile.tracker))) });
	const original = read(root, profile.tracker);
	t.true(original.includes(`\n${SIGNAL_UNKNOWN}\n`));
	expectExit(t, await runMain(['status', '--json'], root), 0, 'the loader accepts the rewritten tracker');

	const result = await runMain(['signoff', profile.signal, '--status', 'GO', '--note', 'tabs'], root);
	expectExit(t, result, 0, 'signoff');
	const after = read(root, profile.tracker);
	t.deepEqual(changesOutsideSubject(original, after, 'signals', profile.signal), []);
	t.true(keptSubjectLines(original, after, 'signals', profile.signal), 'a line of the signal object was lost or reordered');
	for (const line of [TOP_LEVEL_UNKNOWN, SIGNAL_UNKNOWN, OTHER_UNKNOWN]) t.true(after.includes(`\n${line}\n`), `lost or respelled: ${line}`);
	for (const line of objectLines(after, 'signals', profile.signal)) t.regex(line, /^\t+\S/, 'a line of the signed signal is not tab-indented');
	t.true(after.endsWith('\n') && !after.endsWith('\n\n'));
	const signal = tracker(root, profile).signals.find((item) => item.id === profile.signal)!;
	t.is(signal.status, 'GO');
	t.is(signal.signoff?.note, 'tabs');
	expectExit(t, await runMain(['status', '--json'], root), 0, 'status after the sign-off');
});

auditTest('file modes of tracker and ledger (chmod 640) are kept', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	for (const file of [profile.tracker, profile.ledger]) fs.chmodSync(path.join(root, file), 0o640);
	expectExit(t, await runMain(['signoff', profile.signal, '--status', 'GO', '--note', 'modes'], root), 0, 'signoff');
	for (const file of [profile.tracker, profile.ledger]) {
		t.is((fs.statSync(path.join(root, file)).mode & 0o777).toString(8), '640', `${file} mode`);
	}
	t.is(tracker(root, profile).signals.find((item) => item.id === profile.signal)!.signoff?.note, 'modes');
});

auditTest("ledger: only the signed signals' status cells change, padding kept; every other line byte-identical", {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	const original = read(root, profile.ledger);
	expectExit(t, await runMain(['signoff', profile.signal, '--status', 'GO', '--note', 'ledger'], root), 0, 'signoff signal');
	const afterOne = read(root, profile.ledger);
	t.deepEqual(ledgerDifferences(original, afterOne, new Map([[profile.signal, 'GO']])), []);
	t.not(afterOne, original);
	expectExit(t, await runMain(['signoff', profile.otherSignal, '--status', 'BLOCKED-EXTERNAL', '--note', 'ledger'], root), 0, 'signoff other');
	const afterTwo = read(root, profile.ledger);
	t.deepEqual(
		ledgerDifferences(
			original,
			afterTwo,
			new Map([
				[profile.signal, 'GO'],
				[profile.otherSignal, 'BLOCKED-EXTERNAL'],
			]),
		),
		[],
	);
	t.is(afterTwo.endsWith('\n'), original.endsWith('\n'));

	// A gate sign-off has no ledger row: the ledger is not rewritten at all.
	const mtime = fs.statSync(path.join(root, profile.ledger)).mtimeMs;
	expectExit(t, await runMain(['signoff', String(profile.openGate), '--status', 'PARTIAL', '--note', 'ledger'], root), 0, 'signoff gate');
	t.is(read(root, profile.ledger), afterTwo);
	t.is(fs.statSync(path.join(root, profile.ledger)).mtimeMs, mtime);
});

auditTest('ledger with CRLF line endings: the status cell changes, every CRLF and other byte is kept', {}, async (t, profile) => {
	const root = makeRepo(t, profile, { prepare: (copy) => write(copy, profile.ledger, read(copy, profile.ledger).replace(/\n/g, '\r\n')) });
	const original = read(root, profile.ledger);
	expectExit(t, await runMain(['signoff', profile.signal, '--status', 'GO', '--note', 'crlf'], root), 0, 'signoff');
	const after = read(root, profile.ledger);
	t.deepEqual(ledgerDifferences(original.replace(/\r\n/g, '\n'), after.replace(/\r\n/g, '\n'), new Map([[profile.signal, 'GO']])), []);
	t.is(after.split('\r\n').length, original.split('\r\n').length);
	t.false(/[^\r]\n/.test(after), 'a bare LF appeared');
});

auditTest("tracker with CRLF line endings: only the subject's lines change and every inserted line ends in CRLF", {}, async (t, profile) => {
	const root = makeRepo(t, profile, { prepare: (copy) => write(copy, profile.tracker, read(copy, profile.tracker).replace(/\n/g, '\r\n')) });
	const original = read(root, profile.tracker);
	expectExit(t, await runMain(['signoff', profile.signal, '--status', 'GO', '--note', 'crlf'], root), 0, 'signoff');
	const after = read(root, profile.tracker);
	t.false(/[^\r]\n/.test(after), 'a bare LF appeared');
	t.true(after.endsWith('}\r\n'));
	t.deepEqual(changesOutsideSubject(original.replace(/\r\n/g, '\n'), after.replace(/\r\n/g, '\n'), 'signals', profile.signal), []);
	t.is(tracker(root, profile).signals.find((item) => item.id === profile.signal)!.signoff?.note, 'crlf');
});
