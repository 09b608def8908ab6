/**
 * A partner's sign-off arrives as one reload message naming subject, old and new status and reviewer,
 * and the screen never shows the state between two of its writes (history, ledger, tracker), whichever
 * is written first; a load caught there is held back, and shown anyway only when re-reads keep finding it
 * half-written (a sign-off that really was interrupted).
 */
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { historyPathOf } from '../../source/model/audit-files.js';
import { signalKey } from '../../source/model/subject.js';
import type { AuditModel } from '../../source/model/types.js';
import { recordSignoff } from '../../source/signoff/record-signoff.js';
import { type TraceEvent, TuiController } from '../../source/ui/effects/controller.js';
import type { HoldBackOptions, Scheduled } from '../../source/ui/effects/hold-back.js';
import { until } from '../helpers/wait.js';
import { auditRepo } from './helpers/audit-repo.js';
import { sampleModel } from './helpers/build-model.js';

/** Retries that never come: nothing is read again unless the test reloads (a watcher's report would). */
const noRetries = { schedule: (): Scheduled => ({ cancel: () => {} }) };

/** A controller recording every status line it ever showed and every load's outcome. */
function recordingController(start: AuditModel, load: () => Promise<AuditModel>, holdBack: HoldBackOptions) {
	const trace: TraceEvent[] = [];
	const controller = new TuiController({ model: start, load, viewport: { columns: 100, rows: 30 }, holdBack, trace: (event) => trace.push(event) });
	const statuses = () => trace.flatMap((event) => (event.kind === 'status' ? [event.text] : []));
	const outcomes = () => trace.flatMap((event) => (event.kind === 'load' ? [event.outcome] : []));
	return { controller, statuses, outcomes };
}

/** Replaces a file the way the writers do (temp file, rename), so a reader sees the old or the new bytes. */
function replace(file: string, bytes: Buffer | null): void {
	if (bytes === null) {
		fs.rmSync(file, { force: true });
		return;
	}
	fs.writeFileSync(`${file}.tmp`, bytes);
	fs.renameSync(`${file}.tmp`, file);
}

const read = (file: string): Buffer | null => (fs.existsSync(file) ? fs.readFileSync(file) : null);

test('a real sign-off loaded between each of its writes (history, ledger, tracker) is held back, then shown with one message', async (t) => {
	const repo = auditRepo(t);
	const before = await repo.load();
	const files = {
		history: path.join(repo.root, historyPathOf(before)),
		ledger: path.join(repo.root, before.ledgerPath ?? ''),
		tracker: path.join(repo.root, before.trackerPath),
	};
	const original = { history: read(files.history), ledger: read(files.ledger), tracker: read(files.tracker) };
	// The partner's sign-off, made by the real transaction; then the files go back and are written again
	// one by one in the transaction's order, with a load after each.
	await recordSignoff({ model: before, subject: signalKey('G1-002'), status: 'PARTIAL', note: 'half of it works', allowDirty: false });
	const signed = { history: read(files.history), ledger: read(files.ledger), tracker: read(files.tracker) };
	for (const name of ['history', 'ledger', 'tracker'] as const) replace(files[name], original[name]);
	t.notDeepEqual(signed.ledger, original.ledger, 'the sign-off changes the ledger too');

	const { controller, statuses, outcomes } = recordingController(before, repo.load, noRetries);
	t.teardown(() => controller.stop());
	const shown: Array<Promise<void>> = [];
	for (const [index, name] of (['history', 'ledger'] as const).entries()) {
		replace(files[name], signed[name]);
		shown.push(controller.reload([files[name]]));
		await until(() => controller.loadsFinished === index + 1);
		t.is(controller.getState().model, before, `after the ${name} write the screen still shows the audit as it was`);
	}
	replace(files.tracker, signed.tracker);
	shown.push(controller.reload([files.tracker]));
	await Promise.all(shown);
	t.deepEqual(outcomes(), ['held', 'held', 'shown']);
	t.not(controller.getState().model, before);
	t.deepEqual(statuses(), ['reloaded: G1-002 NO-GO -> PARTIAL by Ada Reviewer']);
	t.is(controller.getState().status.detail, '(signoffs.jsonl, ledger, tracker changed on disk)');
});

function signedBy(model: AuditModel, options: { ledger: boolean }): AuditModel {
	const copy = structuredClone(model);
	const signal = copy.signals.find((each) => each.id === 'G1-001');
	if (!signal?.ledger) throw new Error('sample model changed');
	signal.status = 'GO';
	signal.signoff = {
		status: 'GO',
		reviewer: { name: 'Bob', email: 'bob@example.invalid' },
		signed_at: '2026-02-15T10:00:00Z',
		head: 'abcdef0123456789abcdef0123456789abcdef01',
		dirty: false,
		note: 'checked',
		evidence: [],
	};
	if (options.ledger) signal.ledger.status = 'GO';
	return copy;
}

/** Loads answered from a list (an Error is thrown), counting the calls. */
function scripted(loads: Array<AuditModel | Error>) {
	let calls = 0;
	const load = async (): Promise<AuditModel> => {
		const next = loads[Math.min(calls++, loads.length - 1)];
		if (next instanceof Error) throw next;
		return next as AuditModel;
	};
	return { load, calls: () => calls };
}

test('a held load is read again by itself, and shown anyway once re-reads keep finding it half-written', async (t) => {
	const before = sampleModel();
	const half = signedBy(before, { ledger: false });
	const { load, calls } = scripted([half]);
	// The real timer, made short; the limit counts re-reads, so no clock is raced.
	const { controller, statuses, outcomes } = recordingController(before, load, { retryMs: 1, maxHeld: 3 });
	t.teardown(() => controller.stop());
	await controller.reload(['/nonexistent-audit-root/docs/audits/test/gate-tracker.json']);
	t.is(controller.getState().model, half);
	t.is(calls(), 4);
	t.deepEqual(outcomes(), ['held', 'held', 'held', 'shown']);
	t.deepEqual(statuses(), ['reloaded: G1-001 NO-GO -> GO by Bob']);
});

test('a failed load ends a hold: the next half-written load is held afresh and its cause names only its own files', async (t) => {
	const before = sampleModel();
	const half = signedBy(before, { ledger: false });
	const whole = signedBy(before, { ledger: true });
	const { load } = scripted([half, new Error('tracker.json:3:1 unexpected end of input'), half, whole]);
	// One held load at most: a hold carried over the failure would show the second half-written load at once.
	const { controller, outcomes } = recordingController(before, load, { ...noRetries, maxHeld: 1 });
	t.teardown(() => controller.stop());
	void controller.reload(['/root/old-one.tsv']);
	await until(() => controller.loadsFinished === 1);
	await controller.reload(['/root/old-two.tsv']);
	t.regex(controller.getState().status.text, /^reload failed, showing the last good model: tracker\.json:3:1/);
	void controller.reload(['/root/new-one.tsv']);
	await until(() => controller.loadsFinished === 3);
	t.is(controller.getState().model, before, 'the half-written load after the failure is held');
	await controller.reload(['/root/new-two.tsv']);
	t.deepEqual(outcomes(), ['held', 'failed', 'held', 'shown']);
	t.is(controller.getState().model, whole);
	t.is(controller.getState().status.detail, '(new-one.tsv, new-two.tsv changed on disk)');
});

test('a status edited by hand is not held: it shows at once', async (t) => {
	const before = sampleModel();
	const edited = structuredClone(before);
	const signal = edited.signals.find((each) => each.id === 'G1-001');
	if (signal) signal.status = 'PARTIAL';
	// The ledger was edited too, so tracker and ledger still agree.
	if (signal?.ledger) signal.ledger.status = 'PARTIAL';
	const { load, calls } = scripted([edited]);
	const { controller } = recordingController(before, load, {});
	t.teardown(() => controller.stop());
	await controller.reload(['/nonexistent-audit-root/docs/audits/test/gate-tracker.json']);
	t.is(calls(), 1);
	t.is(controller.getState().status.text, 'reloaded: G1-001 NO-GO -> PARTIAL');
});
