/**
 * Shared pieces of the `rerun` tests: fixture copies made writable and committed, a bin folder of fake
 * tools put first on PATH (so cargo, gcloud, terraform, ... answer at once and as told), the real binary
 * run as a child process, and readers for what a rerun leaves behind (TSV rows, logs, git status).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ExecutionContext } from 'ava';
import { commitAll, git, LUMEN } from '../../helpers/fixture-repo.js';
import type { AllStatusFilesJson, EntryJson, StatusFileJson } from '../../helpers/reports.js';
import { BINARY, runJson, stackLines } from '../../helpers/run-cli.js';

export { LUMEN };

const BUILT_CLI = path.join(path.dirname(BINARY), '..', 'dist', 'cli.js');

export interface Repo {
	root: string;
	head: string;
	cleanup: () => void;
}

/**
 * Copies a fixture folder into a temp dir, makes it writable (the shared snapshots are read-only), commits
 * it. Removed when the test `t` ends; with null the caller removes it.
 */
export function makeRepo(t: ExecutionContext | null, source: string): Repo {
	const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'arco-rerun-test-')));
	const cleanup = (): void => fs.rmSync(root, { recursive: true, force: true });
	t?.teardown(cleanup);
	fs.cpSync(source, root, { recursive: true });
	makeWritable(root);
	git(root, ['init', '-q', '-b', 'main']);
	const head = commitAll(root, 'fixture');
	return { root, head, cleanup };
}

function makeWritable(directory: string): void {
	fs.chmodSync(directory, fs.statSync(directory).mode | 0o700);
	for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
		const full = path.join(directory, entry.name);
		if (entry.isDirectory()) makeWritable(full);
		else if (entry.isFile()) fs.chmodSync(full, fs.statSync(full).mode | 0o200);
	}
}

/** The tools the audits call that are absent here or slow (gcloud, terraform): each prints `fake NAME ARGS`. */
const FAKE_TOOLS = ['cargo', 'gcloud', 'terraform', 'buf', 'promtool', 'rg'];

// FAKE_TOOL_EXIT sets the exit code; FAKE_TOOL_SLEEP makes it sleep after writing its pid to FAKE_TOOL_PIDFILE.
const FAKE_TOOL_SCRIPT = `#!/bin/sh
echo "fake $(basename "$0") $*"
if [ -n "$FAKE_TOOL_SLEEP" ]; then
	echo $$ > "$FAKE_TOOL_PIDFILE"
	sleep "$FAKE_TOOL_SLEEP"
fi
exit "\${FAKE_TOOL_EXIT:-0}"
`;

let fakeBin: string | null = null;

/** A folder of fake tools, made once per test process. */
export function fakeToolsDirectory(): string {
	if (fakeBin !== null) return fakeBin;
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'arco-rerun-fakebin-'));
	for (const tool of FAKE_TOOLS) {
		fs.writeFileSync(path.join(directory, tool), FAKE_TOOL_SCRIPT, { mode: 0o755 });
	}
	process.once('exit', () => fs.rmSync(directory, { recursive: true, force: true }));
	fakeBin = directory;
	return directory;
}

/** The environment of a rerun child: our env without arco variables, fake tools first on PATH, plus `extra`. */
export function rerunEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
	delete env['ARCO_TRACKER'];
	delete env['ARCO_DEBUG'];
	delete env['NODE_OPTIONS'];
	env['PATH'] = `${fakeToolsDirectory()}${path.delimiter}${extra['PATH'] ?? process.env['PATH'] ?? ''}`;
	return env;
}

export interface BinaryResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: Buffer;
	stderr: string;
	/** Bytes written to stdout (also counted when not kept). */
	stdoutBytes: number;
}

export interface StartOptions {
	cwd: string;
	env?: Record<string, string>;
	/** Keep stdout in memory (default true); false only counts its bytes. */
	keepStdout?: boolean;
}

export interface RunningBinary {
	child: ChildProcess;
	/** Everything printed so far (when kept). */
	stdoutSoFar(): string;
	done: Promise<BinaryResult>;
}

/** Starts `node bin/arco-review.js ARGS` (needs `npm run build`). */
export function startBinary(args: string[], options: StartOptions): RunningBinary {
	if (!fs.existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` first`);
	const child = spawn(process.execPath, [BINARY, ...args], { cwd: options.cwd, env: rerunEnvironment(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
	const keep = options.keepStdout ?? true;
	const chunks: Buffer[] = [];
	let stdoutBytes = 0;
	let stderr = '';
	child.stdout?.on('data', (chunk: Buffer) => {
		stdoutBytes += chunk.length;
		if (keep) chunks.push(chunk);
	});
	child.stderr?.setEncoding('utf8');
	child.stderr?.on('data', (text: string) => {
		stderr += text;
	});
	const done = new Promise<BinaryResult>((resolve, reject) => {
		child.once('error', reject);
		child.once('close', (code, signal) => resolve({ code, signal, stdout: Buffer.concat(chunks), stderr, stdoutBytes }));
	});
	return { child, stdoutSoFar: () => Buffer.concat(chunks).toString('utf8'), done };
}

/**
 * Runs the binary to the end. ava's timeout is the only deadline; a child still running when the test
 * process exits (a test that timed out) is killed then, not left behind.
 */
export async function runBinary(args: string[], options: StartOptions): Promise<BinaryResult> {
	const running = startBinary(args, options);
	const kill = () => running.child.kill('SIGKILL');
	process.once('exit', kill);
	try {
		return await running.done;
	} finally {
		process.off('exit', kill);
	}
}

export interface RunJsonShape {
	name: string;
	command: string;
	shell: string;
	outcome: string;
	exit_code: number;
	start_utc: string;
	end_utc: string;
	duration_ms: number;
	log: string;
	previous_log: string | null;
	status_file: string;
	recorded: boolean;
	/** For a cancelled run: the recorded result that stayed. */
	kept: { exit_code: string; at: string | null } | null;
	all_pass: boolean | null;
}

export interface RerunJson {
	head: string | null;
	dirty: boolean;
	shell: string;
	interrupted: boolean;
	notes: string[];
	runs: RunJsonShape[];
}

/** `rerun ... --json` through the binary; checks the exit code and a clean stderr, returns the report. */
export async function rerunJson(t: ExecutionContext, args: string[], options: StartOptions & { expectedCode: number }): Promise<RerunJson> {
	const result = await runBinary(['rerun', ...args, '--json'], options);
	t.is(result.code, options.expectedCode, `rerun ${args.join(' ')}: stderr ${result.stderr}`);
	assertCleanStderr(t, result.stderr);
	return JSON.parse(result.stdout.toString('utf8')) as RerunJson;
}

export function assertCleanStderr(t: ExecutionContext, stderr: string): void {
	t.deepEqual(stackLines(stderr), [], 'no stack trace on stderr');
	t.notRegex(stderr, /unexpected error/i);
}

/** `matrix --all --json`, in process. */
export async function readAllStatusFiles(root: string): Promise<AllStatusFilesJson> {
	return runJson<AllStatusFilesJson>(['matrix', '--all', '--json'], { cwd: root });
}

export function statusFile(report: AllStatusFilesJson, filePath: string): StatusFileJson {
	const file = report.files.find((candidate) => candidate.path === filePath);
	if (!file) throw new Error(`matrix --all lists no ${filePath}`);
	return file;
}

export function entryNamed(report: AllStatusFilesJson, name: string): EntryJson {
	for (const file of report.files) {
		const entry = file.entries.find((candidate) => candidate.name === name);
		if (entry) return entry;
	}
	throw new Error(`matrix --all lists no entry ${name}`);
}

export function read(root: string, relative: string): string {
	return fs.readFileSync(path.join(root, relative), 'utf8');
}

export function readBytes(root: string, relative: string): Buffer {
	return fs.readFileSync(path.join(root, relative));
}

export function exists(root: string, relative: string): boolean {
	return fs.existsSync(path.join(root, relative));
}

/** Appends rows to a TSV (each `cells` joined by tabs) and commits. */
export function addRows(root: string, relative: string, rows: string[][]): void {
	const file = path.join(root, relative);
	const text = fs.readFileSync(file, 'utf8');
	const separator = text === '' || text.endsWith('\n') ? '' : '\n';
	fs.writeFileSync(file, `${text}${separator}${rows.map((cells) => `${cells.join('\t')}\n`).join('')}`);
	commitAll(root, `rows for ${relative}`);
}

/** Paths from `git status --porcelain` (untracked files listed one by one). */
export function changedPaths(root: string): string[] {
	const output = execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	return output
		.split('\n')
		.filter((line) => line !== '')
		.map((line) => line.slice(3))
		.sort();
}

export function committedExists(root: string, relative: string): boolean {
	try {
		execFileSync('git', ['cat-file', '-e', `HEAD:${relative}`], { cwd: root, stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

/** The bytes a file had at HEAD. */
export function committedBytes(root: string, relative: string): Buffer {
	return execFileSync('git', ['show', `HEAD:${relative}`], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Lines with their endings, so a rewritten line keeps or loses its `\r\n` visibly. */
export function linesOf(text: string): string[] {
	return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** The header and footer of a command log, and how many bytes lie between them. */
export function logFrame(bytes: Buffer): { header: string; footer: string; body: Buffer } {
	const text = bytes.toString('latin1');
	const header = text.match(/^# command: [^\n]*\n(?:# shell: [^\n]*\n)?# start_utc: [^\n]*\n(?:# head: [^\n]*\n)?(?:# dirty: [^\n]*\n)?/)?.[0] ?? '';
	const footer = text.slice(header.length).match(/# end_utc: [^\n]*\n# exit_code: [^\n]*\n(?:# outcome: [^\n]*\n)?(?:# error: [^\n]*\n)?$/)?.[0] ?? '';
	return { header, footer, body: bytes.subarray(header.length, bytes.length - footer.length) };
}

/** Pids of processes in group `pgid` that are alive (zombies left out: they run nothing). Linux /proc only. */
export function livingGroupMembers(pgid: number): number[] {
	const living: number[] = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		let stat: string;
		try {
			stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
		} catch {
			continue;
		}
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') living.push(Number(entry));
	}
	return living;
}

/** Process group of a living pid, or null when it is gone. */
export function processGroupOf(pid: number): number | null {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
	} catch {
		return null;
	}
}

export const UTC_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** Repository-relative path of the one gate tracker under docs/audits/. */
export function trackerOf(root: string): string {
	const audits = fs
		.readdirSync(path.join(root, 'docs', 'audits'))
		.filter((name) => fs.existsSync(path.join(root, 'docs', 'audits', name, 'gate-tracker.json')));
	if (audits.length !== 1) throw new Error(`expected one tracker under docs/audits, found ${audits.length}`);
	return `docs/audits/${audits[0]}/gate-tracker.json`;
}

/** Every `.tsv` under a folder, relative to it, sorted. */
export function listTsvFiles(root: string, relative = ''): string[] {
	const found: string[] = [];
	for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
		const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
		if (entry.isDirectory()) found.push(...listTsvFiles(root, child));
		else if (entry.name.endsWith('.tsv')) found.push(child);
	}
	return found.sort();
}
