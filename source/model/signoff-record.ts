import type { TrackerSignoff } from '../tracker/signoff-schema.js';
import type { Status } from './types.js';

/** A sign-off as the tracker records it on its subject (and the history line carries it). */
export interface SignoffEvidence {
	path: string;
	sha256: string;
}

/** What a BLOCKED-EXTERNAL sign-off said it waits on (the fields given when it was signed). */
export interface SignoffBlocked {
	owner?: string;
	ticket?: string;
	until?: string;
	reason?: string;
}

/**
 * An SSH signature (`ssh-keygen -Y sign -n arco-review-signoff`) over the record's canonical bytes
 * (source/signing/signed-bytes.ts), with the fingerprint of the key that made it.
 */
export interface SignoffSignature {
	format: 'ssh';
	namespace: string;
	/** `SHA256:…`, as ssh-keygen prints it. */
	fingerprint: string;
	/** The armored `-----BEGIN SSH SIGNATURE-----` block. */
	value: string;
}

export interface SignoffRecord {
	status: Status;
	reviewer: { name: string; email: string };
	signed_at: string;
	head: string;
	dirty: boolean;
	note: string;
	evidence: SignoffEvidence[];
	/** Only on BLOCKED-EXTERNAL sign-offs made with owner, ticket or until. */
	blocked?: SignoffBlocked;
	/** Only on signed sign-offs. */
	signature?: SignoffSignature;
	/**
	 * Only on the tracker's copy, from history format 2 on: the sha256 of the history line that records this
	 * sign-off, which anchors that line (the last one included) to the tracker.
	 */
	history_sha256?: string;
}

/** The record as the model carries it, from the tracker's JSON (unknown fields stay in the file). */
export function signoffFromTracker(signoff: TrackerSignoff | undefined): SignoffRecord | null {
	if (!signoff) return null;
	const record: SignoffRecord = {
		status: signoff.status,
		reviewer: { name: signoff.reviewer.name, email: signoff.reviewer.email },
		signed_at: signoff.signed_at,
		head: signoff.head,
		dirty: signoff.dirty,
		note: signoff.note,
		evidence: signoff.evidence.map((item) => ({ path: item.path, sha256: item.sha256 })),
	};
	if (signoff.blocked) record.blocked = blockedFields(signoff.blocked);
	if (signoff.signature) {
		const { format, namespace, fingerprint, value } = signoff.signature;
		record.signature = { format, namespace, fingerprint, value };
	}
	if (signoff.history_sha256 !== undefined) record.history_sha256 = signoff.history_sha256;
	return record;
}

function blockedFields(blocked: Partial<Record<keyof SignoffBlocked, string | undefined>>): SignoffBlocked {
	const fields: SignoffBlocked = {};
	for (const field of ['owner', 'ticket', 'until', 'reason'] as const) {
		const value = blocked[field];
		if (value !== undefined) fields[field] = value;
	}
	return fields;
}
