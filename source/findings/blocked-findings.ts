import { plural } from '../format/plural.js';
import { blockStates, isExpired } from '../model/blocked.js';
import { subjectLabel } from '../model/subject.js';
import type { AuditModel, Finding } from '../model/types.js';

/**
 * Blocks are exemptions with an owner and an end date: one without them sits forever, and one past its
 * `until` (from the next UTC day on) is an error until someone renews it or the subject moves on.
 */
export function blockedFindings(model: AuditModel): Finding[] {
	const findings: Finding[] = [];
	// Each finding is a literal with the keys in the same order: thousands of them share one object shape.
	for (const state of blockStates(model, model.blocks.today)) {
		const subject = subjectLabel(state.key);
		const about = state.key;
		// Both can be wrong at once (no owner, an until that is no day): one finding names both.
		const lacking = state.missing.length > 0 ? `BLOCKED-EXTERNAL without ${state.missing.join(' or ')}` : null;
		const badUntil = state.untilInvalid ? `blocked until ${JSON.stringify(state.blocked?.until)}, which is not a YYYY-MM-DD day` : null;
		if (lacking !== null || badUntil !== null) {
			findings.push({
				severity: 'warning',
				code: 'blocked-incomplete',
				subject,
				message: `${subject} is ${[lacking, badUntil].filter((part) => part !== null).join(', and ')}: record who it waits on and until when (signoff --blocked-owner WHO --until YYYY-MM-DD)`,
				about,
			});
		}
		if (isExpired(state)) {
			const days = -(state.daysLeft ?? 0);
			const owner = state.blocked?.owner ? ` on ${state.blocked.owner}` : '';
			const ticket = state.blocked?.ticket ? ` (${state.blocked.ticket})` : '';
			findings.push({
				severity: 'error',
				code: 'blocked-expired',
				subject,
				message: `${subject}'s block${owner}${ticket} expired: accepted until ${state.blocked?.until}, ${plural(days, 'day')} ago (UTC); renew it or change the status`,
				about,
			});
		}
	}
	return findings;
}
