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
	// Ledgers name the same files again and again; a validated path is the same answer every time.
	private readonly refCache = new Map<string, PathRef>();
	// One lstat per path ever asked about, and one containment answer per path: a directory is resolved
	// once for all the files under it, instead of a realpath walking every ancestor for every file.
	private readonly entryCache = new Map<string, Entry>();
	private readonly containmentCache = new Map<string, PathProblem | null>();
	private readonly listings = new Map<string, fs.Dirent[]>();
	private readonly listedNames = new Map<string, Map<string, fs.Dirent>>();

	constructor(root: string) {
		this.root = root;
		this.realRoot = fs.realpathSync.native(root);
	}

	/**
	 * Validates a written path; `allowLineSuffix` understands `file.rs:824`. The answer is frozen and shared:
	 * a ledger names the same file in thousands of rows.
	 */
	ref(written: string, options: { allowLineSuffix?: boolean } = {}): PathRef {
		const key = `${options.allowLineSuffix ? 'L' : 'P'}${written}`;
		let ref = this.refCache.get(key);
		if (!ref) {
			ref = Object.freeze(this.validate(written, options));
			this.refCache.set(key, ref);
		}
		return ref;
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
		const entry = this.entry(relative);
		return {
			written,
			path: relative,
			line,
			exists: entry.exists,
			isDirectory: entry.exists ? entry.isDirectory : candidate.endsWith('/'),
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
		return this.entry(relative).exists;
	}

	/**
	 * `folder/name` for a name taken from `list(folder)`: nothing in it to normalise or refuse, so it is
	 * judged by its folder (or resolved, when it is a symlink) without the work `ref` does on written text.
	 */
	child(folder: string, name: string): PathRef {
		if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) return this.ref(`${folder}/${name}`);
		const relative = folder === '.' ? name : `${folder}/${name}`;
		// In a listed folder a name that is no symlink is inside exactly when its folder is: thousands of logs
		// in one folder are answered from the listing, without a cache entry each.
		const dirent = this.listedNames.get(folder)?.get(name);
		if (dirent !== undefined && !dirent.isSymbolicLink()) {
			const folderProblem = this.containment(folder);
			if (folderProblem) return { written: relative, path: null, line: null, exists: false, isDirectory: false, problem: folderProblem };
			return { written: relative, path: relative, line: null, exists: true, isDirectory: dirent.isDirectory(), problem: null };
		}
		const problem = this.containment(relative);
		if (problem) return { written: relative, path: null, line: null, exists: false, isDirectory: false, problem };
		const entry = this.entry(relative);
		return { written: relative, path: relative, line: null, exists: entry.exists, isDirectory: entry.isDirectory, problem: null };
	}

	/**
	 * The entries of a repository-relative folder (none when it cannot be read), listed once. What the
	 * listing says about each entry is kept, so asking about a file in a listed folder needs no system call
	 * of its own: thousands of logs in one folder cost one readdir, not thousands of lstats.
	 */
	list(relative: string): fs.Dirent[] {
		const cached = this.listings.get(relative);
		if (cached) return cached;
		let listing: fs.Dirent[];
		try {
			listing = fs.readdirSync(path.join(this.root, relative), { withFileTypes: true });
		} catch {
			listing = [];
		}
		this.listings.set(relative, listing);
		const names = new Map<string, fs.Dirent>();
		for (const dirent of listing) names.set(dirent.name, dirent);
		this.listedNames.set(relative, names);
		return listing;
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

	/**
	 * Whether a path stays inside the repository once symlinks are followed. A path that is not a symlink
	 * is inside exactly when its folder is; a symlink is resolved; a path that does not exist is judged by
	 * its nearest existing ancestor (a symlinked folder on the way could lead outside).
	 */
	private containment(relative: string): PathProblem | null {
		if (relative === '.') return null;
		const cached = this.containmentCache.get(relative);
		if (cached !== undefined) return cached;
		const entry = this.entry(relative);
		const parent = relative.includes('/') ? relative.slice(0, relative.lastIndexOf('/')) : '.';
		let problem: PathProblem | null;
		if (entry.isSymlink) {
			const real = this.realPath(relative);
			// A dangling link is judged like a missing file: by where it sits.
			problem = real === null ? this.containment(parent) : isInsideDirectory(this.realRoot, real, { allowSame: true }) ? null : 'symlink-outside-repo';
		} else {
			problem = this.containment(parent);
		}
		this.containmentCache.set(relative, problem);
		return problem;
	}

	private realPath(relative: string): string | null {
		try {
			return fs.realpathSync.native(path.join(this.root, relative));
		} catch {
			return null;
		}
	}

	private entry(relative: string): Entry {
		const cached = this.entryCache.get(relative);
		if (cached) return cached;
		const entry = this.fromListing(relative) ?? this.statEntry(relative);
		this.entryCache.set(relative, entry);
		return entry;
	}

	// A name in a folder already listed: absent means missing; present and not a link says what it is.
	private fromListing(relative: string): Entry | null {
		const slash = relative.lastIndexOf('/');
		const names = this.listedNames.get(slash === -1 ? '.' : relative.slice(0, slash));
		if (!names) return null;
		const dirent = names.get(relative.slice(slash + 1));
		if (!dirent) return MISSING;
		if (dirent.isSymbolicLink()) return null;
		return { exists: true, isDirectory: dirent.isDirectory(), isSymlink: false };
	}

	private statEntry(relative: string): Entry {
		const absolute = path.join(this.root, relative);
		const linkStats = fs.lstatSync(absolute, { throwIfNoEntry: false });
		if (!linkStats) return MISSING;
		if (!linkStats.isSymbolicLink()) return { exists: true, isDirectory: linkStats.isDirectory(), isSymlink: false };
		const target = fs.statSync(absolute, { throwIfNoEntry: false });
		return { exists: target !== undefined, isDirectory: target?.isDirectory() ?? false, isSymlink: true };
	}
}

/** What the file system says about one path; `exists` and `isDirectory` follow a symlink. */
interface Entry {
	exists: boolean;
	isDirectory: boolean;
	isSymlink: boolean;
}

const MISSING: Entry = { exists: false, isDirectory: false, isSymlink: false };

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
