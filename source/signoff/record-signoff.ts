import { refusalsAsUserErrors, UserError } from '../errors.js';
import { readWorkTreeStatus } from '../git/repository.js';
import type { Reviewer, ReviewerSource } from '../git/reviewer.js';
import { auditOwnFiles, changesOutsideAudit, historyPathOf } from '../model/audit-files.js';
import type { BlockedInfo } from '../model/blocked.js';
import type { SignoffRecord } from '../model/signoff-record.js';
import { isKnownStatus } from '../model/status.js';
import type { SubjectKey } from '../model/subject.js';
import { type AuditModel, KNOWN_STATUSES } from '../model/types.js';
import { describeSigningKey, type SigningKey } from '../signing/signing-key.js';
import { formatUtcSeconds } from '../time/utc.js';
import type { WriterFileSystem } from '../writers/file-system.js';
import { writeFilesTogether } from '../writers/transaction.js';
import { PartialWrite } from '../writers/write-refusal.js';
import { blockedFields } from './blocked-options.js';
import { digestEvidence, evidenceFiles } from './evidence-digest.js';
import { describePending } from './pending.js';
import { approvePendingLines } from './pending-check.js';
import { readSigner, type SignerOptions } from './signer.js';
import { planInputOf, planSignoff, type SubjectState, signoffTransactionFiles } from './signoff-plan.js';
import { checkPolicyBeforeWriting, policyNote, signRecord } from './signoff-signature.js';
import { findSubject, restsOn, type Subject } from './subject.js';

export { SignoffConflict, type SubjectState } from './signoff-plan.js';

export interface SignoffRequest {
	model: AuditModel;
	subject: SubjectKey;
	status: string;
	note: string;
	allowDirty: boolean;
	/**
	 * What the caller saw of the subject when it loaded the audit (the TUI). If the subject changed on disk
	 * since, the sign-off is refused as a conflict; changes to other subjects are kept.
	 */
	expected?: SubjectState;
	/** `--expect-status S`: refused unless the subject's status on disk is S (the CLI's conflict check). */
	expectStatus?: string;
	/** BLOCKED-EXTERNAL only: recorded on the subject as `blocked` (and in the record). */
	blocked?: BlockedInfo;
	/** Who signs and with which key in this terminal (--reviewer, ARCO_REVIEWER, --sign-key). */
	signer?: SignerOptions;
	/** `loaded`: HEAD and changes as the model read them a moment ago (the CLI); `fresh` (default): asked again. */
	workTree?: WorkTreeSource;
	/** Told `waiting for <holder>…` when another writer holds a file for more than a second. */
	onWait?: (message: string) => void;
	now?: () => Date;
	/** Swapped by tests to make a write fail part-way. */
	fileSystem?: WriterFileSystem;
}

export type WorkTreeSource = 'loaded' | 'fresh';

export interface SignoffPreview {
	subject: string;
	kind: Subject['kind'];
	previousStatus: string;
	head: string;
	dirty: boolean;
	/** Uncommitted changes outside the audit's own files. */
	changedPaths: string[];
	/** Who the sign-off is recorded as, and where that came from. */
	reviewer: Reviewer;
	reviewerSource: ReviewerSource;
	/** The key it is signed with; null: recorded unsigned. */
	signingKey: SigningKey | null;
	/** `unsigned`, or `SHA256:… (~/.ssh/id_ed25519, user.signingKey)`: what the dialog shows. */
	signingLabel: string;
	/** What the signing policy asks of this subject (null when nothing), e.g. that it be signed. */
	policy: string | null;
	/** git's gpg.ssh.allowedSignersFile: when set, signatures are checked against it (it wins over .arco-review.json's allowed_signers). */
	gitAllowedSignersFile: string | null;
	evidenceFiles: string[];
}

export interface SignoffOutcome {
	subject: string;
	changed: boolean;
	previousStatus: string;
	record: SignoffRecord;
	ledgerUpdated: boolean;
	/** Interrupted sign-offs this one completed first, described. */
	completed: string[];
}

/** A sign-off refused for uncommitted changes; callers that can offer "sign anyway" read the paths. */
export class DirtyTreeRefusal extends UserError {
	readonly changedPaths: string[];

	constructor(changedPaths: string[]) {
		const shown = changedPaths.slice(0, 3).join(', ');
		super(
			`uncommitted changes outside the audit's files (${shown}${changedPaths.length > 3 ? `, +${changedPaths.length - 3} more` : ''}); commit them or pass --allow-dirty`,
		);
		this.name = 'DirtyTreeRefusal';
		this.changedPaths = changedPaths;
	}
}

export interface PreviewOptions {
	signer?: SignerOptions;
	workTree?: WorkTreeSource;
}

/** Everything a sign-off would record except the time and the signature; the TUI shows it before Enter. */
export async function previewSignoff(model: AuditModel, key: SubjectKey, options: PreviewOptions = {}): Promise<SignoffPreview> {
	if (!model.inGitRepository) throw new UserError('sign-off needs a git repository: it records the commit it was made on');
	const subject = findSubject(model, key);
	const [workTree, signer] = await Promise.all([readWorkTree(model, options.workTree ?? 'fresh'), readSigner(model, options.signer)]);
	if (workTree.head === null) throw new UserError('sign-off needs a commit: this repository has no HEAD yet');
	const changedPaths = changesOutsideAudit(model, workTree.changedPaths);
	const previousStatus = subject.kind === 'gate' ? subject.gate.status : subject.signal.status;
	const own = new Set(auditOwnFiles(model));
	return {
		subject: subject.label,
		kind: subject.kind,
		previousStatus,
		head: workTree.head,
		dirty: changedPaths.length > 0,
		changedPaths,
		reviewer: signer.reviewer,
		reviewerSource: signer.reviewerSource,
		signingKey: signer.key,
		signingLabel: describeSigningKey(signer.key),
		policy: policyNote(model, key, signer.key),
		gitAllowedSignersFile: signer.settings.allowedSignersFile,
		// The audit's own files change with every sign-off: digesting them would make no sign-off repeatable.
		evidenceFiles: evidenceFiles(model.root, restsOn(subject)).filter((file) => !own.has(file)),
	};
}

async function readWorkTree(model: AuditModel, source: WorkTreeSource): Promise<{ head: string | null; changedPaths: string[] }> {
	if (source === 'loaded') return { head: model.git.head, changedPaths: model.git.changedPaths };
	const status = await readWorkTreeStatus(model.root);
	if (status === null) throw new UserError(`git status failed in ${model.root}; not signed`);
	return status;
}

/**
 * Records a verdict bound to HEAD as one transaction: the history line (the intent record), the ledger's
 * status cell and the tracker's subject (status, signoff with the line's sha256), all locked together,
 * all validated before any is written. A refusal writes nothing; a failure after the history line was
 * written says so, and how to complete the rest.
 */
export async function recordSignoff(request: SignoffRequest): Promise<SignoffOutcome> {
	return refusalsAsUserErrors(() => writeSignoff(request));
}

function refuseUnknownStatus(status: string, what: string): void {
	if (!isKnownStatus(status)) throw new UserError(`${what} ${JSON.stringify(status)}; use one of ${KNOWN_STATUSES.join(', ')}`);
}

async function writeSignoff(request: SignoffRequest): Promise<SignoffOutcome> {
	const { model } = request;
	refuseUnknownStatus(request.status, 'unknown status');
	if (request.expectStatus !== undefined) refuseUnknownStatus(request.expectStatus, '--expect-status: unknown status');
	const blocked = blockedFields(request.blocked, request.status);
	const preview = await previewSignoff(model, request.subject, request);
	if (preview.dirty && !request.allowDirty) throw new DirtyTreeRefusal(preview.changedPaths);
	// Interrupted sign-offs this one will complete first must pass a sign-off's own checks (ssh-keygen: before the locks).
	const approvedPending = await approvePendingLines(model, 'not signed');
	const label = preview.subject;
	const unsigned: SignoffRecord = {
		status: request.status,
		reviewer: preview.reviewer,
		signed_at: formatUtcSeconds((request.now ?? (() => new Date()))()),
		head: preview.head,
		dirty: preview.dirty,
		note: request.note,
		evidence: digestEvidence(model.root, preview.evidenceFiles),
		...(blocked ? { blocked } : {}),
	};
	const about = { subject: label, kind: preview.kind };
	// Signing and the policy's check of the signature run before any lock: they take ssh-keygen a while.
	const record = await signRecord(about, unsigned, preview.signingKey);
	await checkPolicyBeforeWriting(model, request.subject, about, record, preview);

	let historyWritten = false;
	const { result } = await writeFilesTogether(
		signoffTransactionFiles(model, { createHistory: true }),
		(current) => {
			const [history, , ledger] = current;
			const plan = planSignoff(planInputOf(current, model, approvedPending), {
				label,
				kind: preview.kind,
				status: request.status,
				record,
				blocked,
				...(request.expected ? { expected: request.expected } : {}),
				...(request.expectStatus !== undefined ? { expectStatus: request.expectStatus } : {}),
			});
			const ledgerWrite = ledger && plan.ledger !== null && plan.ledger !== ledger.text ? [{ file: 2, text: plan.ledger }] : [];
			historyWritten = plan.history !== history?.text;
			return {
				// The history line first: if the process dies after it, the next sign-off or `verify --repair` completes the rest from it.
				writes: [{ file: 0, text: plan.history }, ...ledgerWrite, { file: 1, text: plan.tracker }],
				result: { plan, ledgerUpdated: ledgerWrite.length > 0 },
			};
		},
		{
			repoRoot: model.root,
			purpose: `signoff ${label}`,
			...(request.onWait ? { onWait: request.onWait } : {}),
			...(request.fileSystem ? { fileSystem: request.fileSystem } : {}),
		},
	).catch((error: unknown) => {
		if (!(error instanceof PartialWrite)) throw error;
		// The history line is the intent record: what it says can be completed, by `verify --repair` or the next sign-off.
		const where = historyWritten ? 'recorded in the history, not yet in the tracker' : 'interrupted sign-offs completed only in part';
		throw new UserError(`${where}: run \`arco-review verify --repair\` (${error.reason})`);
	});
	const signoff = result.plan.signoff;
	if (signoff === null) throw new Error('the sign-off plan recorded no sign-off');
	return {
		subject: label,
		changed: signoff.changed,
		previousStatus: signoff.previousStatus,
		record: signoff.record,
		ledgerUpdated: result.ledgerUpdated,
		completed: result.plan.completed.map((item) => describePending(item, historyPathOf(model))),
	};
}
