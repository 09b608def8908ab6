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

/** HEAD and dirty state; started early, while the files are read, since each answer is a git process. */
export async function readWorkTreeState(root: string): Promise<Pick<GitState, 'head' | 'dirty'>> {
	const git = gitAt(root);
	const [head, porcelain] = await Promise.all([
		optional(git.revparse(['--verify', '--quiet', 'HEAD'])),
		optional(git.raw(['status', '--porcelain', '--untracked-files=normal'])),
	]);
	return { head: head && /^[0-9a-f]{40,64}$/.test(head) ? head : null, dirty: (porcelain ?? '').trim() !== '' };
}

/** Commits from the baseline to HEAD; null when the baseline is not a commit here (rev-list then fails). */
export async function countCommitsSince(root: string, baselineCommit: string): Promise<number | null> {
	if (!/^[0-9a-fA-F]{4,64}$/.test(baselineCommit)) return null;
	const count = await optional(gitAt(root).raw(['rev-list', '--count', `${baselineCommit}^{commit}..HEAD`]));
	return count === null || !/^\d+$/.test(count.trim()) ? null : Number(count.trim());
}

/** Repository-relative paths of tracked files with the given base name. */
export async function listTrackedFiles(root: string, baseName: string): Promise<string[]> {
	const output = await optional(gitAt(root).raw(['ls-files', '-z', '--', `:(glob)**/${baseName}`]));
	if (output === null) return [];
	return output.split('\0').filter((file) => file !== '' && (file === baseName || file.endsWith(`/${baseName}`)));
}
