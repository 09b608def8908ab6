import { type GateModel, KNOWN_STATUSES, type KnownStatus, type Status } from './types.js';

/** Whether a status is one of the four the audits define (others are kept as written and reported). */
export function isKnownStatus(status: string): status is KnownStatus {
	return (KNOWN_STATUSES as readonly string[]).includes(status);
}

/**
 * The status a gate's required signals give it: GO when every one is GO; NO-GO when none is GO or
 * PARTIAL; PARTIAL otherwise. A signal the tracker does not define (null) counts as nothing done. This is
 * the rule that fits the captains' own verdicts across the real audits' history: a gate whose signals are
 * PARTIAL or waiting on someone else (BLOCKED-EXTERNAL) beside them is in progress, not failed.
 */
export function deriveGateStatus(signalStatuses: ReadonlyArray<Status | null>): GateModel['derivedStatus'] {
	let allGo = true;
	let progressing = false;
	for (let index = 0; index < signalStatuses.length; index += 1) {
		const status = signalStatuses[index];
		if (status !== 'GO') allGo = false;
		if (status === 'GO' || status === 'PARTIAL') progressing = true;
	}
	return allGo ? 'GO' : progressing ? 'PARTIAL' : 'NO-GO';
}
