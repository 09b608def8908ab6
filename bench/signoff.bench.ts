/**
 * `signoff` cost (issue 13): CPU time (user + sys of arco-review and every process it waits for) of a
 * sign-off on generated audits of arco-66d6c8c's shape against the same on the snapshot itself, paired
 * round by round in one run, with wall time beside; the git processes one sign-off starts; and what
 * signing with an SSH key adds (one ssh-keygen -Y sign).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchFixture, binPath, type CpuSample, cpuRun, gitCallCounter, loadLine, makeRepository, median, pairedRatio } from './bench-support.js';
import { GENERATED_SIZES, writeGeneratedAudit } from './generate-audit.js';

const ROUNDS = 9;
// A signal of the snapshot and one of every generated size (gate 0 exists in all of them).
const SNAPSHOT_SIGNAL = 'G3-002';
const GENERATED_SIGNAL = 'G0-002';

function git(cwd: string, ...args: string[]): void {
	execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'ignore' });
}

function withReviewer(root: string): string {
	git(root, 'config', 'user.name', 'Bench Reviewer');
	git(root, 'config', 'user.email', 'bench@example.invalid');
	return root;
}

/** A sign-off that always records something new: the status alternates and the note counts. */
function signoff(root: string, signal: string, round: number, extra: string[] = [], env?: NodeJS.ProcessEnv): CpuSample {
	const args = [binPath, 'signoff', signal, '--status', round % 2 === 0 ? 'GO' : 'PARTIAL', '--note', `bench round ${round}`, ...extra];
	return cpuRun(process.execPath, args, root, env ? { env } : {});
}

function gitProcessesPerSignoff(root: string, signal: string): number {
	const counter = gitCallCounter();
	try {
		signoff(root, signal, 1_000_001, [], { PATH: `${counter.pathPrefix}${path.delimiter}${process.env['PATH'] ?? ''}` });
		return counter.calls().length;
	} finally {
		counter.remove();
	}
}

function generatedRepository(options: (typeof GENERATED_SIZES)[number]['options']): string {
	const root = withReviewer(makeRepository('arco-bench-signoff-generated-'));
	writeGeneratedAudit(root, options);
	git(root, 'add', '-A');
	git(root, 'commit', '-q', '-m', 'generated');
	return root;
}

export function benchSignoff(): string[] {
	const lines: string[] = [];
	const fixture = benchFixture();
	const snapshot = withReviewer(makeRepository('arco-bench-signoff-', fixture.source));
	const removals = [snapshot];
	try {
		lines.push(`git processes per signoff on ${fixture.name}: ${gitProcessesPerSignoff(snapshot, SNAPSHOT_SIGNAL)} (target <= 4)`);
		for (const size of GENERATED_SIZES) {
			const generated = generatedRepository(size.options);
			removals.push(generated);
			// Warm both (file cache, first history line), then pair the rounds so machine noise hits both alike.
			signoff(snapshot, SNAPSHOT_SIGNAL, -2);
			signoff(generated, GENERATED_SIGNAL, -2);
			const base: CpuSample[] = [];
			const subject: CpuSample[] = [];
			for (let round = 0; round < ROUNDS; round += 1) {
				base.push(signoff(snapshot, SNAPSHOT_SIGNAL, round));
				subject.push(signoff(generated, GENERATED_SIGNAL, round));
			}
			const cpu = pairedRatio(
				base.map((sample) => sample.cpuMs),
				subject.map((sample) => sample.cpuMs),
			);
			const wall = pairedRatio(
				base.map((sample) => sample.wallMs),
				subject.map((sample) => sample.wallMs),
			);
			lines.push(
				`signoff on ${size.label} vs ${fixture.name}: CPU ${median(subject.map((sample) => sample.cpuMs)).toFixed(0)} vs ${median(base.map((sample) => sample.cpuMs)).toFixed(0)} ms = ${cpu.toFixed(2)}x (target <= 1.5x); wall ${median(subject.map((sample) => sample.wallMs)).toFixed(0)} vs ${median(base.map((sample) => sample.wallMs)).toFixed(0)} ms = ${wall.toFixed(2)}x; git processes ${gitProcessesPerSignoff(generated, GENERATED_SIGNAL)}`,
			);
		}
		lines.push(signedCost(snapshot, fixture.name));
	} finally {
		for (const root of removals) fs.rmSync(root, { recursive: true, force: true });
	}
	lines.push(loadLine());
	return lines;
}

/** What an SSH signature adds to a sign-off: unsigned and signed rounds paired on the snapshot. */
function signedCost(root: string, name: string): string {
	const keys = fs.mkdtempSync(path.join(os.tmpdir(), 'arco-bench-key-'));
	try {
		const key = path.join(keys, 'bench');
		execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'bench', '-f', key], { stdio: 'ignore' });
		const unsigned: CpuSample[] = [];
		const signed: CpuSample[] = [];
		for (let round = 0; round < ROUNDS; round += 1) {
			unsigned.push(signoff(root, SNAPSHOT_SIGNAL, 100 + round));
			signed.push(signoff(root, SNAPSHOT_SIGNAL, 200 + round, ['--sign-key', key]));
		}
		const cpu = pairedRatio(
			unsigned.map((sample) => sample.cpuMs),
			signed.map((sample) => sample.cpuMs),
		);
		return `signed signoff on ${name}: CPU ${median(signed.map((sample) => sample.cpuMs)).toFixed(0)} vs unsigned ${median(unsigned.map((sample) => sample.cpuMs)).toFixed(0)} ms = ${cpu.toFixed(2)}x; wall ${median(signed.map((sample) => sample.wallMs)).toFixed(0)} vs ${median(unsigned.map((sample) => sample.wallMs)).toFixed(0)} ms`;
	} catch (error) {
		return `signed signoff: not measured (${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)})`;
	} finally {
		fs.rmSync(keys, { recursive: true, force: true });
	}
}
