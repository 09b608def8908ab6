import { isUnderFolder } from '../paths/inside.js';
import { isWriterArtifact } from '../writers/artifacts.js';

/** Where the audit's own files sit: what sign-offs and reruns write, as opposed to the code under review. */
export interface AuditLocation {
	trackerPath: string;
	ledgerPath: string | null;
	evidenceRoot: string;
}

export const HISTORY_FILE_NAME = 'signoffs.jsonl';

/** The sign-off history beside the tracker, repository-relative. */
export function historyPathOf(location: AuditLocation): string {
	const slash = location.trackerPath.lastIndexOf('/');
	return slash === -1 ? HISTORY_FILE_NAME : `${location.trackerPath.slice(0, slash)}/${HISTORY_FILE_NAME}`;
}

/** Files the sign-off machinery itself writes: never evidence, never a reason for staleness or dirtiness. */
export function auditOwnFiles(location: AuditLocation): string[] {
	return [location.trackerPath, ...(location.ledgerPath ? [location.ledgerPath] : []), historyPathOf(location)];
}

/**
 * Uncommitted changes that make a tree "dirty" for a review: everything but the audit's own files, its
 * evidence root and the lock and temp files of a writer at work. One rule for the overview's marker, the
 * sign-off's refusal and the `dirty` it records.
 */
export function changesOutsideAudit(location: AuditLocation, changedPaths: readonly string[]): string[] {
	const own = new Set(auditOwnFiles(location));
	return changedPaths.filter((file) => !own.has(file) && !isUnderFolder(file, location.evidenceRoot) && !isWriterArtifact(file));
}
