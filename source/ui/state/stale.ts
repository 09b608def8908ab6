import type { AuditModel } from '../../model/types.js';

/**
 * Which sign-offs are stale, as the model's checks decided (`stale-signoff` findings: a file the sign-off
 * rests on changed since, or no longer matches its digest). The UI never guesses from HEADs itself: a
 * sign-off made at an older HEAD whose files did not change is not stale.
 */
const cache = new WeakMap<AuditModel, Set<string>>();

export function staleSubjects(model: AuditModel): Set<string> {
	let stale = cache.get(model);
	if (!stale) {
		stale = new Set(model.findings.filter((finding) => finding.code === 'stale-signoff').map((finding) => finding.subject));
		cache.set(model, stale);
	}
	return stale;
}

/** `subject` as findings name it: a signal id, or `gate N`. */
export function isStale(model: AuditModel, subject: string): boolean {
	return staleSubjects(model).has(subject);
}
