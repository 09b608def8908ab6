/** The history as the TUI's history screen reads it: every sign-off, newest first, in both formats. */
import fs from 'node:fs';
import path from 'node:path';
import { loadAudit } from '../../source/model/load-audit.js';
import { readSignoffHistory } from '../../source/signoff/history-file.js';
import { auditTest, expectExit, makeRepo, REVIEWER, runMain, TEMP_BASE, write } from './helpers/audit-repo.js';

auditTest('readSignoffHistory: newest first, with subject key, kind, previous status, record and format; broken lines named', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	// A format 1 line as an older arco-review wrote it, then two format 2 lines.
	const oldRecord = { status: 'PARTIAL', reviewer: REVIEWER, signed_at: '2026-01-01T00:00:00Z', head: 'a'.repeat(40), dirty: false, note: 'old', evidence: [] };
	write(
		root,
		profile.history,
		`${JSON.stringify({ subject: profile.otherSignal, kind: 'signal', previous_status: 'NO-GO', record: oldRecord, prev_sha256: null })}\n`,
	);
	expectExit(t, await runMain(['signoff', profile.signal, '--status', 'GO', '--note', 'first', '--allow-dirty'], root), 0, 'first');
	expectExit(t, await runMain(['signoff', String(profile.openGate), '--status', 'NO-GO', '--note', 'gate', '--allow-dirty'], root), 0, 'gate');
	const model = await loadAudit({ cwd: root, env: {} });
	const { path: historyPath, items, problems, unreadable } = readSignoffHistory(model);
	t.is(historyPath, profile.history);
	t.deepEqual(problems, []);
	t.is(unreadable, null);
	t.deepEqual(
		items.map((item) => [item.line, item.subject, item.kind, item.format, item.record.status, item.record.note]),
		[
			[3, `gate ${profile.openGate}`, 'gate', 2, 'NO-GO', 'gate'],
			[2, profile.signal, 'signal', 2, 'GO', 'first'],
			[1, profile.otherSignal, 'signal', 1, 'PARTIAL', 'old'],
		],
	);
	t.deepEqual(items[0]?.key, { kind: 'gate', gateId: profile.openGate });
	t.is(items[1]?.previousStatus, profile.signalStatus);
	t.regex(items[0]?.sha256 ?? '', /^[0-9a-f]{64}$/);

	fs.appendFileSync(path.join(root, profile.history), 'not json\n');
	const broken = readSignoffHistory(await loadAudit({ cwd: root, env: {} }));
	t.is(broken.items.length, 3);
	t.deepEqual(broken.problems, [`${profile.history}:4: not a sign-off record`]);
});

auditTest('readSignoffHistory never reads through a symlink out of the repository: it says why, and shows nothing', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	const outside = fs.mkdtempSync(path.join(TEMP_BASE, 'arco-outside-'));
	t.teardown(() => fs.rmSync(outside, { recursive: true, force: true }));
	const record = { status: 'GO', reviewer: REVIEWER, signed_at: '2026-01-01T00:00:00Z', head: 'a'.repeat(40), dirty: false, note: 'outside', evidence: [] };
	fs.writeFileSync(
		path.join(outside, 'signoffs.jsonl'),
		`${JSON.stringify({ subject: profile.signal, kind: 'signal', previous_status: 'NO-GO', record, prev_sha256: null })}\n`,
	);
	fs.symlinkSync(path.join(outside, 'signoffs.jsonl'), path.join(root, profile.history));
	const read = readSignoffHistory(await loadAudit({ cwd: root, env: {} }));
	t.deepEqual(read.items, []);
	t.deepEqual(read.problems, []);
	t.is(read.unreadable, `${profile.history} resolves through a symlink outside the repository: not read`);
});
