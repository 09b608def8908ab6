/**
 * Temp git repositories made from fixture folders. Every test that reads or edits an audit works on such a
 * copy, never on test/fixtures/ or ../shared/ themselves.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExecutionContext } from 'ava';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures');
export const LUMEN = path.join(FIXTURES, 'lumen-audit');

/** The lumen fixture's audit, as paths inside a copy. */
export const LUMEN_AUDIT = '2026-03-02-lumen-readiness';
export const LUMEN_TRACKER = `docs/audits/${LUMEN_AUDIT}/gate-tracker.json`;
export const LUMEN_LEDGER = `docs/audits/${LUMEN_AUDIT}/signal-ledger.md`;
export const LUMEN_EVIDENCE = `release_evidence/${LUMEN_AUDIT}`;

const GIT_IDENTITY = ['-c', 'user.name=arco-review tests', '-c', 'user.email=tests@arco-review.invalid', '-c', 'commit.gpgsign=false'];

export interface TempRepo {
	/** Real path of the copy (symlinks in os.tmpdir() resolved). */
	root: string;
	/** Commit of the fixture; null when the copy is not a git repository. */
	head: string | null;
	cleanup: () => void;
}

export interface CopyOptions {
	/** Default true: `git init` and commit everything. */
	git?: boolean;
	/** Registers cleanup as a teardown of this test. */
	t?: ExecutionContext;
}

export function git(root: string, args: string[]): string {
	return execFileSync('git', [...GIT_IDENTITY, ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Copies a fixture folder (absolute, or a name under test/fixtures) into a fresh temp dir, optionally a git repo. */
export function copyFixture(source: string, options: CopyOptions = {}): TempRepo {
	const from = path.isAbsolute(source) ? source : path.join(FIXTURES, source);
	if (!fs.statSync(from).isDirectory()) throw new Error(`${from} is not a folder`);
	const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'arco-review-test-')));
	const cleanup = (): void => fs.rmSync(root, { recursive: true, force: true });
	options.t?.teardown(cleanup);
	fs.cpSync(from, root, { recursive: true, verbatimSymlinks: true });
	let head: string | null = null;
	if (options.git ?? true) {
		git(root, ['init', '-q', '-b', 'main']);
		head = commitAll(root, 'fixture');
	}
	return { root, head, cleanup };
}

/** An empty temp dir (no git unless asked). */
export function emptyRepo(options: CopyOptions = {}): TempRepo {
	const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'arco-review-test-')));
	const cleanup = (): void => fs.rmSync(root, { recursive: true, force: true });
	options.t?.teardown(cleanup);
	let head: string | null = null;
	if (options.git ?? true) {
		git(root, ['init', '-q', '-b', 'main']);
		fs.writeFileSync(path.join(root, 'README.md'), '# lumen\n');
		head = commitAll(root, 'readme');
	}
	return { root, head, cleanup };
}

/** Stages and commits everything; returns the new HEAD. */
export function commitAll(root: string, message: string): string {
	git(root, ['add', '-A']);
	git(root, ['commit', '-q', '--allow-empty', '-m', message]);
	return git(root, ['rev-parse', 'HEAD']);
}

export function porcelain(root: string): string {
	return git(root, ['status', '--porcelain', '--untracked-files=all']);
}

export function readText(root: string, relative: string): string {
	return fs.readFileSync(path.join(root, relative), 'utf8');
}

export function writeText(root: string, relative: string, text: string): void {
	const file = path.join(root, relative);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, text);
}

/** Replaces text in a file; throws when `from` is absent, so an edit can never silently do nothing. */
export function replaceText(root: string, relative: string, from: string | RegExp, to: string): void {
	const text = readText(root, relative);
	const next = text.replace(from, to);
	if (next === text) throw new Error(`${relative}: ${String(from)} not found`);
	writeText(root, relative, next);
}

export function editJson<T = Record<string, unknown>>(root: string, relative: string, edit: (value: T) => void): void {
	const value = JSON.parse(readText(root, relative)) as T;
	edit(value);
	writeText(root, relative, `${JSON.stringify(value, null, 2)}\n`);
}

/** Every file and symlink under root except .git/, with its bytes (or link target): to prove nothing was written. */
export function snapshotTree(root: string): Map<string, string> {
	const files = new Map<string, string>();
	const walk = (relative: string): void => {
		for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
			const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
			if (child === '.git') continue;
			const absolute = path.join(root, child);
			if (entry.isSymbolicLink()) files.set(child, `-> ${fs.readlinkSync(absolute)}`);
			else if (entry.isDirectory()) {
				files.set(`${child}/`, '');
				walk(child);
			} else files.set(child, fs.readFileSync(absolute).toString('base64'));
		}
	};
	walk('');
	return files;
}

/** Every `.log` in a `command-logs*` folder that sits beside a TSV, repository-relative. */
export function logsBesideStatusFiles(root: string, statusFiles: string[]): string[] {
	const logs = new Set<string>();
	for (const tsv of statusFiles) {
		const directory = path.posix.dirname(tsv);
		for (const entry of fs.readdirSync(path.join(root, directory), { withFileTypes: true })) {
			if (!entry.isDirectory() || !entry.name.startsWith('command-logs')) continue;
			for (const log of fs.readdirSync(path.join(root, directory, entry.name))) {
				if (log.endsWith('.log')) logs.add(`${directory}/${entry.name}/${log}`);
			}
		}
	}
	return [...logs].sort();
}
