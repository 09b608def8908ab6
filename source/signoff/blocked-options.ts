import { UserError } from '../errors.js';
import { BLOCKED_STATUS, type BlockedInfo } from '../model/blocked.js';
import type { SignoffBlocked } from '../model/signoff-record.js';
import { utcDayNumber } from '../time/utc.js';

/**
 * The block a BLOCKED-EXTERNAL sign-off records on its subject (`blocked.owner`, `.ticket`, `.until`, and
 * `.reason` when the TUI asks for one).
 * Refused with any other status, when `until` is not a real `YYYY-MM-DD` day, or when a field is empty.
 */
export function blockedFields(blocked: BlockedInfo | undefined, status: string): SignoffBlocked | null {
	if (blocked === undefined) return null;
	const fields: SignoffBlocked = {};
	const given: Array<[keyof SignoffBlocked, string | null, string]> = [
		['owner', blocked.owner, '--blocked-owner'],
		['ticket', blocked.ticket, '--ticket'],
		['until', blocked.until, '--until'],
		['reason', blocked.reason, 'the reason'],
	];
	for (const [field, value, option] of given) {
		if (value === null) continue;
		if (value.trim() === '') throw new UserError(`${option}: empty; give a value or leave the option out`);
		fields[field] = value.trim();
	}
	if (Object.keys(fields).length === 0) return null;
	if (status !== BLOCKED_STATUS) {
		throw new UserError(`--blocked-owner, --ticket and --until describe a ${BLOCKED_STATUS} sign-off; this one is ${status}`);
	}
	if (fields.until !== undefined && utcDayNumber(fields.until) === null) {
		throw new UserError(`--until: ${JSON.stringify(fields.until)} is not a day; expected YYYY-MM-DD (a UTC day, e.g. 2026-03-31)`);
	}
	return fields;
}
