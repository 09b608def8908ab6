/**
 * `arco-review --demo`: a throwaway git repository holding the Lumen Ingest demo audit. Two commits, so the
 * tracker's baseline_commit is a real commit one behind HEAD: the service (the audited baseline), then the
 * audit itself. Nothing outside the new temp folder is read or written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_AUDIT_DATE, DEMO_TRACKER_PATH, demoAuditFiles } from './demo-audit.js';
import { demoCommandScripts } from './demo-commands.js';
import type { DemoFile } from './demo-file.js';
import { runGit } from './demo-git.js';
import { demoServiceFiles } from './demo-service.js';

export const DEMO_DIRECTORY_PREFIX = 'arco-review-demo-';
export const DEMO_REVIEWER = { name: 'Demo Reviewer', email: 'demo@example.invalid' } as const;

// Fixed dates keep the commit hashes, and so the baseline in the tracker, the same on every run.
const BASELINE_COMMIT_DATE = '2026-11-18T09:30:00+00:00';
const AUDIT_COMMIT_DATE = '2026-11-20T16:00:00+00:00';

export interface CreateDemoOptions {
	/** Folder to create the repository in; os.tmpdir() by default. */
	parentDir?: string;
}

export interface DemoRepository {
	/** Real path of the repository root (symlinks such as macOS /var -> /private/var resolved, as git reports it). */
	root: string;
	/** Absolute path of the demo's gate-tracker.json; `.arco-review.json` at the root names it too. */
	trackerPath: string;
	/** Deletes the repository. Safe to call more than once. */
	remove(): void;
}

export async function createDemoRepository(options: CreateDemoOptions = {}): Promise<DemoRepository> {
	const parent = options.parentDir ?? os.tmpdir();
	const root = fs.realpathSync(fs.mkdtempSync(path.join(parent, DEMO_DIRECTORY_PREFIX)));
	let removed = false;
	const remove = (): void => {
		if (removed) return;
		fs.rmSync(root, { recursive: true, force: true });
		removed = true;
	};
	try {
		await populate(root);
	} catch (error) {
		remove();
		throw error;
	}
	return { root, trackerPath: path.join(root, ...DEMO_TRACKER_PATH.split('/')), remove };
}

async function populate(root: string): Promise<void> {
	// git init runs while the service files are written; neither touches the other's files.
	const initialized = initRepository(root);
	writeFiles(root, [...demoServiceFiles(), ...demoCommandScripts()]);
	await initialized;
	await commitEverything(root, 'Lumen Ingest 0.9.0-rc.1', BASELINE_COMMIT_DATE);
	const baseline = (await runGit(root, ['rev-parse', 'HEAD'])).trim();
	writeFiles(root, demoAuditFiles(baseline));
	await commitEverything(root, `Production-readiness audit ${DEMO_AUDIT_DATE}`, AUDIT_COMMIT_DATE);
}

// Repo-local identity: sign-offs made in the demo are recorded as the demo reviewer, not the user.
async function initRepository(root: string): Promise<void> {
	await runGit(root, ['init', '-q', '--template=']);
	await runGit(root, ['config', 'user.name', DEMO_REVIEWER.name]);
	await runGit(root, ['config', 'user.email', DEMO_REVIEWER.email]);
}

async function commitEverything(root: string, message: string, date: string): Promise<void> {
	await runGit(root, ['add', '-A']);
	await runGit(root, ['commit', '-q', '--no-verify', '-m', message], date);
}

function writeFiles(root: string, files: DemoFile[]): void {
	const created = new Set<string>();
	for (const file of files) {
		const absolute = path.join(root, ...file.path.split('/'));
		const directory = path.dirname(absolute);
		if (!created.has(directory)) {
			fs.mkdirSync(directory, { recursive: true });
			created.add(directory);
		}
		fs.writeFileSync(absolute, file.content, { mode: file.executable ? 0o755 : 0o644 });
	}
}
