import { simpleGit, type SimpleGit } from 'simple-git';
import type { GitState } from '../model/types.js';

function gitAt(directory: string): SimpleGit {
	// Trackers may sit in repositories owned by someone else (CI checkouts); git's own config decides safety.
	return simpleGit({ baseDir: directory, maxConcurrentProcesses: 6, trimmed: true });
}

/** Top-level folder of the git work tree holding `directory`, or null outside git. */
export async function findRepositoryRoot(directory: string): Promise<string | null> {
	try {
		const root = await gitAt(directory).revparse(['--show-toplevel']);
		return root === '' ? null : root;
	} catch {
		return null;
	}
}

async function optional<T>(work: Promise<T>): Promise<T | null> {
	try {
		return await work;
	} catch {
		return null;
	}
}

/** HEAD, dirty state and where the baseline stands; the four questions run at once. */
export async function readGitState(root: string, baselineCommit: string): Promise<GitState> {
	const git = gitAt(root);
	const validBaseline = /^[0-9a-fA-F]{4,64}$/.test(baselineCommit);
	const [head, porcelain, baselineType, count] = await Promise.all([
		optional(git.revparse(['--verify', '--quiet', 'HEAD'])),
		optional(git.raw(['status', '--porcelain', '--untracked-files=normal'])),
		validBaseline ? optional(git.raw(['cat-file', '-t', baselineCommit])) : Promise.resolve(null),
		validBaseline ? optional(git.raw(['rev-list', '--count', `${baselineCommit}..HEAD`])) : Promise.resolve(null),
	]);
	const baselineKnown = baselineType?.trim() === 'commit';
	return {
		head: head && /^[0-9a-f]{40,64}$/.test(head) ? head : null,
		dirty: (porcelain ?? '').trim() !== '',
		baselineKnown,
		commitsSinceBaseline: baselineKnown && count !== null ? Number(count.trim()) : null,
	};
}

/** Repository-relative paths of tracked files with the given base name. */
export async function listTrackedFiles(root: string, baseName: string): Promise<string[]> {
	const output = await optional(gitAt(root).raw(['ls-files', '-z', '--', `:(glob)**/${baseName}`]));
	if (output === null) return [];
	return output.split('\0').filter((file) => file !== '' && (file === baseName || file.endsWith(`/${baseName}`)));
}
