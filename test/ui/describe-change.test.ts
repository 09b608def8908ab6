import test from 'ava';
import type { AuditModel } from '../../source/model/types.js';
import { describeCause, describeChange, halfWrittenSignoff, reloadSummary } from '../../source/ui/state/describe-change.js';
import { sampleModel } from './helpers/build-model.js';

/** A deep copy to edit, so the "before" model stays as loaded. */
function edited(model: AuditModel, edit: (copy: AuditModel) => void): AuditModel {
	const copy = structuredClone(model);
	edit(copy);
	return copy;
}

test('no differences give no changes', (t) => {
	const model = sampleModel();
	t.deepEqual(describeChange(model, structuredClone(model)), []);
	t.is(reloadSummary([]), 'reloaded: no visible changes');
});

test('a signal status change is reported first and in the status-line words', (t) => {
	const before = sampleModel();
	const after = edited(before, (model) => {
		model.signals.find((signal) => signal.id === 'G3-002')!.status = 'GO';
		model.gates[0]!.statusReason = 'new reason';
	});
	const changes = describeChange(before, after);
	t.is(changes[0], 'G3-002 NO-GO -> GO');
	t.true(changes.includes('gate 0 status reason edited'));
	t.is(reloadSummary(changes.slice(0, 1)), 'reloaded: G3-002 NO-GO -> GO');
});

test('signal statuses come before the gate statuses they cause', (t) => {
	const before = sampleModel();
	const after = edited(before, (model) => {
		model.signals.find((signal) => signal.id === 'G1-001')!.status = 'GO';
		model.gates[1]!.derivedStatus = 'PARTIAL';
		model.gates[1]!.status = 'PARTIAL';
	});
	t.deepEqual(describeChange(before, after), ['G1-001 NO-GO -> GO', 'gate 1 NO-GO -> PARTIAL', 'gate 1 derived NO-GO -> PARTIAL']);
});

test('gate status and derived status changes', (t) => {
	const before = sampleModel();
	t.deepEqual(
		describeChange(
			before,
			edited(before, (model) => {
				model.gates[1]!.status = 'PARTIAL';
			}),
		),
		['gate 1 NO-GO -> PARTIAL'],
	);
	t.deepEqual(
		describeChange(
			before,
			edited(before, (model) => {
				model.gates[1]!.derivedStatus = 'PARTIAL';
			}),
		),
		['gate 1 derived NO-GO -> PARTIAL'],
	);
});

test('added and removed gates and signals', (t) => {
	const before = sampleModel();
	const after = edited(before, (model) => {
		model.gates = model.gates.filter((gate) => gate.id !== 1);
		model.gates.push({ ...structuredClone(model.gates[0]!), id: 9 });
		model.signals = model.signals.filter((signal) => signal.id !== 'G1-001');
		model.signals.push({ ...structuredClone(model.signals[0]!), id: 'G9-001' });
	});
	const changes = describeChange(before, after);
	for (const expected of ['gate 9 added', 'gate 1 removed', 'G9-001 added', 'G1-001 removed']) t.true(changes.includes(expected), expected);
});

test('sign-offs, owners and ledger edits', (t) => {
	const before = sampleModel();
	const after = edited(before, (model) => {
		const signal = model.signals.find((each) => each.id === 'G3-001')!;
		signal.signoff = {
			status: 'GO',
			reviewer: { name: 'Ada', email: 'ada@example.com' },
			signed_at: '2026-02-14T00:00:00Z',
			head: 'abc',
			dirty: false,
			note: '',
			evidence: [],
		};
		signal.owner = 'Platform';
		signal.ledger!.title = 'Renamed';
		signal.ledger!.evidence[0]!.exists = false;
	});
	const changes = describeChange(before, after);
	t.true(changes.includes('G3-001 signed off GO by Ada'));
	t.true(changes.includes('G3-001 owner Release Engineering -> Platform'));
	t.true(changes.includes('G3-001 ledger title, evidence edited'));
	t.true(changes.indexOf('G3-001 signed off GO by Ada') < changes.indexOf('G3-001 owner Release Engineering -> Platform'));
});

const signoffBy = (name: string, status: string) => ({
	status,
	reviewer: { name, email: `${name.toLowerCase()}@example.com` },
	signed_at: '2026-02-15T00:00:00Z',
	head: 'def',
	dirty: false,
	note: 'partner',
	evidence: [],
});

test("a partner's sign-off that changes a status is one phrase: subject, old and new status, reviewer", (t) => {
	const before = sampleModel();
	const after = edited(before, (model) => {
		const signal = model.signals.find((each) => each.id === 'G1-002')!;
		signal.status = 'NO-GO';
		signal.ledger!.status = 'NO-GO';
		signal.signoff = signoffBy('Bob', 'NO-GO');
		const gate = model.gates.find((each) => each.id === 2)!;
		gate.signoff = signoffBy('Bob', 'GO');
	});
	const changes = describeChange(before, after);
	t.is(changes[0], 'G1-002 BLOCKED-EXTERNAL -> NO-GO by Bob');
	t.true(changes.includes('gate 2 signed off GO by Bob'));
	t.false(
		changes.some((change) => change.startsWith('G1-002') && change !== changes[0]),
		JSON.stringify(changes),
	);
	t.is(reloadSummary(changes), 'reloaded: G1-002 BLOCKED-EXTERNAL -> NO-GO by Bob; gate 2 signed off GO by Bob');
});

test('a load between the writes of one sign-off looks half-written, whichever file came first; the whole one does not', (t) => {
	const before = sampleModel();
	// History written first: its line is not anchored by the tracker yet.
	const historyOnly = edited(before, (model) => {
		model.findings.push({
			severity: 'error',
			code: 'interrupted-signoff',
			subject: 'G1-001',
			about: { kind: 'signal', signalId: 'G1-001' },
			message: 'interrupted sign-off: G1-001 GO by Bob …',
		});
	});
	// Then the ledger: its status cell is GO, the tracker still says NO-GO.
	const ledgerToo = edited(historyOnly, (model) => {
		model.signals.find((each) => each.id === 'G1-001')!.ledger!.status = 'GO';
	});
	// The old order: the tracker first, the ledger not yet.
	const trackerOnly = edited(before, (model) => {
		const signal = model.signals.find((each) => each.id === 'G1-001')!;
		signal.status = 'GO';
		signal.signoff = signoffBy('Bob', 'GO');
	});
	const whole = edited(trackerOnly, (model) => {
		model.signals.find((each) => each.id === 'G1-001')!.ledger!.status = 'GO';
	});
	t.is(halfWrittenSignoff(before, historyOnly), 'a sign-off of G1-001 is in the history, not yet in the tracker');
	t.is(halfWrittenSignoff(before, ledgerToo), 'a sign-off of G1-001 is in the history, not yet in the tracker');
	t.is(
		halfWrittenSignoff(
			before,
			edited(before, (model) => (model.signals.find((each) => each.id === 'G1-001')!.ledger!.status = 'GO')),
		),
		'G1-001 is NO-GO in the tracker, GO in the ledger',
	);
	t.is(halfWrittenSignoff(before, trackerOnly), 'G1-001 is GO in the tracker, NO-GO in the ledger');
	t.is(halfWrittenSignoff(before, whole), null);
	// An interrupted sign-off already on screen is not a new one: its load is shown.
	t.is(halfWrittenSignoff(historyOnly, structuredClone(historyOnly)), null);
	// A ledger that disagreed before is not waiting for this sign-off: shown as it is.
	const disagreeing = edited(before, (model) => {
		model.signals.find((each) => each.id === 'G1-001')!.ledger!.status = 'PARTIAL';
	});
	t.is(
		halfWrittenSignoff(
			disagreeing,
			edited(disagreeing, (model) => {
				model.signals.find((each) => each.id === 'G1-001')!.status = 'GO';
			}),
		),
		null,
	);
});

test('command runs: new rows, changed exit codes, reruns, matrix all_pass, git', (t) => {
	const before = sampleModel();
	const after = edited(before, (model) => {
		const file = model.statusFiles.find((each) => each.path.endsWith('command-matrix-status.tsv'))!;
		file.entries[0]!.latest.exitCode = 1;
		file.entries[0]!.latest.exitCodeText = '1';
		file.entries[1]!.latest.startUtc = '2026-03-01T00:00:00Z';
		file.entries.push({ ...structuredClone(file.entries[0]!), name: 'new_check' });
		model.matrix.allPass = true;
		model.git.head = 'ffffffffffffffff';
		model.git.dirty = true;
	});
	const changes = describeChange(before, after);
	for (const expected of [
		'fmt_check exit 0 -> 1',
		'clippy_workspace ran again (exit 101)',
		'new_check recorded (exit 1)',
		'matrix all_pass false -> true',
		'HEAD 1234567 -> fffffff',
		'working tree now dirty',
	]) {
		t.true(changes.includes(expected), `${expected} in ${JSON.stringify(changes)}`);
	}
});

test('summary shows three changes and counts the rest', (t) => {
	t.is(reloadSummary(['a', 'b', 'c', 'd', 'e']), 'reloaded: a; b; c (+2 more)');
});

test('cause names the tracker, the ledger, or the file', (t) => {
	const model = sampleModel({ root: '/repo' });
	t.is(describeCause(['/repo/docs/audits/test/gate-tracker.json'], model), 'tracker changed on disk');
	t.is(
		describeCause(['/repo/docs/audits/test/signal-ledger.md', '/repo/evidence/x/g5-002-command-status.tsv'], model),
		'ledger, g5-002-command-status.tsv changed on disk',
	);
	t.is(
		describeCause(['/repo/a/1.tsv', '/repo/a/2.tsv', '/repo/a/3.tsv', '/repo/a/4.tsv', '/repo/a/5.tsv'], model),
		'1.tsv, 2.tsv, 3.tsv and 2 more changed on disk',
	);
});
