/**
 * Why a BLOCKED-EXTERNAL gate or signal waits, on whom, and until when the block is accepted: the
 * exemption record scorecard services keep (reason, owner, end date). Kept in the tracker as
 * `"blocked": {"owner", "ticket", "until", "reason"}`; any field may be missing in a hand-kept file.
 */
import { plural } from '../format/plural.js';
import { utcDayNumber } from '../time/utc.js';
import type { TrackerBlocked } from '../tracker/schema.js';
import { gateKey, type SubjectKey, signalKey } from './subject.js';

export interface BlockedInfo {
	owner: string | null;
	ticket: string | null;
	/** `YYYY-MM-DD`, a UTC day: the block is accepted through the end of that day. */
	until: string | null;
	reason: string | null;
}

export const BLOCKED_STATUS = 'BLOCKED-EXTERNAL';
/** A block whose `until` is at most this many days ahead is counted as expiring soon. */
export const BLOCK_EXPIRY_WINDOW_DAYS = 7;

/** `blocked on Ops (OPS-12) until 2026-03-01: waiting for the vendor`, naming what is missing of it. */
export function describeBlock(blocked: BlockedInfo | null): string {
	if (!blocked) return 'blocked: no owner, ticket or until recorded';
	const parts = [`blocked on ${blocked.owner?.trim() || '(no owner)'}`];
	if (blocked.ticket?.trim()) parts.push(`(${blocked.ticket.trim()})`);
	parts.push(blocked.until?.trim() ? `until ${blocked.until.trim()}` : '(no until)');
	return `${parts.join(' ')}${blocked.reason ? `: ${blocked.reason}` : ''}`;
}

export function blockedFromTracker(blocked: TrackerBlocked | undefined): BlockedInfo | null {
	if (!blocked) return null;
	return { owner: blocked.owner ?? null, ticket: blocked.ticket ?? null, until: blocked.until ?? null, reason: blocked.reason ?? null };
}

/** Where one BLOCKED-EXTERNAL subject stands on a given day. */
export interface BlockState {
	key: SubjectKey;
	blocked: BlockedInfo | null;
	/** Fields a block must have and this one lacks: `owner`, `until`. */
	missing: Array<'owner' | 'until'>;
	/** `until` is written but is not a `YYYY-MM-DD` day. */
	untilInvalid: boolean;
	/** Days from today to `until` (0 on the last accepted day, negative once expired); null without a valid until. */
	daysLeft: number | null;
}

/** The block counts `status`, `status --json` and the overview show: one computation, made when the audit is loaded. */
export interface BlockSummary {
	/** The UTC day the counts were made for. */
	today: string;
	/** BLOCKED-EXTERNAL gates and signals. */
	total: number;
	/** Blocks whose `until` is today or within the next BLOCK_EXPIRY_WINDOW_DAYS days. */
	expiringSoon: number;
	/** Blocks past their `until` (from the day after it, UTC). */
	expired: number;
	/** Blocks without an owner or a valid `until`. */
	incomplete: number;
}

export interface BlockableSubject {
	key: SubjectKey;
	status: string;
	blocked: BlockedInfo | null;
}

/** How the block counts read wherever they are shown (`status`, the overview): one wording. */
export function blockCountPhrases(summary: BlockSummary): { expiringSoon: string; expired: string; incomplete: string } {
	const { expiringSoon, expired, incomplete } = summary;
	return {
		expiringSoon: `${expiringSoon} ${expiringSoon === 1 ? 'expires' : 'expire'} within ${BLOCK_EXPIRY_WINDOW_DAYS} days`,
		expired: `${expired} expired`,
		incomplete: `${incomplete} without owner or until`,
	};
}

// Thousands of blocks share a handful of days; a long-running TUI sees new ones each day, hence the bound.
const dayNumbers = new Map<string, number | null>();
const DAY_CACHE_LIMIT = 1024;
function dayNumber(text: string): number | null {
	let day = dayNumbers.get(text);
	if (day === undefined) {
		day = utcDayNumber(text);
		if (dayNumbers.size >= DAY_CACHE_LIMIT) dayNumbers.clear();
		dayNumbers.set(text, day);
	}
	return day;
}

/** A subject's block on `today` (`YYYY-MM-DD`); null when the subject is not BLOCKED-EXTERNAL. */
export function blockState(subject: BlockableSubject, today: string): BlockState | null {
	if (subject.status !== BLOCKED_STATUS) return null;
	const blocked = subject.blocked;
	const missing: BlockState['missing'] = [];
	if (!blocked?.owner?.trim()) missing.push('owner');
	if (!blocked?.until?.trim()) missing.push('until');
	const untilDay = blocked?.until ? dayNumber(blocked.until) : null;
	const todayDay = dayNumber(today);
	return {
		key: subject.key,
		blocked,
		missing,
		untilInvalid: Boolean(blocked?.until?.trim()) && untilDay === null,
		daysLeft: untilDay === null || todayDay === null ? null : untilDay - todayDay,
	};
}

export function isExpired(state: BlockState): boolean {
	return state.daysLeft !== null && state.daysLeft < 0;
}

function isExpiringSoon(state: BlockState): boolean {
	return state.daysLeft !== null && state.daysLeft >= 0 && state.daysLeft <= BLOCK_EXPIRY_WINDOW_DAYS;
}

/** `expires in 3 days`, `last day today`, `expired 2 days ago`; empty without a valid until. */
export function describeExpiry(state: BlockState): string {
	if (state.daysLeft === null) return '';
	if (isExpired(state)) return `expired ${plural(-state.daysLeft, 'day')} ago`;
	return state.daysLeft === 0 ? 'last day today' : `expires in ${plural(state.daysLeft, 'day')}`;
}

export function summarizeBlocks(states: readonly BlockState[], today: string): BlockSummary {
	const summary: BlockSummary = { today, total: states.length, expiringSoon: 0, expired: 0, incomplete: 0 };
	for (let index = 0; index < states.length; index += 1) {
		const state = states[index] as BlockState;
		if (isExpiringSoon(state)) summary.expiringSoon += 1;
		if (isExpired(state)) summary.expired += 1;
		if (state.missing.length > 0 || state.untilInvalid) summary.incomplete += 1;
	}
	return summary;
}

/** Every BLOCKED-EXTERNAL gate and signal of the audit, gates first, as it stands on `today`. */
export function blockStates(
	subjects: {
		gates: ReadonlyArray<{ id: number; status: string; blocked: BlockedInfo | null }>;
		signals: ReadonlyArray<{ id: string; status: string; blocked: BlockedInfo | null }>;
	},
	today: string,
): BlockState[] {
	const states: BlockState[] = [];
	// Most subjects are not blocked: their keys are not even made.
	for (const gate of subjects.gates) {
		if (gate.status !== BLOCKED_STATUS) continue;
		const state = blockState({ key: gateKey(gate.id), status: gate.status, blocked: gate.blocked }, today);
		if (state) states.push(state);
	}
	// Indexed: a for-of loop costs the interpreter an iterator call for each of thousands of signals.
	const signals = subjects.signals;
	for (let index = 0; index < signals.length; index += 1) {
		const signal = signals[index] as (typeof signals)[number];
		if (signal.status !== BLOCKED_STATUS) continue;
		const state = blockState({ key: signalKey(signal.id), status: signal.status, blocked: signal.blocked }, today);
		if (state) states.push(state);
	}
	return states;
}
