import { simpleGit, type SimpleGit } from 'simple-git';
import type { GitState } from '../model/types.js';

// `trimmed` suits one-line answers; porcelain output must keep its leading status columns.
function gitAt(directory: string, trimmed = true): SimpleGit {
	return simpleGit({ baseDir: directory, maxConcurrentProcesses: 6, trimmed });
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

/** Paths with uncommitted changes (staged, unstaged or untracked), repository-relative. */
export async function listChangedPaths(root: string): Promise<string[]> {
	const output = await gitAt(root, false).raw(['status', '--porcelain=v1', '-z', '--untracked-files=all']);
	const paths: string[] = [];
	const records = output.split('\0');
	for (let index = 0; index < records.length; index += 1) {
		const record = records[index] ?? '';
		if (record.length < 4) continue;
		paths.push(record.slice(3));
		// A rename record is followed by its source path.
		if (record[0] === 'R' || record[0] === 'C') index += 1;
	}
	return paths;
}

/** Files changed between a commit and HEAD; null when the commit is unknown here. */
export async function changedSince(root: string, commit: string): Promise<string[] | null> {
	if (!/^[0-9a-fA-F]{7,64}$/.test(commit)) return null;
	const output = await optional(gitAt(root).raw(['diff', '--name-only', '-z', `${commit}^{commit}`, 'HEAD', '--']));
	if (output === null) return null;
	return output.split('\0').filter((file) => file !== '');
}
