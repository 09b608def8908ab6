/**
 * The TUI signs with `expected` (the subject as it was loaded). If that subject changed on disk since, the
 * sign-off is refused as a conflict and nothing is written; changes to other subjects are kept.
 */
import path from 'node:path';
import { applyEdits, modify } from 'jsonc-parser';
import { UserError } from '../../source/errors.js';
import { loadAudit } from '../../source/model/load-audit.js';
import { signalKey } from '../../source/model/subject.js';
import type { AuditModel } from '../../source/model/types.js';
import { recordSignoff, type SubjectState } from '../../source/signoff/record-signoff.js';
import {
	auditFiles,
	auditTest,
	expectExit,
	history,
	makeRepo,
	type Profile,
	read,
	readBytes,
	runBin,
	signalOf,
	tracker,
	write,
	writeLeftovers,
} from './helpers/audit-repo.js';
import { subjectLines } from './helpers/json-lines.js';

/** Sets one value in the tracker the way another editor would: only that value's bytes change. */
function editTracker(root: string, profile: Profile, signalId: string, key: string, value: unknown): void {
	const text = read(root, profile.tracker);
	const index = (JSON.parse(text) as { signals: Array<{ id: string }> }).signals.findIndex((signal) => signal.id === signalId);
	if (index === -1) throw new Error(`${signalId} not in the tracker`);
	const edited = applyEdits(text, modify(text, ['signals', index, key], value, { formattingOptions: { insertSpaces: true, tabSize: 2 } }));
	if (edited === text) throw new Error('edit changed nothing');
	write(root, profile.tracker, edited);
}

function loaded(model: AuditModel, id: string): SubjectState {
	const signal = model.signals.find((candidate) => candidate.id === id);
	if (!signal) throw new Error(`${id} not in the model`);
	return { status: signal.status, signoff: signal.signoff };
}

function objectText(text: string, id: string): string {
	const { first, last } = subjectLines(text, 'signals', id);
	return text
		.split('\n')
		.slice(first, last + 1)
		.join('\n');
}

auditTest("the subject's status changed on disk since it was loaded: refused as a conflict, nothing written", {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	const model = await loadAudit({ cwd: root, env: {} });
	const expected = loaded(model, profile.signal);
	editTracker(root, profile, profile.signal, 'status', 'BLOCKED-EXTERNAL');
	const before = auditFiles(root, profile);

	const error = await t.throwsAsync(
		recordSignoff({ model, subject: signalKey(profile.signal), status: 'GO', note: 'from the TUI', allowDirty: false, expected }),
	);
	t.true(error instanceof UserError, String(error));
	t.regex(error?.message ?? '', /changed on disk/);
	t.true((error?.message ?? '').includes(profile.signal), error?.message);
	t.false((error?.message ?? '').includes('\n'));
	t.deepEqual(auditFiles(root, profile), before, 'something was written');
	t.is(readBytes(root, profile.history), null);
	t.is(signalOf(root, profile, profile.signal).status, 'BLOCKED-EXTERNAL');
	t.deepEqual(writeLeftovers(root, path.posix.dirname(profile.tracker)), []);
});

auditTest('the subject was signed by someone else (same status, other note) since it was loaded: conflict, theirs kept', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	expectExit(t, await runBin(['signoff', profile.signal, '--status', 'PARTIAL', '--note', 'mine'], root), 0, 'first signoff');
	const model = await loadAudit({ cwd: root, env: {} });
	const expected = loaded(model, profile.signal);
	t.is(expected.signoff?.note, 'mine');
	expectExit(t, await runBin(['signoff', profile.signal, '--status', 'PARTIAL', '--note', 'theirs'], root), 0, 'their signoff');
	const before = auditFiles(root, profile);

	await t.throwsAsync(recordSignoff({ model, subject: signalKey(profile.signal), status: 'GO', note: 'from the TUI', allowDirty: false, expected }), {
		instanceOf: UserError,
		message: /changed on disk/,
	});
	t.deepEqual(auditFiles(root, profile), before);
	t.is(signalOf(root, profile, profile.signal).signoff?.note, 'theirs');
	t.is(history(root, profile).length, 2);
});

auditTest('another subject changed on disk since loading: the sign-off succeeds and the other change is kept', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	const model = await loadAudit({ cwd: root, env: {} });
	const expected = loaded(model, profile.signal);
	// A hand edit of another signal, and a sign-off of a third one by another process.
	editTracker(root, profile, profile.otherSignal, 'status', 'PARTIAL');
	editTracker(root, profile, profile.otherSignal, 'x_comment', 'edited by hand');
	const third = profile.openGateSignals.find((id) => id !== profile.signal)!;
	expectExit(t, await runBin(['signoff', third, '--status', 'GO', '--note', 'other reviewer'], root), 0, 'other process');
	const otherBefore = objectText(read(root, profile.tracker), profile.otherSignal);
	const thirdBefore = objectText(read(root, profile.tracker), third);

	const outcome = await recordSignoff({ model, subject: signalKey(profile.signal), status: 'GO', note: 'from the TUI', allowDirty: false, expected });
	t.true(outcome.changed);
	const after = read(root, profile.tracker);
	t.is(objectText(after, profile.otherSignal), otherBefore, 'the hand edit of another signal was lost');
	t.is(objectText(after, third), thirdBefore, 'the other sign-off was lost');
	const signal = tracker(root, profile).signals.find((item) => item.id === profile.signal)!;
	t.is(signal.status, 'GO');
	t.is(signal.signoff?.note, 'from the TUI');
	t.deepEqual(
		history(root, profile).map((line) => line.subject),
		[third, profile.signal],
	);
	expectExit(t, await runBin(['verify'], root), 0, 'verify');
});
