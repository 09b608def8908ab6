/**
 * Sign-off from the TUI through the real core (git, locked writes, conflict detection) on lumen-audit
 * copies, and the stale marker taken from the model's `stale-signoff` findings.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { gateKey, signalKey } from '../../source/model/subject.js';
import { defaultFeatures } from '../../source/ui/effects/features.js';
import { blockedRequestOf } from '../../source/ui/state/signoff-dialog.js';
import { editJson, git, LUMEN_TRACKER, snapshotTree } from '../helpers/fixture-repo.js';
import { auditRepo, readTracker } from './helpers/audit-repo.js';
import { sampleModel } from './helpers/build-model.js';
import { KEYS, renderApp } from './helpers/render-app.js';

const lines = (frame: string) => frame.split('\n');

async function appOn(t: ExecutionContext) {
	const repo = auditRepo(t);
	const app = await renderApp(await repo.load(), { load: repo.load, features: defaultFeatures(), viewport: { columns: 100, rows: 30 } });
	t.teardown(() => app.close());
	return { repo, app };
}

/** The dialog has loaded what it will record (HEAD, reviewer), so Enter acts on a complete preview. */
const previewReady = (frame: string) => /Records +\S+ at HEAD [0-9a-f]{7} by Ada Reviewer <ada@example\.invalid>/.test(frame);

test.serial('s on a signal: arrows pick the status, the note takes any text (digits too), Enter records it at HEAD', async (t) => {
	const { repo, app } = await appOn(t);
	await app.press(KEYS.enter, KEYS.enter);
	await app.waitFor((frame) => lines(frame)[0] === 'Audit > Gate 0 > G0-001');
	await app.press('s');
	let frame = await app.waitFor(previewReady);
	t.regex(frame, /Sign off G0-001/);
	t.regex(frame, /Tree +clean/);
	t.regex(frame, /Evidence +(no files to digest|\d+ files? digested: )/);
	t.regex(frame, /\[GO\]/);
	await app.press(KEYS.right);
	t.regex(app.frame(), /\[PARTIAL\]/);
	await app.press(KEYS.right, KEYS.right);
	t.regex(app.frame(), /\[BLOCKED-EXTERNAL\]/);
	await app.press(KEYS.left, KEYS.left, KEYS.left);
	t.regex(app.frame(), /\[GO\]/);
	// A note that starts with a status digit is a note: the status stays, the digit stays.
	await app.press('3 nodes fail', ', then 1 passes');
	frame = app.frame();
	t.regex(frame, /\[GO\]/);
	t.regex(frame, /Note +3 nodes fail, then 1 passes▏/);
	await app.press(KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, 'fixed');
	t.regex(app.frame(), /Note +3 nodes fail, then 1 fixed▏/);
	await app.press(KEYS.enter);
	frame = await app.waitFor((text) => text.includes(`signed G0-001 GO at ${repo.head.slice(0, 7)} as Ada Reviewer`));
	t.is(lines(frame)[0], 'Audit > Gate 0 > G0-001');
	const signoff = readTracker(repo.root).signals.find((signal) => signal.id === 'G0-001')?.signoff;
	t.like(signoff, {
		status: 'GO',
		note: '3 nodes fail, then 1 fixed',
		head: repo.head,
		dirty: false,
		reviewer: { name: 'Ada Reviewer', email: 'ada@example.invalid' },
	});
	// The reloaded model shows it here and on the gate screen.
	t.regex(await app.waitFor((text) => /Sign-off +signed GO by Ada Reviewer at [0-9a-f]{7} · unsigned/.test(text)), /G0-001/);
	await app.press(KEYS.escape);
	await app.waitFor((text) => /^> G0-001 .* GO +ok \d+\/\d+ +Ada$/m.test(text));
});

test.serial('BLOCKED-EXTERNAL asks for owner, ticket and until; Enter refuses without them, then records them', async (t) => {
	const { repo, app } = await appOn(t);
	const before = snapshotTree(repo.root);
	await app.press('j', 'j', KEYS.enter, 'j', 'S');
	await app.waitFor(previewReady);
	t.regex(app.frame(), /Sign off G2-002/);
	// PARTIAL now: two steps right is BLOCKED-EXTERNAL, and its fields appear under the note.
	await app.press(KEYS.right, KEYS.right);
	let frame = app.frame();
	t.regex(frame, /\[BLOCKED-EXTERNAL\]/);
	t.regex(frame, /Owner +\(who it waits on\)/);
	t.regex(frame, /Ticket +\(where it is tracked\)/);
	t.regex(frame, /Until +\(YYYY-MM-DD, reviewed by then\)/);
	await app.press('waiting on the vendor', KEYS.enter);
	frame = app.frame();
	t.regex(frame, /BLOCKED-EXTERNAL needs an owner/);
	t.regex(frame, /▸Owner +▏/);
	await app.press('Vendor Ops', KEYS.tab, 'OPS-12', KEYS.tab, 'next week', KEYS.enter);
	t.regex(app.frame(), /until must be a day as YYYY-MM-DD, not "next week"/);
	await app.press('\u0015', '2026-12-31');
	frame = app.frame();
	t.regex(frame, /Owner +Vendor Ops/);
	t.regex(frame, /Ticket +OPS-12/);
	t.regex(frame, /▸Until +2026-12-31▏/);
	t.regex(frame, /Note +waiting on the vendor/);
	// Refusals write nothing.
	t.deepEqual(snapshotTree(repo.root), before);
	const dialog = app.controller.getState().dialog;
	t.deepEqual(dialog?.kind === 'signoff' ? blockedRequestOf(dialog) : null, { owner: 'Vendor Ops', ticket: 'OPS-12', until: '2026-12-31', reason: null });
	// Back to another status: the block's fields go, the note stays; and forth again, they are still filled.
	await app.press(KEYS.left);
	frame = app.frame();
	t.notRegex(frame, /Owner/);
	t.regex(frame, /▸Note +waiting on the vendor▏/);
	await app.press(KEYS.right, KEYS.enter);
	await app.waitFor((text) => text.includes(`signed G2-002 BLOCKED-EXTERNAL at ${repo.head.slice(0, 7)} as Ada Reviewer`));
	const signal = readTracker(repo.root).signals.find((candidate) => candidate.id === 'G2-002') as { status: string; blocked?: unknown; signoff?: unknown };
	t.is(signal.status, 'BLOCKED-EXTERNAL');
	t.like(signal.blocked, { owner: 'Vendor Ops', ticket: 'OPS-12', until: '2026-12-31' });
	t.like(signal.signoff, { status: 'BLOCKED-EXTERNAL', note: 'waiting on the vendor' });
	// The signal screen shows the block.
	await app.press(KEYS.enter);
	await app.waitFor((text) => /Blocked +on Vendor Ops · ticket OPS-12 · until 2026-12-31/.test(text));
});

test.serial('Esc cancels the dialog and writes nothing; S on a gate screen signs the highlighted signal', async (t) => {
	const { repo, app } = await appOn(t);
	const before = snapshotTree(repo.root);
	await app.press(KEYS.enter, 'j', 'S');
	await app.waitFor(previewReady);
	t.regex(app.frame(), /Sign off G0-002/);
	await app.press('not this time', KEYS.escape);
	const frame = await app.waitFor((text) => text.includes('sign-off of G0-002 cancelled: nothing written'));
	t.is(lines(frame)[0], 'Audit > Gate 0');
	t.deepEqual(snapshotTree(repo.root), before);
});

test.serial('gate GO while its signals are open is refused with the one-line reason; nothing is written', async (t) => {
	const { repo, app } = await appOn(t);
	const before = snapshotTree(repo.root);
	await app.press('j', 'j', KEYS.enter);
	await app.waitFor((frame) => lines(frame)[0] === 'Audit > Gate 2');
	await app.press('s');
	await app.waitFor(previewReady);
	t.regex(app.frame(), /Sign off gate 2/);
	// NO-GO now: two steps left is GO.
	await app.press(KEYS.left, KEYS.left, KEYS.enter);
	const frame = await app.waitFor((text) => /not signed: gate 2 cannot be signed GO: G2-001, G2-002 are not GO/.test(text));
	// Shown in the dialog (still open) and on the status line.
	t.regex(frame, /Sign off gate 2/);
	t.is(lines(frame).filter((line) => line.includes('cannot be signed GO')).length, 2);
	t.deepEqual(snapshotTree(repo.root), before);
});

test.serial('a sign-off race lost to a change on disk: refused, the change kept; u takes the new state, Enter signs over it', async (t) => {
	const { repo, app } = await appOn(t);
	await app.press(KEYS.enter, 'j', KEYS.enter);
	await app.waitFor((frame) => lines(frame)[0] === 'Audit > Gate 0 > G0-002');
	await app.press('s');
	await app.waitFor(previewReady);
	editJson<{ signals: Array<{ id: string; status: string }> }>(repo.root, LUMEN_TRACKER, (tracker) => {
		const signal = tracker.signals.find((candidate) => candidate.id === 'G0-002');
		if (signal) signal.status = 'PARTIAL';
	});
	await app.press('ship it', KEYS.enter);
	// The refusal is wrapped in the dialog: read it as one text.
	let frame = await app.waitFor((text) => /not signed: .*G0-002 changed on disk since it was loaded \(now PARTIAL\)/.test(text.replace(/\n/g, ' ')));
	t.regex(frame, /u takes the state on disk and keeps this dialog/);
	t.regex(lines(frame).at(-1)!, /u use new state/);
	let signal = readTracker(repo.root).signals.find((candidate) => candidate.id === 'G0-002');
	t.is(signal?.status, 'PARTIAL');
	t.is(signal?.signoff, undefined);
	// While refused the note does not take typing: the letter is not lost into it.
	await app.press('u');
	frame = await app.waitFor((text) => /now PARTIAL: your status and note are kept; Enter signs over it/.test(text));
	t.regex(frame, /Sign off G0-002/);
	t.regex(frame, /Now +PARTIAL/);
	t.regex(frame, /\[GO\]/);
	t.regex(frame, /Note +ship it▏/);
	await app.press(KEYS.enter);
	await app.waitFor((text) => text.includes(`signed G0-002 GO at ${repo.head.slice(0, 7)} as Ada Reviewer`));
	signal = readTracker(repo.root).signals.find((candidate) => candidate.id === 'G0-002');
	t.is(signal?.status, 'GO');
	t.like(signal?.signoff, { status: 'GO', note: 'ship it' });
});

test.serial('a dirty tree is refused in the dialog; a then signs anyway and records dirty: true', async (t) => {
	const { repo, app } = await appOn(t);
	fs.writeFileSync(path.join(repo.root, 'services', 'scratch.txt'), 'work in progress\n');
	await app.press('s');
	let frame = await app.waitFor(previewReady);
	t.regex(frame, /Sign off gate 0/);
	t.regex(frame, /Tree +dirty: 1 changed path \(services\/scratch\.txt\)/);
	await app.press(KEYS.enter);
	frame = await app.waitFor((text) => /not signed: uncommitted changes outside the audit's files \(services\/scratch\.txt\)/.test(text));
	t.regex(lines(frame).at(-1)!, /a allow dirty/);
	t.is(readTracker(repo.root).gates.find((gate) => gate.id === 0)?.signoff, undefined);
	await app.press('a');
	await app.waitFor((text) => text.includes(`signed gate 0 GO at ${repo.head.slice(0, 7)} (dirty tree) as Ada Reviewer`));
	t.like(readTracker(repo.root).gates.find((gate) => gate.id === 0)?.signoff, { status: 'GO', dirty: true, head: repo.head });
	await app.waitFor((text) => /^> +0 Re-baseline.* Ada$/m.test(text));
});

test.serial('stale comes from the stale-signoff finding, not from comparing HEADs', async (t) => {
	const model = sampleModel();
	const oldHead = 'abcdef0123456789abcdef0123456789abcdef01';
	const record = {
		status: 'GO',
		reviewer: { name: 'Ada', email: 'ada@example.invalid' },
		signed_at: '2026-02-14T00:00:00Z',
		head: oldHead,
		dirty: false,
		note: '',
		evidence: [],
	};
	for (const signal of model.signals) if (signal.id === 'G3-001' || signal.id === 'G0-001') signal.signoff = record;
	const gate3 = model.gates.find((gate) => gate.id === 3);
	if (gate3) gate3.signoff = { ...record, status: 'PARTIAL' };
	model.findings.push(
		{
			severity: 'error',
			code: 'stale-signoff',
			subject: 'G3-001',
			about: signalKey('G3-001'),
			message: 'G3-001 was signed GO at abcdef0; since then evidence/gate-3/restart.log changed',
		},
		{
			severity: 'error',
			code: 'stale-signoff',
			subject: 'gate 3',
			about: gateKey(3),
			message: 'gate 3 was signed PARTIAL at abcdef0; since then evidence/gate-3/restart.log changed',
		},
	);
	const app = await renderApp(model);
	t.teardown(() => app.close());
	// Signed at an older HEAD, but nothing it rests on changed: not stale.
	t.regex(app.frame(), /^> +0 Re-baseline.* —$/m);
	t.regex(app.frame(), /^ +3 Layer-2.* stale Ada$/m);
	await app.press(KEYS.enter);
	await app.waitFor((frame) => /^> G0-001 .* Ada$/m.test(frame));
	await app.press(KEYS.escape, 'G', KEYS.enter);
	const frame = await app.waitFor((text) => lines(text)[0] === 'Audit > Gate 3');
	t.regex(frame, /Sign-off +stale PARTIAL by Ada at abcdef0 · unsigned/);
	t.regex(frame, /^> G3-001 .* stale Ada$/m);
	t.regex(frame, /^ {2}G3-002 .* —$/m);
});

test.serial('no reviewer configured: the dialog says who is missing, Enter is refused, nothing is written', async (t) => {
	const repo = auditRepo(t);
	git(repo.root, ['config', '--unset', 'user.name']);
	const before = snapshotTree(repo.root);
	// HOME and XDG point away so no global git identity stands in for the missing one.
	const home = fs.mkdtempSync(path.join(os.tmpdir(), 'arco-no-reviewer-'));
	t.teardown(() => fs.rmSync(home, { recursive: true, force: true }));
	const saved = { HOME: process.env['HOME'], XDG_CONFIG_HOME: process.env['XDG_CONFIG_HOME'], GIT_CONFIG_GLOBAL: process.env['GIT_CONFIG_GLOBAL'] };
	Object.assign(process.env, { HOME: home, XDG_CONFIG_HOME: home, GIT_CONFIG_GLOBAL: path.join(home, 'gitconfig') });
	t.teardown(() => {
		for (const [name, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
	});
	const app = await renderApp(await repo.load(), { load: repo.load, features: defaultFeatures() });
	t.teardown(() => app.close());
	await app.press('s');
	await app.waitFor((frame) => /cannot sign here: who is signing\? set git config user\.name/.test(frame));
	await app.press(KEYS.enter);
	await app.waitFor((frame) => /not signed: who is signing\?/.test(frame));
	t.deepEqual(snapshotTree(repo.root), before);
});
