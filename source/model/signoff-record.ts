import type { TrackerSignoff } from '../tracker/signoff-schema.js';
import type { Status } from './types.js';

/** A sign-off as the tracker records it on its subject (and the history line carries it). */
export interface SignoffEvidence {
	path: string;
	sha256: string;
}

export interface SignoffRecord {
	status: Status;
	reviewer: { name: string; email: string };
	signed_at: string;
	head: string;
	dirty: boolean;
	note: string;
	evidence: SignoffEvidence[];
}

/** The record as the model carries it, from the tracker's JSON (unknown fields stay in the file). */
export function signoffFromTracker(signoff: TrackerSignoff | undefined): SignoffRecord | null {
	if (!signoff) return null;
	return {
		status: signoff.status,
		reviewer: { name: signoff.reviewer.name, email: signoff.reviewer.email },
		signed_at: signoff.signed_at,
		head: signoff.head,
		dirty: signoff.dirty,
		note: signoff.note,
		evidence: signoff.evidence.map((item) => ({ path: item.path, sha256: item.sha256 })),
	};
}
