import path from 'node:path';

const LOCK_ARTIFACT = /\.lock(\.reclaim)?(\.abandoned-[0-9a-f]+)?$/;
const TEMP_ARTIFACT = /^\..+\.tmp-/;

/**
 * Files the write path leaves beside a target while it works (a lock, a lock being reclaimed or broken,
 * a temp file before its rename). Another writer's are expected, so they never count as changes.
 */
export function isWriterArtifact(file: string): boolean {
	const name = path.posix.basename(file);
	return LOCK_ARTIFACT.test(name) || TEMP_ARTIFACT.test(name);
}
