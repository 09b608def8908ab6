/**
 * An interrupted sign-off is completed (by `verify --repair` or by the next sign-off) only when its
 * history line passes what a sign-off of its own would: canonical, chained, a signature that verifies,
 * the signing policy. Both paths share one check, so the next sign-off cannot launder what the repair
 * refuses. Refusals write nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ExecutionContext } from 'ava';
import { UserError } from '../../source/errors.js';
import { historyPathOf } from '../../source/model/audit-files.js';
import { loadAudit } from '../../source/model/load-audit.js';
import { canonicalJson } from '../../source/signoff/canonical-json.js';
import { sha256Text } from '../../source/signoff/history.js';
import { planSignoff } from '../../source/signoff/signoff-plan.js';
import { allowedLine, keyFolder, makeKey } from '../signing/helpers/keys.js';
import { signingRepo, useGitKey } from '../signing/helpers/signing-repo.js';
import {
	auditFiles,
	auditTest,
	commitAll,
	expectExit,
	historyLines,
	makeRepo,
	type Profile,
	REVIEWER,
	read,
	runBin,
	runMain,
	signalOf,
	write,
} from './helpers/audit-repo.js';

/** Signs `subject`, then puts tracker and ledger back: what a SIGKILL right after the history line leaves. */
async function interrupted(t: ExecutionContext, root: string, profile: Profile, subject: string, status: string, args: string[] = []): Promise<void> {
	const before = { tracker: read(root, profile.tracker), ledger: read(root, profile.ledger) };
	expectExit(t, await runMain(['signoff', subject, '--status', status, '--note', 'as signed', ...args], root), 0, `signoff ${subject}`);
	write(root, profile.tracker, before.tracker);
	write(root, profile.ledger, before.ledger);
}

function editLastLine(root: string, profile: Profile, edit: (entry: Record<string, unknown>) => string): void {
	const lines = historyLines(root, profile);
	const entry = JSON.parse(lines.pop()!) as Record<string, unknown>;
	write(root, profile.history, `${[...lines, edit(entry)].join('\n')}\n`);
}

/** Neither the next sign-off nor `verify --repair` completes it; both exit 2 naming why; nothing is written. */
async function neitherCompletes(t: ExecutionContext, root: string, profile: Profile, why: RegExp, signArgs: string[] = []): Promise<void> {
	const before = auditFiles(root, profile);
	const next = await runBin(['signoff', profile.otherSignal, '--status', 'PARTIAL', '--note', 'next', ...signArgs], root);
	expectExit(t, next, 2, 'the next sign-off');
	t.regex(next.stderr, new RegExp(`^arco-review: not signed: the interrupted sign-off ${profile.signal} .*${why.source}.*nothing written\\n$`));
	t.deepEqual(auditFiles(root, profile), before, 'the next sign-off wrote');
	const repair = await runBin(['verify', '--repair'], root);
	expectExit(t, repair, 2, 'verify --repair');
	t.regex(repair.stderr, new RegExp(`^arco-review: not repaired: the interrupted sign-off ${profile.signal} .*${why.source}`));
	t.deepEqual(auditFiles(root, profile), before, 'the repair wrote');
	t.is(signalOf(root, profile, profile.signal).status, profile.signalStatus);
}

auditTest('a signed pending line rewritten to GO (canonical, chained): the next sign-off refuses it as verify --repair does', {}, async (t, profile) => {
	const keys = keyFolder(t);
	const rita = makeKey(keys, 'rita');
	const root = signingRepo(t, profile, { allowed: [allowedLine(REVIEWER.email, rita)] });
	useGitKey(root, rita.privateKey);
	await interrupted(t, root, profile, profile.signal, 'PARTIAL');
	editLastLine(root, profile, (entry) => {
		const record = entry['record'] as Record<string, unknown>;
		return canonicalJson({ ...entry, record: { ...record, status: 'GO', note: 'forged' } });
	});
	await neitherCompletes(t, root, profile, /GO .* has a BAD signature \(the record does not match its signature/);
});

auditTest('an unsigned pending GO line when require_signed asks for a signature: neither path completes it', {}, async (t, profile) => {
	const keys = keyFolder(t);
	const rita = makeKey(keys, 'rita');
	const root = signingRepo(t, profile, { allowed: [allowedLine(REVIEWER.email, rita)] });
	await interrupted(t, root, profile, profile.signal, 'GO');
	fs.writeFileSync(
		path.join(root, '.arco-review.json'),
		`${JSON.stringify({ tracker: profile.tracker, allowed_signers: 'allowed_signers', require_signed: 'GO' })}\n`,
	);
	commitAll(root, 'GO must be signed from now on');
	await neitherCompletes(t, root, profile, /breaks the signing policy: .* is unsigned, but require_signed/, ['--sign-key', rita.privateKey]);
});

auditTest('a pending line that is not canonical, or not chained to the line before it, is not completed either', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	await interrupted(t, root, profile, profile.signal, 'GO');
	const line = historyLines(root, profile).at(-1)!;
	editLastLine(root, profile, () => line.replace('"kind":"signal"', '"kind": "signal"'));
	await neitherCompletes(t, root, profile, /not canonical JSON/);
	editLastLine(root, profile, (entry) => canonicalJson({ ...entry, prev_sha256: 'f'.repeat(64) }));
	await neitherCompletes(t, root, profile, /is not chained to the line before it/);
	// Put back as written, it is completed by the next sign-off.
	editLastLine(root, profile, () => line);
	expectExit(t, await runBin(['signoff', profile.otherSignal, '--status', 'PARTIAL'], root), 0, 'next sign-off');
	t.is(signalOf(root, profile, profile.signal).status, 'GO');
	expectExit(t, await runBin(['verify'], root), 0, 'verify');
});

auditTest('under the locks, a pending line that was not checked before them is refused, not completed', {}, async (t, profile) => {
	const root = makeRepo(t, profile);
	await interrupted(t, root, profile, profile.signal, 'GO');
	const model = await loadAudit({ cwd: root, env: {} });
	const history = read(root, profile.history);
	const input = {
		tracker: read(root, profile.tracker),
		ledger: read(root, profile.ledger),
		history,
		trackerPath: model.trackerPath,
		historyPath: historyPathOf(model),
	};
	const error = t.throws(() => planSignoff({ ...input, approvedPending: new Set() }, null));
	t.true(error instanceof UserError);
	t.regex(error?.message ?? '', new RegExp(`line 1 \\(${profile.signal}\\) is an interrupted sign-off that turned up while this one was being prepared`));
	const approved = planSignoff({ ...input, approvedPending: new Set([sha256Text(history.trimEnd())]) }, null);
	t.is(approved.completed.length, 1);
});
