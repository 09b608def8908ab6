import path from 'node:path';
import { refusalsAsUserErrors, UserError } from '../errors.js';
import { listChangedPaths, readWorkTreeState } from '../git/repository.js';
import { readReviewer } from '../git/reviewer.js';
import { formatJsonProblem, parseJsonStrict } from '../json/strict-json.js';
import { setLedgerStatus } from '../ledger/set-status-cell.js';
import { auditOwnFiles, changesOutsideAudit } from '../model/audit-files.js';
import type { SignoffRecord } from '../model/signoff-record.js';
import { isKnownStatus } from '../model/status.js';
import type { SubjectKey } from '../model/subject.js';
import { type AuditModel, KNOWN_STATUSES } from '../model/types.js';
import { formatUtcSeconds } from '../time/utc.js';
import { setJsonValues } from '../writers/json-edit.js';
import { appendLineUnderLock, updateFileUnderLock } from '../writers/safe-write.js';
import { digestEvidence, evidenceFiles } from './evidence-digest.js';
import { canonicalJson, historyPathFor, latestRecordFor, nextHistoryLine } from './history.js';
import { findSubject, restsOn, type Subject, subjectCollection } from './subject.js';

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
	now?: () => Date;
}

export interface SubjectState {
	status: string;
	signoff: SignoffRecord | null;
}

export interface SignoffPreview {
	subject: string;
	kind: Subject['kind'];
	previousStatus: string;
	head: string;
	dirty: boolean;
	/** Uncommitted changes outside the audit's own files. */
	changedPaths: string[];
	reviewer: { name: string; email: string };
	evidenceFiles: string[];
}

export interface SignoffOutcome {
	subject: string;
	changed: boolean;
	previousStatus: string;
	record: SignoffRecord;
	ledgerUpdated: boolean;
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

/** Everything a sign-off would record except the time; the TUI shows it before Enter. */
export async function previewSignoff(model: AuditModel, key: SubjectKey): Promise<SignoffPreview> {
	if (!model.inGitRepository) throw new UserError('sign-off needs a git repository: it records the commit it was made on');
	const subject = findSubject(model, key);
	const [{ head }, changed, reviewer] = await Promise.all([readWorkTreeState(model.root), listChangedPaths(model.root), readReviewer(model.root)]);
	if (head === null) throw new UserError('sign-off needs a commit: this repository has no HEAD yet');
	const changedPaths = changesOutsideAudit(model, changed);
	return {
		subject: subject.label,
		kind: subject.kind,
		previousStatus: subject.kind === 'gate' ? subject.gate.status : subject.signal.status,
		head,
		dirty: changedPaths.length > 0,
		changedPaths,
		reviewer,
		// The audit's own files change with every sign-off: digesting them would make no sign-off repeatable.
		evidenceFiles: evidenceFiles(model.root, restsOn(subject)).filter((file) => !auditOwnFiles(model).includes(file)),
	};
}

interface TrackerItem {
	id?: unknown;
	status?: unknown;
	signoff?: unknown;
	required_signal_ids?: unknown;
}

function sameSignoff(a: unknown, b: SignoffRecord | null): boolean {
	if (a === undefined || a === null || b === null) return (a ?? null) === b;
	const record = a as Partial<SignoffRecord>;
	return record.status === b.status && record.signed_at === b.signed_at && record.head === b.head && record.note === b.note;
}

/** Same verdict, note, commit, dirtiness and evidence: signing it again would record nothing new. */
function sameVerdict(a: unknown, b: SignoffRecord): boolean {
	if (typeof a !== 'object' || a === null) return false;
	const record = a as Partial<SignoffRecord>;
	return (
		record.status === b.status &&
		record.note === b.note &&
		record.head === b.head &&
		record.dirty === b.dirty &&
		JSON.stringify(record.evidence ?? []) === JSON.stringify(b.evidence)
	);
}

/**
 * Records a verdict bound to HEAD: the tracker's subject (status + signoff), the ledger's status cell, and
 * a line of the hash-chained history. Each file is rewritten under its own lock from what is on disk at
 * that moment, so concurrent sign-offs of other subjects are all kept.
 */
export async function recordSignoff(request: SignoffRequest): Promise<SignoffOutcome> {
	return refusalsAsUserErrors(() => writeSignoff(request));
}

async function writeSignoff(request: SignoffRequest): Promise<SignoffOutcome> {
	const { model } = request;
	if (!isKnownStatus(request.status)) {
		throw new UserError(`unknown status ${JSON.stringify(request.status)}; use one of ${KNOWN_STATUSES.join(', ')}`);
	}
	const preview = await previewSignoff(model, request.subject);
	if (preview.dirty && !request.allowDirty) throw new DirtyTreeRefusal(preview.changedPaths);
	const subject = findSubject(model, request.subject);
	const { label } = subject;
	const collection = subjectCollection(subject);
	const record: SignoffRecord = {
		status: request.status,
		reviewer: preview.reviewer,
		signed_at: formatUtcSeconds((request.now ?? (() => new Date()))()),
		head: preview.head,
		dirty: preview.dirty,
		note: request.note,
		evidence: digestEvidence(model.root, preview.evidenceFiles),
	};
	const trackerAbsolute = path.join(model.root, model.trackerPath);
	let previousStatus = preview.previousStatus;
	let unchanged = false;
	let onDisk: unknown = null;
	await updateFileUnderLock(
		trackerAbsolute,
		(text) => {
			const parsed = parseJsonStrict(text);
			if (!parsed.ok)
				throw new UserError(parsed.problems.map((problem) => formatJsonProblem(model.trackerPath, problem))[0] ?? `${model.trackerPath}: invalid JSON`);
			const tracker = parsed.value as { gates?: TrackerItem[]; signals?: TrackerItem[] };
			const items = tracker[collection] ?? [];
			const id = subject.kind === 'gate' ? subject.gate.id : subject.signal.id;
			const index = items.findIndex((item) => item.id === id);
			const item = items[index];
			if (!item) throw new UserError(`${model.trackerPath}: ${label} is no longer in the tracker (changed on disk); reload`);
			if (items.filter((candidate) => candidate.id === id).length > 1)
				throw new UserError(`${model.trackerPath}: ${label} is defined more than once on disk; not signed`);
			if (request.expected && (item.status !== request.expected.status || !sameSignoff(item.signoff, request.expected.signoff))) {
				throw new UserError(
					`${model.trackerPath}: ${label} changed on disk since it was loaded (now ${String(item.status)}); not overwritten, reload to see it`,
				);
			}
			if (subject.kind === 'gate' && request.status === 'GO') refuseOpenGate(label, item, tracker.signals ?? []);
			previousStatus = String(item.status);
			onDisk = item.signoff;
			if (item.status === request.status && sameVerdict(item.signoff, record)) {
				unchanged = true;
				return null;
			}
			return setJsonValues(
				text,
				[
					{ path: [collection, index, 'status'], value: request.status },
					{ path: [collection, index, 'signoff'], value: record },
				],
				model.trackerPath,
			);
		},
		{ repoRoot: model.root },
	);
	const historyPath = historyPathFor(trackerAbsolute);
	if (unchanged) {
		// A sign-off interrupted between the tracker and the history is completed by signing it again.
		await appendLineUnderLock(
			historyPath,
			(current) =>
				latestRecordFor(current, label) === canonicalJson(onDisk)
					? null
					: nextHistoryLine(current, { subject: label, kind: subject.kind, previous_status: previousStatus, record: onDisk as SignoffRecord }),
			{
				repoRoot: model.root,
			},
		);
		return { subject: label, changed: false, previousStatus, record: onDisk as SignoffRecord, ledgerUpdated: false };
	}

	let ledgerUpdated = false;
	if (subject.kind === 'signal' && model.ledgerPath) {
		const result = await updateFileUnderLock(path.join(model.root, model.ledgerPath), (text) => setLedgerStatus(text, subject.signal.id, request.status), {
			repoRoot: model.root,
		});
		ledgerUpdated = result.changed;
	}
	await appendLineUnderLock(
		historyPath,
		(current) => nextHistoryLine(current, { subject: label, kind: subject.kind, previous_status: previousStatus, record }),
		{ repoRoot: model.root },
	);
	return { subject: label, changed: true, previousStatus, record, ledgerUpdated };
}

function refuseOpenGate(label: string, gate: TrackerItem, signals: TrackerItem[]): void {
	const required = Array.isArray(gate.required_signal_ids) ? (gate.required_signal_ids as unknown[]).map(String) : [];
	const open = required.filter((id) => signals.find((signal) => signal.id === id)?.status !== 'GO');
	if (open.length > 0) {
		throw new UserError(`${label} cannot be signed GO: ${open.join(', ')} ${open.length === 1 ? 'is' : 'are'} not GO`);
	}
}
