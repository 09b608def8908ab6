import { type GateModel, KNOWN_STATUSES, type KnownStatus } from './types.js';

/** Whether a status is one of the four the audits define (others are kept as written and reported). */
export function isKnownStatus(status: string): status is KnownStatus {
	return (KNOWN_STATUSES as readonly string[]).includes(status);
}

/** Derived status: GO when every required signal is GO, NO-GO when none is, else PARTIAL. */
export function deriveGateStatus(closed: number, total: number): GateModel['derivedStatus'] {
	if (closed === total) return 'GO';
	if (closed === 0) return 'NO-GO';
	return 'PARTIAL';
}
