import { UserError } from '../errors.js';
import { modelAnchors } from '../findings/signoff-findings.js';
import { subjectFromLabel } from '../model/subject.js';
import type { AuditModel } from '../model/types.js';
import { describeSignatureCheck, type SignatureCheck } from '../signing/check-signature.js';
import { checkRecords } from '../signing/model-signatures.js';
import { policyViolation } from '../signing/policy.js';
import { canonicalJson } from './canonical-json.js';
import { historyLines, sha256Text } from './history.js';
import { readHistoryFile } from './history-file.js';
import { describePending, findPendingSignoffs, type PendingSignoff } from './pending.js';

/**
 * Completing an interrupted sign-off writes its verdict into the tracker, so its history line must pass
 * what a sign-off of its own would: canonical JSON, chained to the line before it, a signature (if any)
 * that verifies within its signing window, and the signing policy. `verify --repair` and the next
 * sign-off both ask this, before taking any lock (ssh-keygen takes a while), and then complete only the
 * lines approved here (signoff-plan.ts refuses any other that turns up meanwhile). A line that fails is
 * never completed: completing it would launder an edit into the tracker.
 *
 * Returns the sha256 of every pending line approved; throws a UserError starting with `refusal`
 * (`not signed`, `not repaired`) naming the first line that is not.
 */
export async function approvePendingLines(model: AuditModel, refusal: string): Promise<ReadonlySet<string>> {
	const file = readHistoryFile(model);
	if (file.problem !== null || file.text === '') return new Set();
	const lines = historyLines(file.text);
	const pending = findPendingSignoffs(lines, modelAnchors(model));
	if (pending.length === 0) return new Set();
	const refuse = (item: PendingSignoff, why: string): never => {
		throw new UserError(
			`${refusal}: the interrupted sign-off ${describePending(item, file.path)} ${why}; restore that line (or the tracker) from git, nothing written`,
		);
	};
	for (const item of pending) {
		const text = lines[item.line - 1] ?? '';
		if (text !== canonicalJson(JSON.parse(text))) refuse(item, 'was changed after it was written (not canonical JSON)');
		const before = item.line === 1 ? null : sha256Text(lines[item.line - 2] ?? '');
		if (item.entry.prev_sha256 !== before) refuse(item, 'is not chained to the line before it (prev_sha256)');
	}
	const checks = await checkSignatures(model, pending);
	for (const item of pending) {
		const check = checks.get(item) ?? { state: 'unsigned' };
		if (check.state === 'bad' || check.state === 'not-checked') refuse(item, `has a ${describeSignatureCheck(check)}`);
		const violation = policyViolation(model, subjectFromLabel(item.entry.subject), item.entry.record.status, check);
		if (violation !== null) refuse(item, `breaks the signing policy: ${violation}`);
	}
	return new Set(pending.map((item) => item.sha256));
}

async function checkSignatures(model: AuditModel, pending: readonly PendingSignoff[]): Promise<Map<PendingSignoff, SignatureCheck>> {
	const signed = pending.filter((item) => item.entry.record.signature);
	if (signed.length === 0) return new Map();
	// A pending line is normally not committed (its sign-off never finished): its HEAD bounds it here; verify adds its commit.
	const { checks: results } = await checkRecords(
		model,
		signed.map((item) => ({ about: item.entry, record: item.entry.record, recorded: null })),
	);
	return new Map(signed.map((item, index) => [item, results[index] ?? { state: 'unsigned' }]));
}
