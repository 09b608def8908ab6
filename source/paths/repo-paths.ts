import fs from 'node:fs';
import path from 'node:path';
import type { PathProblem, PathRef } from '../model/types.js';
import { isInsideDirectory } from './inside.js';

/**
 * Paths named by trackers, ledgers and TSVs are untrusted. A path is only ever read when it is relative,
 * stays inside the repository after normalisation, and its real path (symlinks resolved) is inside the
 * repository's real path too.
 */
export class RepoPaths {
	readonly root: string;
	private readonly realRoot: string;
	private readonly statCache = new Map<string, fs.Stats | null>();
	// Ledgers name the same files again and again; a validated path is the same answer every time.
	private readonly refCache = new Map<string, PathRef>();
	private readonly containmentCache = new Map<string, PathProblem | null>();

	constructor(root: string) {
		this.root = root;
		this.realRoot = fs.realpathSync.native(root);
	}

	/** Validates a written path; `allowLineSuffix` understands `file.rs:824`. */
	ref(written: string, options: { allowLineSuffix?: boolean } = {}): PathRef {
		const key = `${options.allowLineSuffix ? 'L' : 'P'}${written}`;
		const cached = this.refCache.get(key);
		if (cached) return { ...cached };
		const ref = this.validate(written, options);
		this.refCache.set(key, ref);
		return { ...ref };
	}

	private validate(written: string, options: { allowLineSuffix?: boolean }): PathRef {
		const trimmed = written.trim();
		let candidate = trimmed;
		let line: number | null = null;
		if (options.allowLineSuffix) {
			const match = /^(.*?):(\d+)(?::\d+)?$/.exec(trimmed);
			if (match?.[1] && match[2]) {
				candidate = match[1];
				line = Number(match[2]);
			}
		}
		const problem = this.problemOf(candidate);
		if (problem) return { written, path: null, line, exists: false, isDirectory: false, problem };
		const relative = this.toRelative(candidate);
		if (relative === null) return { written, path: null, line, exists: false, isDirectory: false, problem: 'outside-repo' };
		const containment = this.containment(relative);
		if (containment) return { written, path: null, line, exists: false, isDirectory: false, problem: containment };
		const stats = this.stat(relative);
		return {
			written,
			path: relative,
			line,
			exists: stats !== null,
			isDirectory: stats?.isDirectory() ?? candidate.endsWith('/'),
			problem: null,
		};
	}

	/** Absolute path of a validated repository-relative path. */
	absolute(relative: string): string {
		return path.join(this.root, relative);
	}

	/** Repository-relative form of an absolute path inside the root, or null. */
	relativeOf(absolutePath: string): string | null {
		const relative = path.relative(this.root, absolutePath);
		if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
		return relative.split(path.sep).join('/');
	}

	exists(relative: string): boolean {
		return this.stat(relative) !== null;
	}

	private problemOf(candidate: string): PathProblem | null {
		if (candidate === '') return 'empty';
		if (candidate.includes('\0')) return 'nul-byte';
		if (path.isAbsolute(candidate) || /^[A-Za-z]:[\\/]/.test(candidate) || candidate.startsWith('~')) return 'absolute';
		return null;
	}

	private toRelative(candidate: string): string | null {
		const normalised = path.posix.normalize(candidate.replace(/\\/g, '/'));
		if (normalised === '..' || normalised.startsWith('../')) return null;
		const withoutTrailing = normalised.replace(/\/+$/, '');
		return withoutTrailing === '' || withoutTrailing === '.' ? '.' : withoutTrailing;
	}

	// Walk up to the nearest existing ancestor: a symlinked folder on the way could lead outside.
	private containment(relative: string): PathProblem | null {
		const cached = this.containmentCache.get(relative);
		if (cached !== undefined) return cached;
		const problem = this.walkContainment(relative);
		this.containmentCache.set(relative, problem);
		return problem;
	}

	private walkContainment(relative: string): PathProblem | null {
		let current = relative;
		for (;;) {
			const absolute = path.join(this.root, current);
			let real: string | null = null;
			try {
				real = fs.realpathSync.native(absolute);
			} catch {
				real = null;
			}
			if (real !== null) {
				return isInsideDirectory(this.realRoot, real, { allowSame: true }) ? null : 'symlink-outside-repo';
			}
			if (current === '.' || !current.includes('/')) return null;
			current = current.slice(0, current.lastIndexOf('/'));
		}
	}

	private stat(relative: string): fs.Stats | null {
		const cached = this.statCache.get(relative);
		if (cached !== undefined) return cached;
		let stats: fs.Stats | null = null;
		try {
			stats = fs.statSync(path.join(this.root, relative));
		} catch {
			stats = null;
		}
		this.statCache.set(relative, stats);
		return stats;
	}
}

export function describePathProblem(problem: PathProblem): string {
	switch (problem) {
		case 'absolute':
			return 'is an absolute path';
		case 'outside-repo':
			return 'leaves the repository';
		case 'symlink-outside-repo':
			return 'resolves through a symlink outside the repository';
		case 'nul-byte':
			return 'contains a NUL byte';
		case 'empty':
			return 'is empty';
	}
}
