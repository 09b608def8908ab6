import { shortSha } from '../git/short-sha.js';
import { formatUtcSeconds } from '../time/utc.js';

/**
 * When a signature can have been made, by dates the signer does not choose alone. A record's `signed_at`
 * is the signer's word, and valid-after / valid-before in the allowed signers are judged at it: a signer
 * whose key expired could otherwise backdate a sign-off into the key's lifetime. So `signed_at` must lie
 * between the committer time of the record's HEAD (it cannot be signed before its commit existed) and,
 * once the history line is committed, the commit that first recorded it. Outside that window the
 * signature counts as "not valid at signing time".
 */
export interface CommitTime {
	commit: string;
	/** Committer time, seconds since the epoch. */
	time: number;
}

export interface SigningWindow {
	/** The record's HEAD as this repository has it; null when HEAD is not a commit here (a shallow clone, a rewritten history). */
	head: CommitTime | null;
	/** The earliest commit holding the sign-off's history line; null while it is not committed. */
	recorded: CommitTime | null;
}

/** Why `signed_at` lies outside the window, or null when it does not. */
export function signingTimeProblem(signedAt: string, headSha: string, window: SigningWindow): string | null {
	const time = Date.parse(signedAt) / 1000;
	if (!Number.isFinite(time)) return `signed_at ${JSON.stringify(signedAt)} is not a time`;
	if (window.head === null) return `its HEAD ${shortSha(headSha)} is not a commit in this repository, so its signing time cannot be bounded (a shallow clone?)`;
	if (time < window.head.time) {
		return `signed_at ${signedAt} is before its HEAD ${shortSha(window.head.commit)} was committed (${formatUtcSeconds(new Date(window.head.time * 1000))})`;
	}
	if (window.recorded !== null && time > window.recorded.time) {
		return `signed_at ${signedAt} is after commit ${shortSha(window.recorded.commit)} first recorded it (${formatUtcSeconds(new Date(window.recorded.time * 1000))})`;
	}
	return null;
}

/** The window of a record, from its HEAD's committer time (`headTimes`) and the commit that first recorded its line. */
export function windowOf(head: string, headTimes: ReadonlyMap<string, number>, recorded: CommitTime | null): SigningWindow {
	const time = headTimes.get(head);
	return { head: time === undefined ? null : { commit: head, time }, recorded };
}
