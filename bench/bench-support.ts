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

/** A temp git repository, optionally filled from a folder, committed. */
export function makeRepository(prefix: string, fillFrom?: string): string {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	if (fillFrom) fs.cpSync(fillFrom, root, { recursive: true });
	for (const file of walk(root)) fs.chmodSync(file, 0o644);
	const git = (...args: string[]) =>
		execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
			cwd: root,
			stdio: 'ignore',
		});
	git('init', '-q');
	git('add', '-A');
	git('commit', '-q', '--allow-empty', '-m', 'bench fixture');
	return root;
}

function walk(directory: string): string[] {
	return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(directory, entry.name);
		return entry.isDirectory() ? walk(full) : [full];
	});
}

/** Wall time of one child process run, in milliseconds; throws when the child fails. */
export function timeRun(command: string, args: string[], cwd: string, expectedStatus = 0): number {
	const started = process.hrtime.bigint();
	const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CI: 'true' } });
	const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
	if (result.status !== expectedStatus) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr.toString()}`);
	return elapsed;
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export function percentile(values: number[], fraction: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

/** Alternates baseline and subject runs so machine noise hits both alike. */
export function interleaved(rounds: number, baseline: () => number, subject: () => number): { baseline: number[]; subject: number[] } {
	const out = { baseline: [] as number[], subject: [] as number[] };
	baseline();
	subject();
	for (let round = 0; round < rounds; round += 1) {
		out.baseline.push(baseline());
		out.subject.push(subject());
	}
	return out;
}

export function formatMs(value: number): string {
	return `${value.toFixed(1)} ms`;
}
