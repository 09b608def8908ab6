import path from 'node:path';
import { UserError } from '../errors.js';
import { setLedgerStatus } from '../ledger/set-status-cell.js';
import { historyPathOf } from '../model/audit-files.js';
import { BLOCKED_STATUS } from '../model/blocked.js';
import type { SignoffBlocked, SignoffRecord } from '../model/signoff-record.js';
import { subjectFromLabel } from '../model/subject.js';
import type { AuditModel } from '../model/types.js';
import type { JsonEdit } from '../writers/json-edit.js';
import { editElements, readElementDocument } from '../writers/json-elements.js';
import type { TransactionFile, TransactionFileState } from '../writers/transaction.js';
import { canonicalJson } from './canonical-json.js';
import { formatHistoryLine, historyLines, sha256Text } from './history.js';
import { findPendingSignoffs, type PendingSignoff } from './pending.js';

/**
 * The pure heart of a sign-off: given the tracker, ledger and history as read under their locks, the new
 * contents of all three (or a refusal). Pending lines of interrupted sign-offs are completed first (only
 * those approved before the locks, pending-check.ts); then the new verdict is checked against what is on
 * disk and recorded. Nothing here touches the disk, so a refusal can never have written anything.
 *
 * A block (`blocked` on the subject) ends when the status changes: a sign-off of another status removes
 * it; a BLOCKED-EXTERNAL sign-off of a subject already BLOCKED-EXTERNAL keeps the fields it does not
 * give, and of any other subject records exactly the fields it gives.
 */

type Collection = 'gates' | 'signals';

/** The subject changed on disk since the caller loaded it (a second reviewer won the race); the TUI offers to take the new state. */
export class SignoffConflict extends UserError {
	constructor(message: string) {
		super(message);
		this.name = 'SignoffConflict';
	}
}

interface TrackerItem {
	id?: unknown;
	status?: unknown;
	signoff?: unknown;
	blocked?: unknown;
	required_signal_ids?: unknown;
}

/** What the caller saw of the subject when it loaded the audit; a change on disk since is refused as a conflict. */
export interface SubjectState {
	status: string;
	signoff: SignoffRecord | null;
}

export interface NewSignoff {
	label: string;
	kind: 'signal' | 'gate';
	status: string;
	/** Signed (when a key is configured), not yet anchored. */
	record: SignoffRecord;
	blocked: SignoffBlocked | null;
	expected?: SubjectState;
	/** `--expect-status`: the status the subject must have on disk. */
	expectStatus?: string;
}

export interface PlanInput {
	tracker: string;
	ledger: string | null;
	history: string;
	/** Repository-relative paths, for messages. */
	trackerPath: string;
	historyPath: string;
	/** The sha256 of the pending lines checked before the locks were taken; only these are completed. */
	approvedPending: ReadonlySet<string>;
}

export interface PlanResult {
	tracker: string;
	ledger: string | null;
	history: string;
	/** Interrupted sign-offs completed from the history. */
	completed: PendingSignoff[];
	/** Pending lines whose subject is no longer in the tracker: left for a person to resolve. */
	uncompletable: PendingSignoff[];
	signoff: { changed: boolean; previousStatus: string; record: SignoffRecord } | null;
}

/**
 * The files of a sign-off's transaction, in the one fixed order every writer locks them in: the history (the
 * intent record, written first), the tracker, the ledger when there is one.
 */
export function signoffTransactionFiles(model: AuditModel, options: { createHistory: boolean }): TransactionFile[] {
	return [
		{ target: path.join(model.root, historyPathOf(model)), ...(options.createHistory ? { createIfMissing: true } : {}) },
		{ target: path.join(model.root, model.trackerPath) },
		...(model.ledgerPath ? [{ target: path.join(model.root, model.ledgerPath) }] : []),
	];
}

/** What planSignoff reads, from the transaction's files as they are under the locks. */
export function planInputOf(current: TransactionFileState[], model: AuditModel, approvedPending: ReadonlySet<string>): PlanInput {
	const [history, tracker, ledger] = current;
	return {
		tracker: tracker?.text ?? '',
		ledger: ledger?.text ?? null,
		history: history?.text ?? '',
		trackerPath: model.trackerPath,
		historyPath: historyPathOf(model),
		approvedPending,
	};
}

export function planSignoff(input: PlanInput, request: NewSignoff | null): PlanResult {
	const document = readElementDocument(input.tracker, ['gates', 'signals'], input.trackerPath);
	const tracker = new TrackerState(document.value, input.trackerPath);
	const lines = historyLines(input.history);
	const pending = findPendingSignoffs(lines, (subject) => tracker.anchorOf(subject));
	let ledger = input.ledger;
	const completed: PendingSignoff[] = [];
	const uncompletable: PendingSignoff[] = [];
	for (const item of pending) {
		const { subject, kind, record } = item.entry;
		if (!tracker.has(subject, kind)) {
			uncompletable.push(item);
			continue;
		}
		if (!input.approvedPending.has(item.sha256)) {
			throw new UserError(
				`${input.historyPath} line ${item.line} (${subject}) is an interrupted sign-off that turned up while this one was being prepared; nothing written, run it again`,
			);
		}
		tracker.record(subject, kind, { ...record, history_sha256: item.sha256 }, record.blocked ?? null);
		if (kind === 'signal' && ledger !== null) ledger = setLedgerStatus(ledger, subject, record.status) ?? ledger;
		completed.push(item);
	}
	let history = input.history;
	let signoff: PlanResult['signoff'] = null;
	if (request !== null) {
		const check = tracker.checkRequest(request);
		if (check.unchanged) {
			signoff = { changed: false, previousStatus: check.previousStatus, record: check.current ?? request.record };
		} else {
			const line = formatHistoryLine(
				{ subject: request.label, kind: request.kind, previous_status: check.previousStatus, record: request.record },
				lines[lines.length - 1],
			);
			const anchored = { ...request.record, history_sha256: sha256Text(line) };
			tracker.record(request.label, request.kind, anchored, request.blocked);
			if (request.kind === 'signal' && ledger !== null) ledger = setLedgerStatus(ledger, request.label, request.status) ?? ledger;
			// A file not ending in a newline (edited by hand) still gets the new record on a line of its own.
			history = `${history}${history === '' || history.endsWith('\n') ? '' : '\n'}${line}\n`;
			signoff = { changed: true, previousStatus: check.previousStatus, record: anchored };
		}
	}
	const edits = tracker.edits();
	return {
		tracker: edits.length === 0 ? input.tracker : editElements(document, edits, input.trackerPath),
		ledger,
		history,
		completed,
		uncompletable,
		signoff,
	};
}

/** The tracker as read, plus the edits planned so far; statuses and sign-offs read back include those edits. */
class TrackerState {
	private readonly collections: Record<Collection, TrackerItem[]>;
	private readonly planned = new Map<string, { collection: Collection; index: number; edits: JsonEdit[]; item: TrackerItem }>();

	constructor(
		value: unknown,
		private readonly trackerPath: string,
	) {
		const root = (typeof value === 'object' && value !== null ? value : {}) as Partial<Record<Collection, unknown>>;
		const list = (items: unknown): TrackerItem[] => (Array.isArray(items) ? items.map((item) => (typeof item === 'object' && item !== null ? item : {})) : []);
		this.collections = { gates: list(root.gates), signals: list(root.signals) };
	}

	has(label: string, kind: 'signal' | 'gate'): boolean {
		return this.locate(label, kind) !== null;
	}

	anchorOf(label: string): string | null {
		const key = subjectFromLabel(label);
		const found = this.locate(label, key.kind);
		const signoff = found?.item.signoff as { history_sha256?: unknown } | undefined;
		return typeof signoff?.history_sha256 === 'string' ? signoff.history_sha256 : null;
	}

	/** Plans `status` and `signoff` (and the given block fields) on the subject. */
	record(label: string, kind: 'signal' | 'gate', record: SignoffRecord, blocked: SignoffBlocked | null): void {
		const found = this.locate(label, kind);
		if (found === null) throw new UserError(`${this.trackerPath}: ${label} is no longer in the tracker (changed on disk); reload`);
		const key = `${found.collection}:${found.index}`;
		const entry = this.planned.get(key) ?? { collection: found.collection, index: found.index, edits: [], item: { ...found.item } };
		this.planned.set(key, entry);
		const wasBlocked = entry.item.status === BLOCKED_STATUS;
		entry.edits.push({ path: ['status'], value: record.status }, { path: ['signoff'], value: record });
		entry.item.status = record.status;
		entry.item.signoff = record;
		const existing = entry.item.blocked;
		const given = blocked !== null && Object.keys(blocked).length > 0 ? blocked : null;
		const stillBlocked = record.status === BLOCKED_STATUS && wasBlocked;
		if (stillBlocked && given && typeof existing === 'object' && existing !== null && !Array.isArray(existing)) {
			for (const [field, value] of Object.entries(given)) entry.edits.push({ path: ['blocked', field], value });
			entry.item.blocked = { ...existing, ...given };
		} else if (record.status === BLOCKED_STATUS && given) {
			entry.edits.push({ path: ['blocked'], value: given });
			entry.item.blocked = { ...given };
		} else if (!stillBlocked && existing !== undefined) {
			entry.edits.push({ path: ['blocked'], value: null, remove: true });
			delete entry.item.blocked;
		}
	}

	edits(): Array<{ array: Collection; index: number; edits: JsonEdit[] }> {
		return [...this.planned.values()].map(({ collection, index, edits }) => ({ array: collection, index, edits }));
	}

	/** Refuses a request the tracker on disk does not allow; says whether it would record nothing new. */
	checkRequest(request: NewSignoff): { unchanged: boolean; previousStatus: string; current: SignoffRecord | null } {
		const { label } = request;
		const raw = this.locate(label, request.kind, { raw: true });
		if (raw === null) throw new UserError(`${this.trackerPath}: ${label} is no longer in the tracker (changed on disk); reload`);
		if (this.count(label, request.kind) > 1) throw new UserError(`${this.trackerPath}: ${label} is defined more than once on disk; not signed`);
		if (request.expected && (raw.item.status !== request.expected.status || !sameRecord(raw.item.signoff, request.expected.signoff, IDENTITY_FIELDS))) {
			throw new SignoffConflict(
				`${this.trackerPath}: ${label} changed on disk since it was loaded (now ${String(raw.item.status)}); not overwritten, reload to see it`,
			);
		}
		if (request.expectStatus !== undefined && raw.item.status !== request.expectStatus) {
			throw new UserError(
				`${this.trackerPath}: ${label} is ${String(raw.item.status)} on disk, not ${request.expectStatus} (--expect-status); nothing written`,
			);
		}
		const current = this.locate(label, request.kind);
		const item = current?.item ?? raw.item;
		if (request.kind === 'gate' && request.status === 'GO') this.refuseOpenGate(label, item);
		const signoff = item.signoff as SignoffRecord | undefined;
		const unchanged = item.status === request.status && sameRecord(signoff, request.record, VERDICT_FIELDS);
		return { unchanged, previousStatus: String(item.status), current: unchanged ? (signoff ?? null) : null };
	}

	private refuseOpenGate(label: string, gate: TrackerItem): void {
		const required = Array.isArray(gate.required_signal_ids) ? (gate.required_signal_ids as unknown[]).map(String) : [];
		const open = required.filter((id) => this.locate(id, 'signal')?.item.status !== 'GO');
		if (open.length > 0) throw new UserError(`${label} cannot be signed GO: ${open.join(', ')} ${open.length === 1 ? 'is' : 'are'} not GO`);
	}

	private idOf(label: string, kind: 'signal' | 'gate'): string | number | null {
		if (kind === 'signal') return label;
		const key = subjectFromLabel(label);
		return key.kind === 'gate' ? key.gateId : null;
	}

	private count(label: string, kind: 'signal' | 'gate'): number {
		const id = this.idOf(label, kind);
		return this.collections[kind === 'gate' ? 'gates' : 'signals'].filter((item) => item.id === id).length;
	}

	private locate(label: string, kind: 'signal' | 'gate', options: { raw?: boolean } = {}): { collection: Collection; index: number; item: TrackerItem } | null {
		const collection: Collection = kind === 'gate' ? 'gates' : 'signals';
		const id = this.idOf(label, kind);
		if (id === null) return null;
		const index = this.collections[collection].findIndex((item) => item.id === id);
		const item = this.collections[collection][index];
		if (item === undefined) return null;
		const planned = options.raw ? undefined : this.planned.get(`${collection}:${index}`);
		return { collection, index, item: planned?.item ?? item };
	}
}

/** What tells one recorded sign-off from another: a conflict check compares these with what the caller loaded. */
const IDENTITY_FIELDS = ['status', 'signed_at', 'head', 'note'] as const;
/** Same verdict, note, commit, dirtiness, evidence, reviewer, block and signing key: signing it again would record nothing new. */
const VERDICT_FIELDS = ['status', 'note', 'head', 'dirty', 'evidence', 'reviewer', 'blocked', 'signature.fingerprint'] as const;

type RecordField = (typeof IDENTITY_FIELDS)[number] | (typeof VERDICT_FIELDS)[number];

/** Whether two sign-offs (one as the tracker's raw JSON holds it) agree on `fields`; no sign-off equals only no sign-off. */
function sameRecord(raw: unknown, record: SignoffRecord | null, fields: readonly RecordField[]): boolean {
	if (typeof raw !== 'object' || raw === null || record === null) return (raw ?? null) === record;
	const value = (from: object, field: RecordField): string => {
		const found = field
			.split('.')
			.reduce<unknown>((at, key) => (typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined), from);
		// A field left out and an empty one are the same verdict (`evidence: []`, no `blocked`).
		return canonicalJson(found ?? (field === 'evidence' ? [] : null));
	};
	return fields.every((field) => value(raw, field) === value(record, field));
}
