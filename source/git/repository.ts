import fs from 'node:fs';
import path from 'node:path';
import { type AuditLocation, changesOutsideAudit } from '../model/audit-files.js';
import { readIndexPaths } from './index-files.js';
import { parsePorcelainV2 } from './porcelain.js';
import { runGitOptional } from './run-git.js';

/**
 * Every git question the model asks, each answered by as few git processes as it can: the repository is
 * found by its `.git` without a process, and one `git status --porcelain=v2 --branch` gives HEAD and
 * every change. A `status` costs two processes (that one and the commit count since the baseline).
 */

// --no-ahead-behind: the upstream counts are never read, and counting them walks commits.
const STATUS_ARGS = ['status', '--porcelain=v2', '--branch', '--no-ahead-behind', '-z', '--untracked-files=all'];

// Variables that move or bound git's own discovery: with any of them set, git itself says where the work tree is.
const DISCOVERY_VARIABLES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_CEILING_DIRECTORIES', 'GIT_DISCOVERY_ACROSS_FILESYSTEM', 'GIT_COMMON_DIR'];

/** Top-level folder (real path) of the git work tree holding `directory`, or null outside git. */
export async function findRepositoryRoot(directory: string): Promise<string | null> {
	if (DISCOVERY_VARIABLES.some((name) => process.env[name])) return askGitForRoot(directory);
	let current: string;
	try {
		current = fs.realpathSync.native(directory);
	} catch {
		return null;
	}
	for (;;) {
		const marker = gitMarker(current);
		if (marker === 'repository') return current;
		// Something named .git that is not a repository git would recognise: let git decide.
		if (marker === 'unknown') return askGitForRoot(directory);
		const parent = path.dirname(current);
		if (parent === current) return null;
		current = parent;
	}
}

async function askGitForRoot(directory: string): Promise<string | null> {
	const root = (await runGitOptional(directory, ['rev-parse', '--show-toplevel']))?.trim();
	return root ? root : null;
}

function gitMarker(directory: string): 'repository' | 'unknown' | 'none' {
	const dotGit = path.join(directory, '.git');
	let stats: fs.Stats;
	try {
		stats = fs.statSync(dotGit);
	} catch {
		return 'none';
	}
	// A git directory has a HEAD; a `.git` file pointing at one that does not is no repository git would use.
	const gitDirectory = stats.isDirectory() ? dotGit : gitDirectoryOfFile(dotGit);
	return gitDirectory !== null && fs.existsSync(path.join(gitDirectory, 'HEAD')) ? 'repository' : 'unknown';
}

// A worktree or submodule has a `.git` file saying `gitdir: <path>`.
function gitDirectoryOfFile(dotGitFile: string): string | null {
	try {
		const match = /^gitdir: (.+?)\s*$/m.exec(fs.readFileSync(dotGitFile, 'utf8'));
		return match?.[1] ? path.resolve(path.dirname(dotGitFile), match[1]) : null;
	} catch {
		return null;
	}
}

/** The git directory of a work tree root (`.git`, or where a worktree's `.git` file points). */
function gitDirectoryOf(root: string): string | null {
	const dotGit = path.join(root, '.git');
	try {
		if (fs.statSync(dotGit).isDirectory()) return dotGit;
	} catch {
		return null;
	}
	return gitDirectoryOfFile(dotGit);
}

export interface WorkTreeState {
	/** Full HEAD sha; null before the first commit or when git could not answer. */
	head: string | null;
	/** Whether there are uncommitted changes outside the audit's own files (changesOutsideAudit, the one rule). */
	dirty: boolean;
	/** Every uncommitted change (staged, unstaged, untracked), repository-relative. */
	changedPaths: string[];
}

/** HEAD and the work tree's changes from one git process; null when git could not answer. */
export async function readWorkTreeStatus(root: string): Promise<Omit<WorkTreeState, 'dirty'> | null> {
	const output = await runGitOptional(root, STATUS_ARGS, { optionalLocks: false });
	if (output === null) return null;
	const status = parsePorcelainV2(output);
	return { head: status.head, changedPaths: status.changedPaths };
}

/** HEAD, dirtiness and changed paths, from one git process; "dirty" as it means everywhere, for this audit. */
export async function readWorkTreeState(root: string, audit: AuditLocation): Promise<WorkTreeState> {
	const status = await readWorkTreeStatus(root);
	if (status === null) return { head: null, dirty: false, changedPaths: [] };
	return { ...status, dirty: changesOutsideAudit(audit, status.changedPaths).length > 0 };
}

/** Commits from the baseline to HEAD; null when the baseline is not a commit here (rev-list then fails). */
export async function countCommitsSince(root: string, baselineCommit: string): Promise<number | null> {
	if (!/^[0-9a-fA-F]{4,64}$/.test(baselineCommit)) return null;
	const count = await runGitOptional(root, ['rev-list', '--count', `${baselineCommit}^{commit}..HEAD`]);
	return count === null || !/^\d+$/.test(count.trim()) ? null : Number(count.trim());
}

/** Repository-relative paths of tracked files with the given base name (the index, read without a process when it can be). */
export async function listTrackedFiles(root: string, baseName: string): Promise<string[]> {
	const gitDirectory = DISCOVERY_VARIABLES.some((name) => process.env[name]) || process.env['GIT_INDEX_FILE'] ? null : gitDirectoryOf(root);
	const fromIndex = gitDirectory === null ? null : readIndexPaths(gitDirectory, baseName);
	const tracked = fromIndex ?? (await runGitOptional(root, ['ls-files', '-z', '--', `:(glob)**/${baseName}`]))?.split('\0');
	if (!tracked) return [];
	return [...new Set(tracked.filter((file) => file !== '' && (file === baseName || file.endsWith(`/${baseName}`))))];
}

/** Files changed between a commit and HEAD; null when the commit is unknown here. */
export async function changedSince(root: string, commit: string): Promise<string[] | null> {
	if (!/^[0-9a-fA-F]{7,64}$/.test(commit)) return null;
	const output = await runGitOptional(root, ['diff', '--name-only', '-z', `${commit}^{commit}`, 'HEAD', '--']);
	if (output === null) return null;
	return output.split('\0').filter((file) => file !== '');
}
