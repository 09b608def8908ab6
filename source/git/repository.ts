import { type SimpleGit, simpleGit } from 'simple-git';
import type { GitState } from '../model/types.js';

// `-b` adds a branch line so the output is never empty: simple-git waits an extra 50 ms for a git process
// that printed nothing (its completion plugin's `deferClose`), which a clean tree would otherwise cost.
const STATUS_ARGS = ['status', '--porcelain=v1', '-b', '-z', '--untracked-files=all'];

// `trimmed` suits one-line answers; porcelain output must keep its leading status columns.
// Completion on 'close' only: the default also arms a 50 ms timer at 'exit' that keeps a short-lived
// command such as `status --json` alive after its last git answer.
function gitAt(directory: string, trimmed = true): SimpleGit {
	return simpleGit({ baseDir: directory, maxConcurrentProcesses: 6, trimmed, completion: { onClose: true, onExit: false } });
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
	const [head, porcelain] = await Promise.all([optional(git.revparse(['--verify', '--quiet', 'HEAD'])), optional(gitAt(root, false).raw(STATUS_ARGS))]);
	return { head: head && /^[0-9a-f]{40,64}$/.test(head) ? head : null, dirty: changedPathsOf(porcelain ?? '').length > 0 };
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
	return changedPathsOf(await gitAt(root, false).raw(STATUS_ARGS));
}

function changedPathsOf(porcelain: string): string[] {
	const paths: string[] = [];
	const records = porcelain.split('\0');
	for (let index = 0; index < records.length; index += 1) {
		const record = records[index] ?? '';
		if (record.length < 4 || record.startsWith('## ')) continue;
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

/** A git config value as git resolves it for this repository (local, global, system), or null. */
export async function readConfigValue(root: string, key: string): Promise<string | null> {
	const entry = await optional(gitAt(root).getConfig(key));
	return entry?.value ?? null;
}
