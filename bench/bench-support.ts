import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const binPath = path.join(projectRoot, 'bin', 'arco-review.js');

/** The real snapshot when ../shared exists, else our own fixture (and the report says which). */
export function benchFixture(): { name: string; source: string } {
	const shared = path.resolve(projectRoot, '..', 'shared', 'fixtures', 'arco-66d6c8c');
	if (fs.existsSync(shared)) return { name: 'arco-66d6c8c', source: shared };
	return { name: 'lumen-audit (own fixture; ../shared missing)', source: path.join(projectRoot, 'test', 'fixtures', 'lumen-audit') };
}

/** git in a bench repository, as a bench identity, never signing. */
function benchGit(root: string, ...args: string[]): void {
	execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
		cwd: root,
		stdio: 'ignore',
	});
}

/** Commits the whole working tree of a bench repository (an audit is reviewed committed). */
export function commitEverything(root: string, message: string): void {
	benchGit(root, 'add', '-A');
	benchGit(root, 'commit', '-q', '--allow-empty', '-m', message);
}

/** A temp git repository, optionally filled from a folder, committed. */
export function makeRepository(prefix: string, fillFrom?: string): string {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	if (fillFrom) fs.cpSync(fillFrom, root, { recursive: true });
	for (const file of walk(root)) fs.chmodSync(file, 0o644);
	benchGit(root, 'init', '-q');
	commitEverything(root, 'bench fixture');
	return root;
}

function walk(directory: string): string[] {
	return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(directory, entry.name);
		return entry.isDirectory() ? walk(full) : [full];
	});
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export function formatMs(value: number): string {
	return `${value.toFixed(1)} ms`;
}

/** CPU time (user + system) of a child and all its descendants, with wall time beside it, in milliseconds. */
export interface CpuSample {
	cpuMs: number;
	wallMs: number;
}

// bash's `time` keyword reads getrusage(RUSAGE_CHILDREN) around the command: microsecond CPU time that
// includes every process the command waited for (git, a shell), which Node's own counters cannot give.
const TIMED = 'TIMEFORMAT="%3U %3S %3R"; { time "$@" >/dev/null 2>"$ARCO_BENCH_STDERR"; } 2>&1; echo "exit $?"';

/** Runs `command args` in `cwd` and measures it; throws when it exits other than `expectedStatus`. */
export function cpuRun(command: string, args: string[], cwd: string, options: { env?: NodeJS.ProcessEnv; expectedStatus?: number } = {}): CpuSample {
	const stderrFile = path.join(os.tmpdir(), `arco-bench-stderr-${process.pid}`);
	const result = spawnSync('bash', ['-c', TIMED, 'timed', command, ...args], {
		cwd,
		encoding: 'utf8',
		env: { ...process.env, CI: 'true', ...options.env, ARCO_BENCH_STDERR: stderrFile },
	});
	const match = /^(\d+\.\d+) (\d+\.\d+) (\d+\.\d+)\nexit (\d+)\n$/.exec(result.stdout);
	const stderr = fs.existsSync(stderrFile) ? fs.readFileSync(stderrFile, 'utf8') : '';
	fs.rmSync(stderrFile, { force: true });
	if (!match) throw new Error(`could not time ${command} ${args.join(' ')}: ${result.stdout}${result.stderr}`);
	const status = Number(match[4]);
	if (status !== (options.expectedStatus ?? 0)) throw new Error(`${command} ${args.join(' ')} exited ${status}: ${stderr}`);
	return { cpuMs: (Number(match[1]) + Number(match[2])) * 1000, wallMs: Number(match[3]) * 1000 };
}

/** Median of per-round ratios subject/baseline: each round's pair ran back to back, so load hits both alike. */
export function pairedRatio(baseline: number[], subject: number[]): number {
	return median(subject.map((value, round) => value / (baseline[round] ?? Number.NaN)));
}

/** What the machine was doing: the figures mean little without it. */
export function loadLine(): string {
	const [one = 0, five = 0, fifteen = 0] = os.loadavg();
	return `load average ${one.toFixed(2)} ${five.toFixed(2)} ${fifteen.toFixed(2)} on ${os.cpus().length} CPUs`;
}

/** Counts git processes (a PATH shim that logs each call); kept with the test helpers, which use it too. */
export { type GitCallCounter, gitCallCounter } from '../test/helpers/git-calls.js';
