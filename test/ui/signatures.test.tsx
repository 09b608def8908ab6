/**
 * Who signed and whether it verified, where people look: the Signed column, the gate and signal screens
 * and the detail pane, from the real signature checks (ssh-keygen, real keys) run after each load; and the
 * sign-off dialog saying who you sign as and with which key.
 */
import fs from 'node:fs';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import type { AuditModel } from '../../source/model/types.js';
import { checkModelSignatures } from '../../source/signing/model-signatures.js';
import { defaultFeatures } from '../../source/ui/effects/features.js';
import { signatureFeature } from '../../source/ui/effects/signature-checks.js';
import { commitAll, editJson, LUMEN_TRACKER } from '../helpers/fixture-repo.js';
import { runCli } from '../helpers/run-cli.js';
import { allowedLine, keyFolder, makeKey } from '../signing/helpers/keys.js';
import { auditRepo } from './helpers/audit-repo.js';
import { KEYS, renderApp } from './helpers/render-app.js';

/** A lumen copy whose .arco-review.json names an allowed-signers file listing Ada's key; G0-001 signed with it. */
async function signedRepo(t: ExecutionContext) {
	const repo = auditRepo(t);
	const keys = keyFolder(t);
	const ada = makeKey(keys, 'ada');
	fs.writeFileSync(path.join(repo.root, 'allowed_signers'), `${allowedLine('ada@example.invalid', ada)}\n`);
	fs.writeFileSync(path.join(repo.root, '.arco-review.json'), `${JSON.stringify({ tracker: LUMEN_TRACKER, allowed_signers: 'allowed_signers' })}\n`);
	commitAll(repo.root, 'allowed signers');
	const signed = await runCli(['signoff', 'G0-001', '--status', 'GO', '--note', 'checked', '--sign-key', ada.privateKey], { cwd: repo.root });
	t.is(signed.code, 0, signed.stderr);
	commitAll(repo.root, 'sign-off');
	return { repo, ada };
}

/** The real signature checks, held back until `release()`: what the UI shows while they run, then after. */
function heldSignatureChecks() {
	let release: () => void = () => undefined;
	const released = new Promise<void>((resolve) => (release = resolve));
	const feature = signatureFeature(async (model: AuditModel) => {
		await released;
		return await checkModelSignatures(model);
	});
	return { feature, release };
}

test.serial('a good signature shows as ✓ in the Sign-off column, whole in the detail pane, and verified on the signal screen', async (t) => {
	const { repo, ada } = await signedRepo(t);
	const app = await renderApp(await repo.load(), { load: repo.load, features: defaultFeatures(), viewport: { columns: 100, rows: 30 } });
	t.teardown(() => app.close());
	await app.press(KEYS.enter);
	await app.waitFor((frame) => /^> G0-001 .* Ada ✓$/m.test(frame));
	// d on the highlighted signal row: its detail pane says the signature whole.
	await app.press('d');
	await app.waitFor((text) => /Detail G0-001/.test(text));
	await app.press('G');
	const detail = await app.waitFor((text) => /Signature +good signature by ada@example\.invalid/.test(text));
	t.true(detail.includes(ada.fingerprint.slice(0, 20)), detail);
	await app.press(KEYS.escape, KEYS.enter);
	const frame = await app.waitFor((text) => /Sign-off +signed GO by Ada Reviewer at [0-9a-f]{7} · ✓ signature verified/.test(text));
	t.regex(frame, /G0-001/);
});

test.serial('a detail pane open while the signatures are checked shows the answer when it arrives', async (t) => {
	const { repo } = await signedRepo(t);
	const { feature, release } = heldSignatureChecks();
	const app = await renderApp(await repo.load(), { load: repo.load, features: [feature], viewport: { columns: 100, rows: 30 } });
	t.teardown(() => app.close());
	await app.press(KEYS.enter);
	await app.waitFor((frame) => /^> G0-001 /m.test(frame));
	await app.press('d');
	await app.waitFor((text) => /Detail G0-001/.test(text));
	await app.press('G');
	await app.waitFor((text) => /Signature +checking…/.test(text));
	release();
	await app.waitFor((text) => /Signature +good signature by ada@example\.invalid/.test(text));
	t.pass();
});

test.serial('a record changed after signing shows BAD, and an unsigned one shows no mark', async (t) => {
	const { repo } = await signedRepo(t);
	editJson(repo.root, LUMEN_TRACKER, (tracker: { signals: Array<{ id: string; signoff?: { note: string } }> }) => {
		const signoff = tracker.signals.find((signal) => signal.id === 'G0-001')?.signoff;
		if (signoff) signoff.note = 'edited after signing';
	});
	const unsigned = await runCli(['signoff', 'G0-002', '--status', 'GO', '--allow-dirty'], { cwd: repo.root });
	t.is(unsigned.code, 0, unsigned.stderr);
	const app = await renderApp(await repo.load(), { load: repo.load, features: defaultFeatures(), viewport: { columns: 100, rows: 30 } });
	t.teardown(() => app.close());
	await app.press(KEYS.enter);
	const frame = await app.waitFor((text) => /^> G0-001 .* Ada BAD$/m.test(text));
	t.regex(frame, /^ {2}G0-002 .* Ada$/m);
	await app.press(KEYS.enter);
	await app.waitFor((text) => /Sign-off +signed GO by Ada Reviewer at [0-9a-f]{7} · BAD signature/.test(text));
});

test.serial('the sign-off dialog says who you sign as, where that came from, and with which key (or unsigned)', async (t) => {
	const repo = auditRepo(t);
	const app = await renderApp(await repo.load(), { load: repo.load, features: defaultFeatures(), viewport: { columns: 100, rows: 30 } });
	t.teardown(() => app.close());
	await app.press('s');
	const frame = await app.waitFor((text) => /Signature +unsigned/.test(text));
	t.regex(frame, /by Ada Reviewer <ada@example\.invalid> \(git config\)/);
});

test.serial('the Signed column is as wide as its widest tag once the checks answer, though it was measured while they ran', async (t) => {
	const { repo, ada } = await signedRepo(t);
	const signed = await runCli(['signoff', '2', '--status', 'NO-GO', '--note', 'held', '--sign-key', ada.privateKey], { cwd: repo.root });
	t.is(signed.code, 0, signed.stderr);
	editJson(repo.root, LUMEN_TRACKER, (tracker: { gates: Array<{ id: number; signoff?: { note: string } }> }) => {
		const signoff = tracker.gates.find((gate) => gate.id === 2)?.signoff;
		if (signoff) signoff.note = 'edited after signing';
	});
	const { feature, release } = heldSignatureChecks();
	const app = await renderApp(await repo.load(), { load: repo.load, features: [feature], viewport: { columns: 100, rows: 30 } });
	t.teardown(() => app.close());
	// While the check runs the tag is `Ada …`: the column is measured for that, at its least of 6 cells.
	await app.waitFor((frame) => /^ +2 .* Ada …$/m.test(frame));
	release();
	// Measured again for the answer: `Ada BAD` whole, not cut to the width measured before.
	const frame = await app.waitFor((text) => /^ +2 .* Ada BAD$/m.test(text));
	t.notRegex(frame, /Ada B…/);
});
