/**
 * Lines of a history format this program does not know are named, never read by the wrong rule; a history
 * that cannot be read is said to be unreadable, not gone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadAudit } from '../../source/model/load-audit.js';
import { canonicalJson } from '../../source/signoff/canonical-json.js';
import { sha256Text } from '../../source/signoff/history.js';
import { readSignoffHistory } from '../../source/signoff/history-file.js';
import { auditTest, commitAll, expectExit, historyLines, makeRepo, REVIEWER, runMain, TEMP_BASE, verifyJson, write } from './helpers/audit-repo.js';

auditTest('lines with v=3 or v="2" are an unknown history format for verify and the history reader, not format 1 or 2', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	expectExit(t, await runMain(['signoff', profile.signal, '--status', 'GO', '--note', 'known'], root), 0, 'signoff');
	const lines = historyLines(root, profile);
	const record = { status: 'PARTIAL', reviewer: REVIEWER, signed_at: '2026-01-01T00:00:00Z', head: 'a'.repeat(40), dirty: false, note: 'newer', evidence: [] };
	for (const v of [3, '2']) {
		const previous = lines.at(-1)!;
		lines.push(canonicalJson({ v, subject: profile.otherSignal, kind: 'signal', previous_status: 'NO-GO', record, prev_sha256: sha256Text(previous) }));
	}
	write(root, profile.history, `${lines.join('\n')}\n`);
	const verify = await verifyJson(root);
	t.is(verify.code, 1);
	t.deepEqual(verify.problems, [
		`${profile.history}:2: unknown history format v=3 (this arco-review reads formats 1 and 2): written by a newer version, or edited`,
		`${profile.history}:3: unknown history format v="2" (this arco-review reads formats 1 and 2): written by a newer version, or edited`,
	]);
	const read = readSignoffHistory(await loadAudit({ cwd: root, env: {} }));
	t.deepEqual(
		read.items.map((item) => [item.line, item.format]),
		[
			[3, 'unknown'],
			[2, 'unknown'],
			[1, 2],
		],
	);
	t.deepEqual(read.problems, [`${profile.history}:2: unknown history format v=3`, `${profile.history}:3: unknown history format v="2"`]);
});

auditTest('a committed history replaced by a symlink out of the repository is reported unreadable, not gone', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	expectExit(t, await runMain(['signoff', profile.signal, '--status', 'GO'], root), 0, 'signoff');
	commitAll(root, 'signed');
	const outside = fs.mkdtempSync(path.join(TEMP_BASE, 'arco-outside-'));
	t.teardown(() => fs.rmSync(outside, { recursive: true, force: true }));
	fs.copyFileSync(path.join(root, profile.history), path.join(outside, 'signoffs.jsonl'));
	fs.rmSync(path.join(root, profile.history));
	fs.symlinkSync(path.join(outside, 'signoffs.jsonl'), path.join(root, profile.history));
	const verify = await verifyJson(root);
	t.is(verify.code, 1);
	const committed = verify.problems.find((problem) => /append-only/.test(problem)) ?? '';
	t.regex(committed, /the file cannot be read now \(.*signoffs\.jsonl resolves through a symlink outside the repository: not read\)/);
	t.false(/the file is gone/.test(committed));
});
