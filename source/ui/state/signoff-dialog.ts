import { shortSha } from '../../git/short-sha.js';
import { findGate, findSignal } from '../../model/lookup.js';
import type { SignoffRecord } from '../../model/signoff-record.js';
import type { SubjectKey } from '../../model/subject.js';
import { type AuditModel, KNOWN_STATUSES } from '../../model/types.js';
import type { SignoffPreview, SubjectState } from '../../signoff/record-signoff.js';

/**
 * The sign-off dialog's state: which subject, the status chosen, the note typed, what will be recorded
 * (loaded by the controller) and where the write stands. Pure data; the git and file work is in
 * signoff-effects.ts.
 */

export type SignoffPhase =
	/** Choosing and typing; Enter signs. */
	| 'editing'
	/** The tree is dirty and the user was told: `a` signs anyway, recording dirty: true. */
	| 'confirm-dirty'
	/** The write is on its way; keys wait. */
	| 'writing';

export type SignoffPreviewState = { kind: 'loading' } | { kind: 'ready'; preview: SignoffPreview } | { kind: 'failed'; message: string };

export interface SignoffDialog {
	kind: 'signoff';
	/** Tells one opening of the dialog from the next, so a late answer for an earlier one is dropped. */
	token: number;
	subject: SubjectKey;
	/** What the subject looked like on screen when the dialog opened: a change on disk since is a conflict. */
	expected: SubjectState;
	statusIndex: number;
	note: string;
	phase: SignoffPhase;
	allowDirty: boolean;
	preview: SignoffPreviewState;
	/** The last refusal, one line. */
	message: string | null;
}

export const SIGNOFF_STATUSES = KNOWN_STATUSES;
/** A note is one line; this keeps a paste from growing the state without bound. */
export const MAX_NOTE_LENGTH = 500;

export function subjectState(model: AuditModel, subject: SubjectKey): (SubjectState & { title: string }) | null {
	if (subject.kind === 'gate') {
		const gate = findGate(model, subject.gateId);
		return gate ? { status: gate.status, signoff: gate.signoff, title: gate.name } : null;
	}
	const signal = findSignal(model, subject.signalId);
	return signal ? { status: signal.status, signoff: signal.signoff, title: signal.ledger?.title ?? '' } : null;
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
		note: '',
		phase: 'editing',
		allowDirty: false,
		preview: { kind: 'loading' },
		message: null,
	};
}

export function chosenStatus(dialog: SignoffDialog): string {
	return SIGNOFF_STATUSES[dialog.statusIndex] ?? SIGNOFF_STATUSES[0];
}

export function signoffSummary(record: SignoffRecord): string {
	return `${record.status} by ${record.reviewer.name} at ${shortSha(record.head)}${record.dirty ? ' (dirty)' : ''}`;
}
