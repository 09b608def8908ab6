import fs from 'node:fs';
import path from 'node:path';
import { type FindTrackerOptions, findTracker, searchDirectory } from '../discover/find-tracker.js';
import { UserError } from '../errors.js';
import { computeFindings } from '../findings/compute-findings.js';
import { signoffFindings } from '../findings/signoff-findings.js';
import { findStaleSignoffs } from '../findings/stale-signoffs.js';
import { countCommitsSince, findRepositoryRoot, readWorkTreeState } from '../git/repository.js';
import { type Ledger, parseLedger } from '../ledger/parse-ledger.js';
import { RepoPaths } from '../paths/repo-paths.js';
import { loadTracker } from '../tracker/load-tracker.js';
import { readStatusFile } from '../tsv/read-status-file.js';
import { buildModel } from './build-model.js';
import { bySeverity } from './summary.js';
import type { AuditModel, GitState, StatusFile } from './types.js';

export const LEDGER_FILE_NAME = 'signal-ledger.md';

export interface LoadAuditOptions extends FindTrackerOptions {
	/** Skip git (HEAD, dirty, baseline); for callers that only need the files. */
	skipGit?: boolean;
}

const NO_GIT: GitState = { head: null, dirty: false, baselineKnown: false, commitsSinceBaseline: null };

/** Files -> typed model: finds the tracker, reads tracker, ledger, status TSVs and git, and derives findings. */
export async function loadAudit(options: LoadAuditOptions): Promise<AuditModel> {
	// Each git answer is a process: HEAD and the work tree's state are asked while discovery goes on.
	const repositoryRoot = findRepositoryRoot(searchDirectory(options));
	const workTree = options.skipGit ? null : repositoryRoot.then((root) => (root === null ? null : readWorkTreeState(root)));
	const location = await findTracker(options, repositoryRoot);
	const useGit = location.repositoryRoot !== null && !options.skipGit;
	const displayPath = displayPathFor(location.trackerPath, options.cwd);
	const { tracker } = loadTracker(location.trackerPath, displayPath);
	const root = location.repositoryRoot ?? auditRootOutsideGit(location.trackerPath, tracker.evidence_root);
	const paths = new RepoPaths(root);
	const trackerPath = paths.relativeOf(location.trackerPath) ?? displayPath;
	const ledgerAbsolute = path.join(path.dirname(location.trackerPath), LEDGER_FILE_NAME);
	const ledgerRef = paths.ref(paths.relativeOf(ledgerAbsolute) ?? LEDGER_FILE_NAME);
	// A ledger that is a symlink out of the repository is not read (the finding says why).
	const ledgerText = ledgerRef.problem === null ? readOptional(ledgerAbsolute) : null;
	const ledger: Ledger | null = ledgerText === null ? null : parseLedger(ledgerText, paths);
	const evidenceRoot = paths.ref(tracker.evidence_root);
	const statusFiles = evidenceRoot.path !== null && evidenceRoot.isDirectory ? readStatusFiles(paths, evidenceRoot.path) : [];
	const baselineCount = useGit ? countCommitsSince(root, tracker.baseline_commit) : null;
	const model = buildModel({
		root,
		inGitRepository: location.repositoryRoot !== null,
		trackerPath,
		trackerSource: location.source,
		discoveryNote: location.note,
		ledgerPath: ledgerText === null ? null : paths.relativeOf(ledgerAbsolute),
		tracker,
		ledger,
		statusFiles,
		paths,
		git: await gitState(workTree, baselineCount),
		config: location.config,
	});
	model.findings = [...(await findStaleSignoffs(model)), ...signoffFindings(model), ...computeFindings(model, { paths, ledger, tracker, ledgerRef })].sort(
		bySeverity,
	);
	return model;
}

async function gitState(workTree: Promise<Pick<GitState, 'head' | 'dirty'> | null> | null, baselineCount: Promise<number | null> | null): Promise<GitState> {
	if (workTree === null || baselineCount === null) return NO_GIT;
	const [state, commitsSinceBaseline] = await Promise.all([workTree, baselineCount]);
	if (state === null) return NO_GIT;
	return { head: state.head, dirty: state.dirty, baselineKnown: commitsSinceBaseline !== null, commitsSinceBaseline };
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

function readStatusFiles(paths: RepoPaths, evidenceRoot: string): StatusFile[] {
	const files: StatusFile[] = [];
	for (const tsv of listTsvFiles(paths, evidenceRoot)) {
		const directory = path.posix.dirname(tsv);
		const logFolders = listDirectory(paths.absolute(directory))
			.filter((entry) => entry.isDirectory() && entry.name.startsWith('command-logs'))
			.map((entry) => `${directory}/${entry.name}`)
			.sort();
		const text = fs.readFileSync(paths.absolute(tsv), 'utf8');
		let index: Map<string, string> | null = null;
		const logByHeader = (command: string): string | null => {
			index ??= indexLogsByCommand(paths, logFolders);
			return index.get(command) ?? null;
		};
		files.push(readStatusFile(tsv, text, { paths, evidenceRoot, logFolders, logByHeader }));
	}
	return files;
}

const LOG_COMMAND_HEADER = /^(?:# command: |\[CMD\] )(.*)$/m;
const LOG_HEAD_BYTES = 4096;
// A log a rerun moved aside (`name.20260215T182401Z.log`) is history, never the current log of a command.
const KEPT_PREVIOUS_LOG = /\.\d{8}T\d{6}Z(-\d+)?\.log$/;

// Some scripts named logs after something other than the step; their first lines still say the command.
function indexLogsByCommand(paths: RepoPaths, folders: string[]): Map<string, string> {
	const index = new Map<string, string>();
	const buffer = Buffer.alloc(LOG_HEAD_BYTES);
	for (const folder of folders) {
		for (const entry of listDirectory(paths.absolute(folder)).sort((a, b) => a.name.localeCompare(b.name))) {
			if (!entry.isFile() || !entry.name.endsWith('.log') || KEPT_PREVIOUS_LOG.test(entry.name)) continue;
			const relative = `${folder}/${entry.name}`;
			const descriptor = fs.openSync(paths.absolute(relative), 'r');
			try {
				const length = fs.readSync(descriptor, buffer, 0, LOG_HEAD_BYTES, 0);
				const command = LOG_COMMAND_HEADER.exec(buffer.toString('utf8', 0, length))?.[1]?.trim();
				if (command && !index.has(command)) index.set(command, relative);
			} finally {
				fs.closeSync(descriptor);
			}
		}
	}
	return index;
}

function listDirectory(absolute: string): fs.Dirent[] {
	try {
		return fs.readdirSync(absolute, { withFileTypes: true });
	} catch {
		return [];
	}
}

// Symlinked folders are not followed: they could lead outside the repository.
function listTsvFiles(paths: RepoPaths, directory: string): string[] {
	const found: string[] = [];
	for (const entry of listDirectory(paths.absolute(directory)).sort((a, b) => a.name.localeCompare(b.name))) {
		const relative = `${directory}/${entry.name}`;
		if (entry.isDirectory()) found.push(...listTsvFiles(paths, relative));
		else if (entry.isFile() && entry.name.toLowerCase().endsWith('.tsv')) found.push(relative);
	}
	return found;
}
