/**
 * Why a BLOCKED-EXTERNAL gate or signal waits, on whom, and until when the block is accepted: the
 * exemption record scorecard services keep (reason, owner, end date). Kept in the tracker as
 * `"blocked": {"owner", "ticket", "until", "reason"}`; any field may be missing in a hand-kept file.
 */
export interface BlockedInfo {
	owner: string | null;
	ticket: string | null;
	/** `YYYY-MM-DD`, a UTC day: the block is accepted through the end of that day. */
	until: string | null;
	reason: string | null;
}
