/**
 * Why a BLOCKED-EXTERNAL gate or signal waits, on whom, and until when the block is accepted: the
 * exemption record scorecard services keep (reason, owner, end date). Kept in the tracker as
 * `"blocked": {"owner", "ticket", "until", "reason"}`; any field may be missing in a hand-kept file.
 */
import type { TrackerBlocked } from '../tracker/schema.js';

export interface BlockedInfo {
	owner: string | null;
	ticket: string | null;
	/** `YYYY-MM-DD`, a UTC day: the block is accepted through the end of that day. */
	until: string | null;
	reason: string | null;
}

export function blockedFromTracker(blocked: TrackerBlocked | undefined): BlockedInfo | null {
	if (!blocked) return null;
	return { owner: blocked.owner ?? null, ticket: blocked.ticket ?? null, until: blocked.until ?? null, reason: blocked.reason ?? null };
}
