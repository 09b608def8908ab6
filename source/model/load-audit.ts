import fs from 'node:fs';
import path from 'node:path';
import { type FindTrackerOptions, findTracker, searchDirectory } from '../discover/find-tracker.js';
import { UserError } from '../errors.js';
import { computeFindings } from '../findings/compute-findings.js';
import { signoffFindings } from '../findings/signoff-findings.js';
import { findStaleSignoffs } from '../findings/stale-signoffs.js';
import { summaryFindings } from '../findings/summary-findings.js';
import { countCommitsSince, findRepositoryRoot, readWorkTreeStatus } from '../git/repository.js';
import { type Ledger, parseLedger } from '../ledger/parse-ledger.js';
import { RepoPaths } from '../paths/repo-paths.js';
import { formatUtcDay } from '../time/utc.js';
import { loadTracker } from '../tracker/load-tracker.js';
import { type AuditLocation, changesOutsideAudit } from './audit-files.js';
import { buildModel } from './build-model.js';
import { readStatusFiles } from './status-files.js';
import { sortedBySeverity } from './summary.js';
import type { AuditModel, GitState } from './types.js';

export const LEDGER_FILE_NAME = 'signal-ledger.md';
/** The hand-written audit summary beside the tracker, whose gate snapshot table is checked on every load. */
export const SUMMARY_FILE_NAME = 'summary.md';

export interface LoadAuditOptions extends FindTrackerOptions {
	/** Skip git (HEAD, dirty, baseline); for callers that only need the files. */
	skipGit?: boolean;
	/** The moment blocks are judged at (their `until` is a UTC day); now when absent. */
	now?: Date;
}

const NO_GIT: GitState = { head: null, dirty: false, dirtyPaths: [], changedPaths: [], baselineKnown: false, commitsSinceBaseline: null };

/** Files -> typed model: finds the tracker, reads tracker, ledger, status TSVs and git, and derives findings. */
export async function loadAudit(options: LoadAuditOptions): Promise<AuditModel> {
	// Each git answer is a process: HEAD and the work tree's changes (one `git status`) are asked while the files are read.
	const repositoryRoot = findRepositoryRoot(searchDirectory(options));
	const workTree = options.skipGit ? null : repositoryRoot.then((root) => (root === null ? null : readWorkTreeStatus(root)));
	const location = await findTracker(options, repositoryRoot);
	const useGit = location.repositoryRoot !== null && !options.skipGit;
	const displayPath = displayPathFor(location.trackerPath, options.cwd);
	const { tracker } = loadTracker(location.trackerPath, displayPath);
	const root = location.repositoryRoot ?? auditRootOutsideGit(location.trackerPath, tracker.evidence_root);
	// Started before the files are read, so git counts while they are parsed.
	const baselineCount = useGit ? countCommitsSince(root, tracker.baseline_commit) : null;
	const paths = new RepoPaths(root);
	const trackerPath = paths.relativeOf(location.trackerPath) ?? displayPath;
	const ledgerAbsolute = path.join(path.dirname(location.trackerPath), LEDGER_FILE_NAME);
	const ledgerRef = paths.ref(paths.relativeOf(ledgerAbsolute) ?? LEDGER_FILE_NAME);
	// A ledger that is a symlink out of the repository is not read (the finding says why).
	const ledgerText = ledgerRef.problem === null ? readOptional(ledgerAbsolute) : null;
	const ledger: Ledger | null = ledgerText === null ? null : parseLedger(ledgerText, paths);
	const evidenceRoot = paths.ref(tracker.evidence_root);
	const statusFiles = evidenceRoot.path !== null && evidenceRoot.isDirectory ? readStatusFiles(paths, evidenceRoot.path) : [];
	const ledgerPath = ledgerText === null ? null : paths.relativeOf(ledgerAbsolute);
	const summary = readSummary(paths, path.join(path.dirname(location.trackerPath), SUMMARY_FILE_NAME));
	const model = buildModel({
		root,
		inGitRepository: location.repositoryRoot !== null,
		trackerPath,
		trackerSource: location.source,
		discoveryNote: location.note,
		ledgerPath,
		tracker,
		ledger,
		statusFiles,
		paths,
		git: await gitState(workTree, baselineCount, { trackerPath, ledgerPath, evidenceRoot: tracker.evidence_root }),
		config: location.config,
		today: formatUtcDay(options.now ?? new Date()),
		summaryPath: summary?.path ?? null,
	});
	model.findings = sortedBySeverity([
		...(await findStaleSignoffs(model)),
		...signoffFindings(model),
		...computeFindings(model, { paths, ledger, tracker, ledgerRef }),
		...summaryFindings(model, paths, summary?.text ?? null),
	]);
	return model;
}

async function gitState(
	workTree: Promise<{ head: string | null; changedPaths: string[] } | null> | null,
	baselineCount: Promise<number | null> | null,
	audit: AuditLocation,
): Promise<GitState> {
	if (workTree === null || baselineCount === null) return NO_GIT;
	const [state, commitsSinceBaseline] = await Promise.all([workTree, baselineCount]);
	if (state === null) return NO_GIT;
	const dirtyPaths = changesOutsideAudit(audit, state.changedPaths);
	return {
		head: state.head,
		dirty: dirtyPaths.length > 0,
		dirtyPaths,
		changedPaths: state.changedPaths,
		baselineKnown: commitsSinceBaseline !== null,
		commitsSinceBaseline,
	};
}

// Only a summary inside the repository is read; one that is missing or a symlink out is simply not checked.
function readSummary(paths: RepoPaths, absolute: string): { path: string; text: string } | null {
	const relative = paths.relativeOf(absolute);
	if (relative === null) return null;
	const ref = paths.ref(relative);
	if (ref.path === null || !ref.exists || ref.isDirectory) return null;
	const text = readOptional(absolute);
	return text === null ? null : { path: ref.path, text };
}

function displayPathFor(absolutePath: string, cwd: string): string {
	const relative = path.relative(cwd, absolutePath);
	return relative.startsWith('..') || path.isAbsolute(relative) ? absolutePath : relative;
}

function readOptional(file: string): string | null {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw new UserError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
	}
}

// Outside git, tracker paths are relative to the folder that holds the evidence root.
function auditRootOutsideGit(trackerPath: string, evidenceRoot: string): string {
	const relativeRoot = evidenceRoot.replace(/^\.?\/+/, '');
	for (let directory = path.dirname(trackerPath); ; directory = path.dirname(directory)) {
		if (relativeRoot !== '' && fs.existsSync(path.join(directory, relativeRoot))) return directory;
		if (path.dirname(directory) === directory) return path.dirname(trackerPath);
	}
}
