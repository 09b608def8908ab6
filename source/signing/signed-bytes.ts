import type { SignoffRecord } from '../model/signoff-record.js';
import { canonicalJson } from '../signoff/canonical-json.js';

/** The ssh-keygen namespace of sign-off signatures: such a signature cannot pass for a commit's or a tag's. */
export const SIGNOFF_NAMESPACE = 'arco-review-signoff';

/** What a signature is about: the subject's label (`G3-002`, `gate 3`) and kind, so it cannot be moved to another subject. */
export interface SignedSubject {
	subject: string;
	kind: 'signal' | 'gate';
}

/**
 * The bytes a sign-off's signature covers: the canonical JSON (the form history lines are written in) of
 * the subject, its kind and the record without its signature and without the tracker's anchor to the
 * history line: every field a reviewer vouches for (verdict, reviewer, time, HEAD, dirtiness, note,
 * evidence digests, block), none that is added after signing.
 */
export function signedBytes(about: SignedSubject, record: SignoffRecord): Buffer {
	const { signature: _signature, history_sha256: _anchor, ...vouched } = record;
	return Buffer.from(canonicalJson({ kind: about.kind, record: vouched, subject: about.subject }), 'utf8');
}
