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

test.serial('s on a signal: pick a status, type a note, Enter records it at HEAD and every screen shows it', async (t) => {
	const { repo, app } = await appOn(t);
	await app.press(KEYS.enter, KEYS.enter);
	await app.waitFor((frame) => lines(frame)[0] === 'Audit > Gate 0 > G0-001');
	await app.press('s');
	let frame = await app.waitFor(previewReady);
	t.regex(frame, /Sign off G0-001/);
	t.regex(frame, /Tree +clean/);
	t.regex(frame, /Evidence +(no files to digest|\d+ files? digested: )/);
	t.regex(frame, /\[1 GO\]/);
	await app.press(KEYS.right);
	t.regex(app.frame(), /\[2 PARTIAL\]/);
	await app.press(KEYS.tab, KEYS.tab);
	t.regex(app.frame(), /\[4 BLOCKED-EXTERNAL\]/);
	await app.press('1', 'verified 2 runs');
	frame = app.frame();
	t.regex(frame, /\[1 GO\]/);
	t.regex(frame, /Note +verified 2 runs▏/);
	await app.press(KEYS.enter);
	frame = await app.waitFor((text) => text.includes(`signed G0-001 GO at ${repo.head.slice(0, 7)} as Ada Reviewer`));
	t.is(lines(frame)[0], 'Audit > Gate 0 > G0-001');
	const signoff = readTracker(repo.root).signals.find((signal) => signal.id === 'G0-001')?.signoff;
	t.like(signoff, { status: 'GO', note: 'verified 2 runs', head: repo.head, dirty: false, reviewer: { name: 'Ada Reviewer', email: 'ada@example.invalid' } });
	// The reloaded model shows it here and on the gate screen.
	t.regex(await app.waitFor((text) => /sign-off signed GO by Ada Reviewer at/.test(text)), /G0-001/);
	await app.press(KEYS.escape);
	await app.waitFor((text) => /^> G0-001 .* GO +ok \d+\/\d+ +signed$/m.test(text));
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
	await app.press('1', KEYS.enter);
	const frame = await app.waitFor((text) => /not signed: gate 2 cannot be signed GO: G2-001, G2-002 are not GO/.test(text));
	// Shown in the dialog (still open) and on the status line.
	t.regex(frame, /Sign off gate 2/);
	t.is(lines(frame).filter((line) => line.includes('cannot be signed GO')).length, 2);
	t.deepEqual(snapshotTree(repo.root), before);
});

test.serial('a subject changed on disk after the dialog opened is a conflict: refused, the change on disk is kept', async (t) => {
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
	await app.waitFor((text) => /not signed: .*G0-002 changed on disk since it was loaded \(now PARTIAL\)/.test(text.replace(/\n/g, ' ')));
	const signal = readTracker(repo.root).signals.find((candidate) => candidate.id === 'G0-002');
	t.is(signal?.status, 'PARTIAL');
	t.is(signal?.signoff, undefined);
});

test.serial('a dirty tree is refused in the dialog; a then signs anyway and records dirty: true', async (t) => {
	const { repo, app } = await appOn(t);
	fs.writeFileSync(path.join(repo.root, 'services', 'scratch.txt'), 'work in progress\n');
	await app.press('s');
	let frame = await app.waitFor(previewReady);
	t.regex(frame, /Sign off gate 0/);
	t.regex(frame, /Tree +dirty: 1 changed path \(services\/scratch\.txt\)/);
	await app.press(KEYS.enter);
	frame = await app.waitFor((text) => /not signed: uncommitted changes outside the audit's files \(services\/scratch\.txt\); a signs anyway/.test(text));
	t.regex(lines(frame).at(-1)!, /a allow dirty/);
	t.is(readTracker(repo.root).gates.find((gate) => gate.id === 0)?.signoff, undefined);
	await app.press('a');
	await app.waitFor((text) => text.includes(`signed gate 0 GO at ${repo.head.slice(0, 7)} (dirty tree) as Ada Reviewer`));
	t.like(readTracker(repo.root).gates.find((gate) => gate.id === 0)?.signoff, { status: 'GO', dirty: true, head: repo.head });
	await app.waitFor((text) => /^> +0 Re-baseline.* signed$/m.test(text));
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
	t.regex(app.frame(), /^ +3 Layer-2.* stale$/m);
	await app.press(KEYS.enter);
	await app.waitFor((frame) => /^> G0-001 .* signed$/m.test(frame));
	await app.press(KEYS.escape, 'G', KEYS.enter);
	const frame = await app.waitFor((text) => lines(text)[0] === 'Audit > Gate 3');
	t.regex(frame, /sign-off stale PARTIAL by Ada at abcdef0/);
	t.regex(frame, /^> G3-001 .* stale$/m);
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
