import { EXIT_CHECK_FAILED, EXIT_OK } from '../errors.js';
import type { AuditModel } from '../model/types.js';
import { trustAnchorWarnings } from '../signing/allowed-signers.js';
import { describeSignatureCheck, type SignatureCheck } from '../signing/check-signature.js';
import { checkRecords, describeTrustAnchor, type TrustAnchor } from '../signing/model-signatures.js';
import { policyViolation } from '../signing/policy.js';
import { type RepairOutcome, repairInterrupted } from '../signoff/repair.js';
import { type SubjectSignoff, subjectsWithSignoff } from '../signoff/subject.js';
import { type VerifiedLine, type VerifyResult, verifyHistory } from '../signoff/verify-history.js';
import { sanitizeLine } from '../text/sanitize.js';
import { booleanOption, type CommandContext, writeJson } from './command-context.js';
import { loadForCommand } from './load-for-command.js';

/**
 * `verify [--repair] [--json]`: the history's chain, its anchors in the tracker and in git, and every
 * sign-off's signature (good with its principal, unsigned, signed by another principal than recorded,
 * key not in the allowed signers, not valid at signing time, bad, not checked). Exit 1 on any problem;
 * everything but a bad signature is a warning unless the policy of `.arco-review.json` asks for a good
 * signature. Says which allowed signers file the signatures were checked against.
 */
export async function runVerify(context: CommandContext): Promise<number> {
	let model = await loadForCommand(context);
	let repaired: RepairOutcome | null = null;
	if (booleanOption(context.values, 'repair')) {
		repaired = await repairInterrupted(model, { onWait: (message) => context.stderr.write(`${sanitizeLine(message)}\n`) });
		// Verify what is on disk now; the discovery note was said once already.
		if (repaired.completed.length > 0) model = await loadForCommand({ ...context, stderr: { write: () => true } });
	}
	const result = await verifyHistory(model);
	const signatures = await checkSignatures(model, result);
	const allProblems = [...result.problems, ...signatures.problems];
	const ok = allProblems.length === 0;
	if (booleanOption(context.values, 'json')) {
		writeJson(context, {
			ok,
			history: result.history,
			lines: result.lines,
			committed_versions: result.committedVersions,
			allowed_signers: signatures.anchor && anchorJson(signatures.anchor),
			repaired: repaired && { completed: repaired.completed, uncompletable: repaired.uncompletable },
			problems: allProblems,
			warnings: signatures.warnings,
			interrupted: result.interrupted,
			signoffs: result.signoffs.map((signoff, index) => signoffJson(signoff, signatures.checks[index] ?? { state: 'unsigned' })),
		});
		return ok ? EXIT_OK : EXIT_CHECK_FAILED;
	}
	const out = (line: string): void => void context.stdout.write(`${line}\n`);
	for (const line of repaired?.completed ?? []) out(`repaired: completed ${sanitizeLine(line)}`);
	for (const line of repaired?.uncompletable ?? []) out(`not repaired: ${sanitizeLine(line)} (its subject is no longer in the tracker)`);
	out(`${sanitizeLine(result.history)}: ${result.lines} sign-off${result.lines === 1 ? '' : 's'}`);
	const width = Math.max(0, ...result.signoffs.map((signoff) => sanitizeLine(signoff.entry.subject).length));
	result.signoffs.forEach((signoff, index) => {
		const { entry } = signoff;
		const who = `${entry.record.reviewer.name} <${entry.record.reviewer.email}>`;
		out(
			`${String(signoff.line).padStart(5)}  ${sanitizeLine(entry.subject).padEnd(width)}  ${sanitizeLine(entry.record.status).padEnd(16)}  ${sanitizeLine(entry.record.signed_at)}  ${sanitizeLine(who)}: ${sanitizeLine(describeSignatureCheck(signatures.checks[index] ?? { state: 'unsigned' }))}`,
		);
	});
	if (signatures.anchor) out(`signatures checked against ${sanitizeLine(describeTrustAnchor(signatures.anchor))}`);
	for (const warning of signatures.warnings) out(`warning: ${sanitizeLine(warning)}`);
	for (const problem of allProblems) out(sanitizeLine(problem));
	out(
		ok
			? `OK: chain intact, tracker matches; ${summary(result, signatures.checks)}`
			: `FAIL: ${allProblems.length} problem${allProblems.length === 1 ? '' : 's'}; ${summary(result, signatures.checks)}`,
	);
	return ok ? EXIT_OK : EXIT_CHECK_FAILED;
}

function summary(result: VerifyResult, checks: SignatureCheck[]): string {
	const count = (...states: Array<SignatureCheck['state']>): number => checks.filter((check) => states.includes(check.state)).length;
	const committed =
		result.committedVersions > 0 ? `, extends its ${result.committedVersions} committed version${result.committedVersions === 1 ? '' : 's'}` : '';
	const notChecked = count('not-checked') > 0 ? `, ${count('not-checked')} not checked` : '';
	return `${result.lines} line${result.lines === 1 ? '' : 's'}${committed}; signatures: ${count('good')} good, ${count('unsigned')} unsigned, ${count('unknown-key', 'not-valid-at-signing-time', 'other-signer')} unverified, ${count('bad')} bad${notChecked}`;
}

interface SignatureReport {
	/** One per line of `result.signoffs`. */
	checks: SignatureCheck[];
	problems: string[];
	warnings: string[];
	/** What they were checked against; null when nothing is signed. */
	anchor: TrustAnchor | null;
}

async function checkSignatures(model: AuditModel, result: VerifyResult): Promise<SignatureReport> {
	const current = subjectsWithSignoff(model);
	const lines = result.signoffs;
	if (!lines.some((line) => line.entry.record.signature) && !current.some((item) => item.record.signature)) {
		return {
			checks: lines.map(() => ({ state: 'unsigned' })),
			problems: policyProblems(model, current, () => ({ state: 'unsigned' })),
			warnings: [],
			anchor: null,
		};
	}
	const recordedBySha = new Map(lines.map((line) => [line.sha256, line.recorded]));
	// Every history line, then every current sign-off (judged within the window of the line it anchors).
	const { anchor, checks: all } = await checkRecords(model, [
		...lines.map((line) => ({ about: line.entry, record: line.entry.record, recorded: line.recorded })),
		...current.map((item) => ({ about: item, record: item.record, recorded: recordedBySha.get(item.record.history_sha256 ?? '') ?? null })),
	]);
	const checks = all.slice(0, lines.length);
	const currentChecks = all.slice(lines.length);
	const problems: string[] = [];
	const warnings = trustAnchorWarnings(model, anchor.allowed);
	lines.forEach((line, index) => {
		const check = checks[index] ?? { state: 'unsigned' };
		const where = `${result.history}:${line.line}: ${line.entry.subject}`;
		if (check.state === 'bad') problems.push(`${where}: ${describeSignatureCheck(check)}`);
		else if (check.state !== 'good' && check.state !== 'unsigned') warnings.push(`${where}: ${describeSignatureCheck(check)}`);
	});
	problems.push(...policyProblems(model, current, (index) => currentChecks[index] ?? { state: 'unsigned' }));
	return { checks, problems, warnings, anchor };
}

function policyProblems(model: AuditModel, current: SubjectSignoff[], checkOf: (index: number) => SignatureCheck): string[] {
	return current.flatMap((item, index) => {
		const violation = policyViolation(model, item.key, item.record.status, checkOf(index));
		return violation === null ? [] : [`${model.trackerPath}: ${violation}`];
	});
}

function anchorJson(anchor: TrustAnchor): Record<string, unknown> {
	const { allowed, problem } = anchor;
	return {
		file: allowed?.inRepository ?? allowed?.file ?? null,
		source: allowed?.source ?? null,
		overridden: allowed?.overridden ?? null,
		problem,
	};
}

function signoffJson(signoff: VerifiedLine, check: SignatureCheck): Record<string, unknown> {
	const { entry } = signoff;
	return {
		line: signoff.line,
		format: signoff.format,
		subject: entry.subject,
		kind: entry.kind,
		status: entry.record.status,
		previous_status: entry.previous_status,
		reviewer: entry.record.reviewer,
		signed_at: entry.record.signed_at,
		head: entry.record.head,
		signature: check,
	};
}
