/**
 * Sign-off tests run on temp git repositories copied from an audit snapshot: ../shared/fixtures/arco-66d6c8c
 * when present, else (outside CI) the project's own test/fixtures/lumen-audit for the tests that fit it.
 * Git is isolated from the machine's global and system configuration, so the reviewer is exactly what a
 * test configures in the repository.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test, { type ExecutionContext } from 'ava';
import { main } from '../../../source/cli.js';
import { captureStream } from '../../helpers/run-cli.js';

export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// ARCO_TEST_BINARY runs these tests against another build of the executable (a developer's private one
// while the shared dist/ is being rebuilt); by default, the project's own bin/ and dist/.
export const BINARY = process.env['ARCO_TEST_BINARY'] ?? path.join(PROJECT_ROOT, 'bin', 'arco-review.js');
const BUILT_CLI = process.env['ARCO_TEST_BINARY'] ?? path.join(PROJECT_ROOT, 'dist', 'cli.js');
// ARCO_TEST_SHARED_DIR points elsewhere than ../shared (e.g. a missing folder, to exercise the fallback).
const SHARED_FIXTURE = path.resolve(process.env['ARCO_TEST_SHARED_DIR'] ?? path.join(PROJECT_ROOT, '..', 'shared'), 'fixtures', 'arco-66d6c8c');
const LUMEN_FIXTURE = path.join(PROJECT_ROOT, 'test', 'fixtures', 'lumen-audit');

export const TEMP_BASE = fs.realpathSync(os.tmpdir());

// In-process runs (main, recordSignoff) spawn git with this process's environment.
const GIT_ISOLATION: Record<string, string> = {
	GIT_CONFIG_GLOBAL: '/dev/null',
	GIT_CONFIG_NOSYSTEM: '1',
	GIT_CEILING_DIRECTORIES: TEMP_BASE,
	GIT_TERMINAL_PROMPT: '0',
};
for (const [key, value] of Object.entries(GIT_ISOLATION)) process.env[key] = value;
for (const key of [
	'GIT_DIR',
	'GIT_WORK_TREE',
	'GIT_INDEX_FILE',
	'GIT_AUTHOR_NAME',
	'GIT_AUTHOR_EMAIL',
	'GIT_COMMITTER_NAME',
	'GIT_COMMITTER_EMAIL',
	'ARCO_TRACKER',
	'ARCO_DEBUG',
]) {
	delete process.env[key];
}

export const REVIEWER = { name: 'Rita Reviewer', email: 'rita@arco-review.invalid' };

/** What a test needs to know about the audit it runs on. */
export interface Profile {
	name: 'arco-66d6c8c' | 'lumen-audit';
	source: string;
	tracker: string;
	ledger: string;
	history: string;
	evidenceRoot: string;
	/** A signal that is not GO and rests on files inside the evidence root. */
	signal: string;
	signalStatus: string;
	/** A file `signal` rests on (inside the evidence root). */
	signalEvidence: string;
	/** A second signal, not GO, in another gate than `signal`. */
	otherSignal: string;
	/** A gate with signals that are not GO. */
	openGate: number;
	openGateSignals: string[];
	/** A gate, and a file it rests on only through one of its signals (not in the gate's own evidence). */
	gateViaSignal: { gate: number; file: string };
	/** A signal whose evidence artifact is a folder (inside the evidence root). */
	folderSignal: { id: string; folder: string };
	/** A signal whose evidence artifact is the ledger (an audit file), GO in the fixture. */
	ledgerEvidenceSignal: string;
	/** A tracked file outside the audit's own files and outside the evidence root. */
	outsideTrackedFile: string;
	signals: string[];
}

const ARCO_AUDIT = 'docs/audits/2026-02-12-prod-readiness';
const ARCO_EVIDENCE = 'release_evidence/2026-02-12-prod-readiness';
const LUMEN_AUDIT = 'docs/audits/2026-03-02-lumen-readiness';
const LUMEN_EVIDENCE = 'release_evidence/2026-03-02-lumen-readiness';

function signalIds(source: string, tracker: string): string[] {
	const parsed = JSON.parse(fs.readFileSync(path.join(source, tracker), 'utf8')) as { signals: Array<{ id: string }> };
	return parsed.signals.map((signal) => signal.id);
}

function arcoProfile(): Profile {
	const tracker = `${ARCO_AUDIT}/gate-tracker.json`;
	return {
		name: 'arco-66d6c8c',
		source: SHARED_FIXTURE,
		tracker,
		ledger: `${ARCO_AUDIT}/signal-ledger.md`,
		history: `${ARCO_AUDIT}/signoffs.jsonl`,
		evidenceRoot: ARCO_EVIDENCE,
		signal: 'G3-002',
		signalStatus: 'NO-GO',
		signalEvidence: `${ARCO_EVIDENCE}/gate-3/README.md`,
		otherSignal: 'G5-002',
		openGate: 3,
		openGateSignals: ['G3-002', 'G3-006'],
		// G3-004's evidence artifact; gate 3's own evidence lists only gate-3/command-logs files.
		gateViaSignal: { gate: 3, file: `${ARCO_EVIDENCE}/phase-0/current-head/command-logs/test_arco_api_all_features.log` },
		folderSignal: { id: 'G3-002', folder: `${ARCO_EVIDENCE}/gate-3` },
		ledgerEvidenceSignal: 'G0-001',
		outsideTrackedFile: `${ARCO_AUDIT}/summary.md`,
		signals: signalIds(SHARED_FIXTURE, tracker),
	};
}

function lumenProfile(): Profile {
	const tracker = `${LUMEN_AUDIT}/gate-tracker.json`;
	return {
		name: 'lumen-audit',
		source: LUMEN_FIXTURE,
		tracker,
		ledger: `${LUMEN_AUDIT}/signal-ledger.md`,
		history: `${LUMEN_AUDIT}/signoffs.jsonl`,
		evidenceRoot: LUMEN_EVIDENCE,
		signal: 'G2-002',
		signalStatus: 'PARTIAL',
		signalEvidence: `${LUMEN_EVIDENCE}/gate-2/command-logs/20260303T120001Z_ingest_replay_test.log`,
		otherSignal: 'G3-002',
		openGate: 2,
		openGateSignals: ['G2-001', 'G2-002'],
		// Code path of G2-001 and G2-002; gate 2's own evidence is gate-2/ only.
		gateViaSignal: { gate: 2, file: 'services/lumen/src/ingest.rs' },
		folderSignal: { id: 'G1-002', folder: `${LUMEN_EVIDENCE}/gate-1` },
		ledgerEvidenceSignal: 'G0-001',
		outsideTrackedFile: 'scripts/deploy.sh',
		signals: signalIds(LUMEN_FIXTURE, tracker),
	};
}

const sharedPresent = fs.existsSync(path.join(SHARED_FIXTURE, ARCO_AUDIT, 'gate-tracker.json'));
const MISSING = `the shared audit snapshot ${SHARED_FIXTURE} (../shared/fixtures/arco-66d6c8c) is missing`;

/** The profile these tests run on, or null when they cannot run (then `auditTest` fails or skips). */
export const PROFILE: Profile | null = sharedPresent ? arcoProfile() : fs.existsSync(LUMEN_FIXTURE) ? lumenProfile() : null;

export interface AuditTestOptions {
	/** Why the test needs the shared fixture; without it the test runs on lumen-audit. */
	needsShared?: string;
	serial?: boolean;
}

/**
 * Registers a test on the audit snapshot. Without ../shared: fails under CI=true, otherwise runs on
 * lumen-audit or, when the test needs the shared snapshot, is skipped with the reason in its title and log.
 */
export function auditTest(title: string, options: AuditTestOptions, run: (t: ExecutionContext, profile: Profile) => Promise<void>): void {
	if (!sharedPresent && process.env['CI'] === 'true') {
		test(title, (t) => {
			t.fail(`${MISSING}; CI=true needs it: check out the shared folder next to the project`);
		});
		return;
	}
	const profile = PROFILE;
	if (profile === null || (!sharedPresent && options.needsShared)) {
		const reason = profile === null ? `${MISSING} and so is ${LUMEN_FIXTURE}` : `${MISSING} and lumen-audit cannot stand in: ${options.needsShared}`;
		console.log(`skipped "${title}": ${reason}`);
		test.skip(`${title} [skipped: ${reason}]`, () => {});
		return;
	}
	const register = options.serial ? test.serial : test;
	register(`${title}${sharedPresent ? '' : ' [on lumen-audit]'}`, async (t) => {
		await run(t, profile);
	});
}

/** git with the repository's own config only; the identity on commits is fixed unless the repo has one. `env` adds to the environment. */
export function git(root: string, args: string[], identity = true, env: Record<string, string> = {}): string {
	const id = identity ? ['-c', `user.name=${REVIEWER.name}`, '-c', `user.email=${REVIEWER.email}`] : [];
	return execFileSync('git', [...id, '-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args], {
		cwd: root,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { ...process.env, ...env },
	}).trim();
}

export function commitAll(root: string, message: string): string {
	git(root, ['add', '-A']);
	git(root, ['commit', '-q', '--allow-empty', '-m', message]);
	return git(root, ['rev-parse', 'HEAD']);
}

function makeWritable(absolute: string): void {
	const stats = fs.lstatSync(absolute);
	if (stats.isSymbolicLink()) return;
	fs.chmodSync(absolute, stats.mode | 0o200 | (stats.isDirectory() ? 0o100 : 0));
	if (stats.isDirectory()) for (const name of fs.readdirSync(absolute)) makeWritable(path.join(absolute, name));
}

export interface RepoOptions {
	/** Default true: git init, and commit everything. */
	git?: boolean;
	/** Default true: repo-local user.name / user.email. */
	reviewer?: { name?: string; email?: string } | false;
	/** Runs on the copy before the first commit. */
	prepare?: (root: string) => void;
}

/** A copy of the profile's audit in a fresh temp directory (removed when the test ends). */
export function makeRepo(t: ExecutionContext, profile: Profile, options: RepoOptions = {}): string {
	const root = fs.realpathSync(fs.mkdtempSync(path.join(TEMP_BASE, 'arco-signoff-')));
	t.teardown(() => fs.rmSync(root, { recursive: true, force: true }));
	fs.cpSync(profile.source, root, { recursive: true, verbatimSymlinks: true });
	makeWritable(root);
	options.prepare?.(root);
	if (options.git ?? true) {
		git(root, ['init', '-q', '-b', 'main']);
		const reviewer = options.reviewer ?? REVIEWER;
		if (reviewer !== false) {
			if (reviewer.name !== undefined) git(root, ['config', 'user.name', reviewer.name]);
			if (reviewer.email !== undefined) git(root, ['config', 'user.email', reviewer.email]);
		}
		commitAll(root, 'fixture');
	}
	return root;
}

export function read(root: string, relative: string): string {
	return fs.readFileSync(path.join(root, relative), 'utf8');
}

export function readBytes(root: string, relative: string): Buffer | null {
	try {
		return fs.readFileSync(path.join(root, relative));
	} catch {
		return null;
	}
}

export function write(root: string, relative: string, text: string): void {
	fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
	fs.writeFileSync(path.join(root, relative), text);
}

/** Replaces exactly one occurrence; throws when there is none or several, so an edit never silently misses. */
export function replaceOnce(text: string, from: string, to: string): string {
	const first = text.indexOf(from);
	if (first === -1) throw new Error(`${JSON.stringify(from)} not found`);
	if (text.indexOf(from, first + 1) !== -1) throw new Error(`${JSON.stringify(from)} found more than once`);
	return `${text.slice(0, first)}${to}${text.slice(first + from.length)}`;
}

/** The bytes of the audit's own files (tracker, ledger, history; null when absent). */
export function auditFiles(root: string, profile: Profile): Record<string, string | null> {
	return Object.fromEntries([profile.tracker, profile.ledger, profile.history].map((file) => [file, readBytes(root, file)?.toString('base64') ?? null]));
}

/** Leftovers of the write protocol in a folder: locks, reclaim locks, temp files. */
export function writeLeftovers(root: string, folder: string): string[] {
	return fs.readdirSync(path.join(root, folder)).filter((name) => /\.lock($|\.)|\.tmp-/.test(name));
}

export interface Tracker {
	gates: Array<{ id: number; status: string; signoff?: SignoffJson; [key: string]: unknown }>;
	signals: Array<{ id: string; status: string; signoff?: SignoffJson; [key: string]: unknown }>;
	[key: string]: unknown;
}

export interface SignoffJson {
	status: string;
	reviewer: { name: string; email: string };
	signed_at: string;
	head: string;
	dirty: boolean;
	note: string;
	evidence: Array<{ path: string; sha256: string }>;
	blocked?: { owner?: string; ticket?: string; until?: string };
	signature?: { format: string; namespace: string; fingerprint: string; value: string };
	/** The tracker's copy only: the sha256 of its history line. */
	history_sha256?: string;
}

export interface HistoryLine {
	v?: number;
	subject: string;
	kind: 'signal' | 'gate';
	previous_status: string;
	record: SignoffJson;
	prev_sha256: string | null;
}

export function tracker(root: string, profile: Profile): Tracker {
	return JSON.parse(read(root, profile.tracker)) as Tracker;
}

export function signalOf(root: string, profile: Profile, id: string): Tracker['signals'][number] {
	const found = tracker(root, profile).signals.find((signal) => signal.id === id);
	if (!found) throw new Error(`${id} not in the tracker`);
	return found;
}

export function historyLines(root: string, profile: Profile): string[] {
	const bytes = readBytes(root, profile.history);
	if (bytes === null) return [];
	const text = bytes.toString('utf8');
	if (!text.endsWith('\n')) throw new Error(`${profile.history} does not end with a newline`);
	return text.slice(0, -1).split('\n');
}

export function history(root: string, profile: Profile): HistoryLine[] {
	return historyLines(root, profile).map((line) => JSON.parse(line) as HistoryLine);
}

export interface CliResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...process.env, ...GIT_ISOLATION };
	for (const [key, value] of Object.entries(extra)) {
		if (value === undefined) delete env[key];
		else env[key] = value;
	}
	return env;
}

export interface SpawnedCli {
	child: ChildProcess;
	done: Promise<CliResult>;
	/** What it wrote to stderr so far. */
	stderrSoFar(): string;
}

/** The real executable (node bin/arco-review.js) as a child process; `done` settles when it is reaped. */
export function spawnCli(args: string[], cwd: string, env: Record<string, string | undefined> = {}): SpawnedCli {
	if (!fs.existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` first`);
	const child = spawn(process.execPath, [BINARY, ...args], { cwd, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
	let stdout = '';
	let stderr = '';
	child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	const done = new Promise<CliResult>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
	});
	return { child, done, stderrSoFar: () => stderr };
}

export function runBin(args: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<CliResult> {
	return spawnCli(args, cwd, env).done;
}

/** main(argv, io) in this process, output captured. */
export async function runMain(args: string[], cwd: string): Promise<CliResult> {
	const stdout = captureStream();
	const stderr = captureStream();
	const code = await main(args, { cwd, env: { ...process.env }, stdout: stdout.stream, stderr: stderr.stream, stdinIsTty: false });
	return { code, signal: null, stdout: stdout.text(), stderr: stderr.text() };
}

const STACK = /^\s+at /m;

/** Exit code as expected, and no stack trace on either stream. */
export function expectExit(t: ExecutionContext, result: CliResult, code: number, what: string): void {
	t.is(result.code, code, `${what}: exit ${String(result.code)} (signal ${String(result.signal)}), stderr: ${result.stderr}`);
	t.false(STACK.test(result.stderr), `${what}: stack trace in stderr: ${result.stderr}`);
	t.false(STACK.test(result.stdout), `${what}: stack trace in stdout`);
}

/** What `verify --json` (run in-process) says of a repository: its exit code, whether the history is sound and why not. */
export async function verifyJson(root: string): Promise<{ code: number | null; ok: boolean; problems: string[]; interrupted: string[] }> {
	const result = await runMain(['verify', '--json'], root);
	return { code: result.code, ...(JSON.parse(result.stdout) as { ok: boolean; problems: string[]; interrupted: string[] }) };
}

/**
 * Keeps every CPU busy while the test runs (`yes > /dev/null`, two per CPU), the way other test files and
 * builds load the machine; the processes are killed by pid when the test ends.
 */
export function saturateCpus(t: ExecutionContext): number {
	const count = os.availableParallelism() * 2;
	for (let index = 0; index < count; index += 1) {
		const hog = spawn('yes', [], { stdio: 'ignore' });
		t.teardown(() => {
			hog.kill('SIGKILL');
		});
	}
	return count;
}

/**
 * Writes a lock file held by this (live) test process, as a writer at work would, heartbeat included:
 * however long a step of the test takes on a loaded machine, no waiter may take it for a wedged holder.
 */
export function holdLock(root: string, file: string, purpose: string): { release: () => void } {
	const lock = path.join(root, `${file}.lock`);
	fs.writeFileSync(
		lock,
		`${JSON.stringify({ pid: process.pid, host: os.hostname(), token: `test-${process.pid}`, acquired_at: new Date().toISOString(), purpose })}\n`,
	);
	const heartbeat = setInterval(() => {
		const now = new Date();
		try {
			fs.utimesSync(lock, now, now);
		} catch {
			// Released (or removed by the test): nothing to touch.
		}
	}, 1000);
	heartbeat.unref();
	return {
		release: () => {
			clearInterval(heartbeat);
			fs.rmSync(lock, { force: true });
		},
	};
}
