import { shortSha } from '../../git/short-sha.js';
import { BLOCKED_STATUS, type BlockedInfo } from '../../model/blocked.js';
import { findGate, findSignal } from '../../model/lookup.js';
import type { SignoffRecord } from '../../model/signoff-record.js';
import type { SubjectKey } from '../../model/subject.js';
import { type AuditModel, KNOWN_STATUSES } from '../../model/types.js';
import type { SignoffPreview, SubjectState } from '../../signoff/record-signoff.js';
import { utcDayNumber } from '../../time/utc.js';

/**
 * The sign-off dialog's state: which subject, the status chosen (← →), the fields typed into (the note;
 * owner, ticket and until for BLOCKED-EXTERNAL), what will be recorded (loaded by the controller) and
 * where the write stands. The status has keys of its own: nothing typed into a field ever changes it.
 * Pure data; the git and file work is in signoff-effects.ts.
 */

export type SignoffPhase =
	/** Choosing and typing; Enter signs. */
	| 'editing'
	/** The tree is dirty and the user was told: `a` signs anyway, recording dirty: true. */
	| 'confirm-dirty'
	/** Refused (a gate with open signals, no reviewer, a race lost to a second reviewer): the message says why. */
	| 'refused'
	/** The write is on its way; keys wait. */
	| 'writing';

/** Fields that take typing. */
export type SignoffField = 'note' | 'owner' | 'ticket' | 'until';

export type SignoffPreviewState = { kind: 'loading' } | { kind: 'ready'; preview: SignoffPreview } | { kind: 'failed'; message: string };

export interface SignoffDialog {
	kind: 'signoff';
	/** Tells one opening of the dialog from the next, so a late answer for an earlier one is dropped. */
	token: number;
	subject: SubjectKey;
	/** What the subject looked like on screen when the dialog opened: a change on disk since is a conflict. */
	expected: SubjectState;
	statusIndex: number;
	focus: SignoffField;
	note: string;
	/** What a BLOCKED-EXTERNAL verdict waits on; prefilled from the subject's current block. */
	blocked: { owner: string; ticket: string; until: string };
	/** The block's reason as the tracker has it, passed on unchanged (the dialog does not ask for one). */
	blockedReason: string | null;
	phase: SignoffPhase;
	allowDirty: boolean;
	preview: SignoffPreviewState;
	/** The last refusal, one line. */
	message: string | null;
	/** The last refusal was a race lost to a change on disk: `u` takes the new state. */
	conflict: boolean;
}

export const SIGNOFF_STATUSES = KNOWN_STATUSES;
/** A note is one line; this keeps a paste from growing the state without bound. */
export const MAX_NOTE_LENGTH = 500;
export const MAX_BLOCKED_FIELD_LENGTH = 200;

export function subjectState(model: AuditModel, subject: SubjectKey): (SubjectState & { title: string; blocked: BlockedInfo | null }) | null {
	if (subject.kind === 'gate') {
		const gate = findGate(model, subject.gateId);
		return gate ? { status: gate.status, signoff: gate.signoff, title: gate.name, blocked: gate.blocked } : null;
	}
	const signal = findSignal(model, subject.signalId);
	return signal ? { status: signal.status, signoff: signal.signoff, title: signal.ledger?.title ?? '', blocked: signal.blocked } : null;
}

export function openSignoffDialog(model: AuditModel, subject: SubjectKey, token: number): SignoffDialog | null {
	const current = subjectState(model, subject);
	if (!current) return null;
	const known = (SIGNOFF_STATUSES as readonly string[]).indexOf(current.status);
	return {
		kind: 'signoff',
		token,
		subject,
		expected: { status: current.status, signoff: current.signoff },
		statusIndex: Math.max(0, known),
		focus: 'note',
		note: '',
		blocked: { owner: current.blocked?.owner ?? '', ticket: current.blocked?.ticket ?? '', until: current.blocked?.until ?? '' },
		blockedReason: current.blocked?.reason ?? null,
		phase: 'editing',
		allowDirty: false,
		preview: { kind: 'loading' },
		message: null,
		conflict: false,
	};
}

export function chosenStatus(dialog: SignoffDialog): string {
	return SIGNOFF_STATUSES[dialog.statusIndex] ?? SIGNOFF_STATUSES[0];
}

/** The fields the dialog shows for the chosen status, in Tab order. */
export function signoffFields(dialog: SignoffDialog): SignoffField[] {
	return chosenStatus(dialog) === BLOCKED_STATUS ? ['note', 'owner', 'ticket', 'until'] : ['note'];
}

export function fieldText(dialog: SignoffDialog, field: SignoffField): string {
	return field === 'note' ? dialog.note : dialog.blocked[field];
}

/** What a BLOCKED-EXTERNAL sign-off records as the block (the request's `blocked`); null for the other verdicts. */
export function blockedRequestOf(dialog: SignoffDialog): BlockedInfo | null {
	if (chosenStatus(dialog) !== BLOCKED_STATUS) return null;
	const text = (value: string) => (value.trim() === '' ? null : value.trim());
	return { owner: text(dialog.blocked.owner), ticket: text(dialog.blocked.ticket), until: text(dialog.blocked.until), reason: dialog.blockedReason };
}

/** Why a BLOCKED-EXTERNAL sign-off cannot be written yet, and which field to fix; null when it can. */
export function blockedProblem(dialog: SignoffDialog): { field: SignoffField; message: string } | null {
	const blocked = blockedRequestOf(dialog);
	if (!blocked) return null;
	if (!blocked.owner) return { field: 'owner', message: 'BLOCKED-EXTERNAL needs an owner: who is it waiting on?' };
	if (!blocked.until) return { field: 'until', message: 'BLOCKED-EXTERNAL needs an until date (YYYY-MM-DD): when is the block reviewed?' };
	if (utcDayNumber(blocked.until) === null) return { field: 'until', message: `until must be a day as YYYY-MM-DD, not "${blocked.until}"` };
	return null;
}

export function signoffSummary(record: SignoffRecord): string {
	return `${record.status} by ${record.reviewer.name} at ${shortSha(record.head)}${record.dirty ? ' (dirty)' : ''}`;
}
