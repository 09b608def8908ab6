import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { findRepositoryRoot, listTrackedFiles } from '../git/repository.js';
import { parseJsonOrRefuse } from '../json/parse-json.js';
import { formatJsonPath } from '../tracker/load-tracker.js';

export const PROJECT_CONFIG_FILE = '.arco-review.json';
export const TRACKER_FILE_NAME = 'gate-tracker.json';

export interface TrackerLocation {
	/** Absolute tracker path. */
	trackerPath: string;
	/** Git top-level, or null when the tracker is not inside a git work tree. */
	repositoryRoot: string | null;
	source: '--tracker' | 'ARCO_TRACKER' | typeof PROJECT_CONFIG_FILE | 'discovered';
	/** Said to the user when the choice was not obvious (several trackers). */
	note: string | null;
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

const projectConfigSchema = z.looseObject({ tracker: z.string().min(1) });

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
		return { trackerPath: explicit, repositoryRoot: await rootOf(path.dirname(explicit)), source, note: null };
	}
	const repositoryRoot = await rootOf(options.cwd);
	if (repositoryRoot === null) {
		throw new UserError('not inside a git repository: pass --tracker PATH or set ARCO_TRACKER');
	}
	const configured = readProjectConfig(repositoryRoot);
	if (configured) return { trackerPath: configured, repositoryRoot, source: PROJECT_CONFIG_FILE, note: null };
	const tracked = await listTrackedFiles(repositoryRoot, TRACKER_FILE_NAME);
	if (tracked.length === 0) {
		throw new UserError(`no ${TRACKER_FILE_NAME} tracked in ${repositoryRoot}: pass --tracker PATH, set ARCO_TRACKER, or add ${PROJECT_CONFIG_FILE}`);
	}
	const realRoot = fs.realpathSync(repositoryRoot);
	const ranked = tracked
		.filter((file) => isInsideRealRoot(path.join(repositoryRoot, file), realRoot))
		.map((file, _index, all) => ({ file, auditDate: all.length > 1 ? peekAuditDate(path.join(repositoryRoot, file)) : '' }))
		.sort((a, b) => b.auditDate.localeCompare(a.auditDate) || a.file.localeCompare(b.file));
	const chosen = ranked[0];
	if (!chosen) throw new UserError(`every tracked ${TRACKER_FILE_NAME} in ${repositoryRoot} resolves outside the repository (symlinks); pass --tracker PATH`);
	const note =
		ranked.length > 1
			? `${ranked.length} trackers found; using ${chosen.file} (newest audit_date ${chosen.auditDate || 'unknown'}); pass --tracker to choose another`
			: null;
	return { trackerPath: path.join(repositoryRoot, chosen.file), repositoryRoot, source: 'discovered', note };
}

function readProjectConfig(repositoryRoot: string): string | null {
	const configPath = path.join(repositoryRoot, PROJECT_CONFIG_FILE);
	let text: string;
	try {
		text = fs.readFileSync(configPath, 'utf8');
	} catch {
		return null;
	}
	const result = projectConfigSchema.safeParse(parseJsonOrRefuse(text, PROJECT_CONFIG_FILE));
	if (!result.success) {
		const issue = result.error.issues[0];
		const where = issue ? formatJsonPath(issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol')) : '(root)';
		throw new UserError(`${PROJECT_CONFIG_FILE}: ${where}: ${issue?.message.replace(/^Invalid input: /, '') ?? 'invalid'}`);
	}
	const written = result.data.tracker;
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
		const real = fs.realpathSync(file);
		return real.startsWith(realRoot + path.sep);
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
