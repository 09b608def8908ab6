import fs from 'node:fs';
import path from 'node:path';
import { EMPTY_PROJECT_CONFIG, PROJECT_CONFIG_FILE, type ProjectConfig, readProjectConfig } from '../config/project-config.js';
import { UserError } from '../errors.js';
import { compareText } from '../format/compare-text.js';
import { findRepositoryRoot, listTrackedFiles } from '../git/repository.js';
import { isInsideDirectory } from '../paths/inside.js';

export const TRACKER_FILE_NAME = 'gate-tracker.json';

export interface TrackerLocation {
	/** Absolute tracker path. */
	trackerPath: string;
	/** Git top-level, or null when the tracker is not inside a git work tree. */
	repositoryRoot: string | null;
	source: '--tracker' | 'ARCO_TRACKER' | typeof PROJECT_CONFIG_FILE | 'discovered';
	/** Said to the user when the choice was not obvious (several trackers). */
	note: string | null;
	/** The repository's `.arco-review.json` (empty outside git or without one). */
	config: ProjectConfig;
}

export interface FindTrackerOptions {
	cwd: string;
	tracker?: string | undefined;
	env?: NodeJS.ProcessEnv;
}

/** The explicit tracker path the options name (--tracker, then ARCO_TRACKER), absolute; null for discovery. */
export function explicitTrackerPath(options: FindTrackerOptions): string | null {
	const explicit = options.tracker ?? options.env?.['ARCO_TRACKER'];
	return explicit ? path.resolve(options.cwd, explicit) : null;
}

/** Where to ask git for the repository: the explicit tracker's folder, else the working directory. */
export function searchDirectory(options: FindTrackerOptions): string {
	const explicit = explicitTrackerPath(options);
	return explicit ? path.dirname(explicit) : options.cwd;
}

/**
 * `--tracker` > `ARCO_TRACKER` > `.arco-review.json` > the git-tracked tracker with the newest audit_date.
 * `repositoryRoot`, when the caller already asked git for it (for `searchDirectory(options)`), saves a round.
 */
export async function findTracker(options: FindTrackerOptions, knownRoot?: Promise<string | null>): Promise<TrackerLocation> {
	const rootOf = (directory: string): Promise<string | null> => knownRoot ?? findRepositoryRoot(directory);
	const explicit = explicitTrackerPath(options);
	if (explicit) {
		const source = options.tracker ? '--tracker' : 'ARCO_TRACKER';
		if (!fs.existsSync(explicit)) throw new UserError(`${options.tracker ?? options.env?.['ARCO_TRACKER']}: tracker not found (from ${source})`);
		const repositoryRoot = await rootOf(path.dirname(explicit));
		return {
			trackerPath: explicit,
			repositoryRoot,
			source,
			note: null,
			config: repositoryRoot === null ? EMPTY_PROJECT_CONFIG : readProjectConfig(repositoryRoot),
		};
	}
	const repositoryRoot = await rootOf(options.cwd);
	if (repositoryRoot === null) {
		throw new UserError('not inside a git repository: pass --tracker PATH or set ARCO_TRACKER');
	}
	const config = readProjectConfig(repositoryRoot);
	const configured = configuredTracker(repositoryRoot, config);
	if (configured) return { trackerPath: configured, repositoryRoot, source: PROJECT_CONFIG_FILE, note: null, config };
	const tracked = await listTrackedFiles(repositoryRoot, TRACKER_FILE_NAME);
	if (tracked.length === 0) {
		throw new UserError(`no ${TRACKER_FILE_NAME} tracked in ${repositoryRoot}: pass --tracker PATH, set ARCO_TRACKER, or add ${PROJECT_CONFIG_FILE}`);
	}
	const realRoot = fs.realpathSync(repositoryRoot);
	const ranked = tracked
		.filter((file) => isInsideRealRoot(path.join(repositoryRoot, file), realRoot))
		.map((file, _index, all) => ({ file, auditDate: all.length > 1 ? peekAuditDate(path.join(repositoryRoot, file)) : '' }))
		.sort((a, b) => compareText(b.auditDate, a.auditDate) || compareText(a.file, b.file));
	const chosen = ranked[0];
	if (!chosen) throw new UserError(`every tracked ${TRACKER_FILE_NAME} in ${repositoryRoot} resolves outside the repository (symlinks); pass --tracker PATH`);
	const note =
		ranked.length > 1
			? `${ranked.length} trackers found; using ${chosen.file} (newest audit_date ${chosen.auditDate || 'unknown'}); pass --tracker to choose another`
			: null;
	return { trackerPath: path.join(repositoryRoot, chosen.file), repositoryRoot, source: 'discovered', note, config };
}

function configuredTracker(repositoryRoot: string, config: ProjectConfig): string | null {
	const written = config.tracker;
	if (written === null) return null;
	const resolved = path.resolve(repositoryRoot, written);
	const relative = path.relative(repositoryRoot, resolved);
	if (path.isAbsolute(written) || relative.startsWith('..')) {
		throw new UserError(`${PROJECT_CONFIG_FILE}: tracker: ${JSON.stringify(written)} leaves the repository`);
	}
	if (!fs.existsSync(resolved)) throw new UserError(`${PROJECT_CONFIG_FILE}: tracker: ${written} not found`);
	if (!isInsideRealRoot(resolved, fs.realpathSync(repositoryRoot))) {
		throw new UserError(`${PROJECT_CONFIG_FILE}: tracker: ${written} resolves through a symlink outside the repository`);
	}
	return resolved;
}

// A tracked symlink may point anywhere; only trackers really inside the repository are candidates.
function isInsideRealRoot(file: string, realRoot: string): boolean {
	try {
		return isInsideDirectory(realRoot, fs.realpathSync(file));
	} catch {
		return false;
	}
}

// Only to rank candidates: a tracker that does not parse ranks last and is reported when it is loaded.
function peekAuditDate(file: string): string {
	try {
		const value = JSON.parse(fs.readFileSync(file, 'utf8')) as { audit_date?: unknown };
		return typeof value.audit_date === 'string' ? value.audit_date : '';
	} catch {
		return '';
	}
}
