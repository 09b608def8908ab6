/**
 * `status --json` on generated audits of arco-66d6c8c's shape (10, 1k and 10k signals) against the snapshot
 * itself, as CPU time (user + system of arco-review and the git processes it runs) with wall time beside:
 * each round runs the snapshot and then the subject back to back, and the ratio is the median of the
 * per-round ratios, so machine load weighs on both alike. Also counts the git processes one `status` runs,
 * and runs bench/bare-status.mjs (the input and output alone, nothing checked) on the snapshot and the
 * largest audit in the same rounds, to show how much of the target that floor already takes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchFixture, binPath, type CpuSample, cpuRun, gitCallCounter, loadLine, makeRepository, median, pairedRatio, projectRoot } from './bench-support.js';
import { GENERATED_SIZES, writeGeneratedAudit } from './generate-audit.js';

const ROUNDS = 11;
const CPU_TARGET = 1.5;
const GIT_TARGET = 2;

function status(repository: string, env?: NodeJS.ProcessEnv): CpuSample {
	return cpuRun(process.execPath, [binPath, 'status', '--json'], repository, env ? { env } : {});
}

const BARE_STATUS = path.join(projectRoot, 'bench', 'bare-status.mjs');

/** The floor: bench/bare-status.mjs reads what `status --json` reads and writes the same shape, checking nothing. */
function bareStatus(repository: string): CpuSample {
	return cpuRun(process.execPath, [BARE_STATUS, trackerIn(repository)], repository);
}

// The one gate-tracker.json of a bench repository, relative to its root.
function trackerIn(repository: string, relative = ''): string {
	for (const entry of fs.readdirSync(path.join(repository, relative), { withFileTypes: true })) {
		const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
		if (entry.isFile() && entry.name === 'gate-tracker.json') return child;
		if (entry.isDirectory() && entry.name !== '.git') {
			const found = trackerIn(repository, child);
			if (found !== '') return found;
		}
	}
	return '';
}

// Committed, as an audit is: a clean tree, and discovery finds the tracked tracker.
function generatedRepository(options: (typeof GENERATED_SIZES)[number]['options']): string {
	const source = fs.mkdtempSync(path.join(os.tmpdir(), 'arco-bench-audit-'));
	try {
		writeGeneratedAudit(source, options);
		return makeRepository('arco-bench-generated-', source);
	} finally {
		fs.rmSync(source, { recursive: true, force: true });
	}
}

function gitCalls(repository: string): string[] {
	const counter = gitCallCounter();
	try {
		status(repository, { PATH: `${counter.pathPrefix}${path.delimiter}${process.env['PATH'] ?? ''}` });
		return counter.calls();
	} finally {
		counter.remove();
	}
}

export function benchStatus(): string[] {
	const lines = [`status --json, CPU (user+sys with children) and wall, ${ROUNDS} paired rounds; ${loadLine()}`];
	const fixture = benchFixture();
	const baseline = makeRepository('arco-bench-status-', fixture.source);
	const subjects = GENERATED_SIZES.map((size) => ({ ...size, repository: generatedRepository(size.options) }));
	try {
		status(baseline);
		for (const subject of subjects) status(subject.repository);
		const base: CpuSample[] = [];
		const measured = subjects.map(() => [] as CpuSample[]);
		const largest = subjects[subjects.length - 1]?.repository ?? baseline;
		const bare = { baseline: [] as CpuSample[], largest: [] as CpuSample[] };
		for (let round = 0; round < ROUNDS; round += 1) {
			subjects.forEach((subject, index) => {
				base.push(status(baseline));
				measured[index]?.push(status(subject.repository));
			});
			bare.baseline.push(bareStatus(baseline));
			bare.largest.push(bareStatus(largest));
		}
		const cpu = (samples: CpuSample[]) => samples.map((sample) => sample.cpuMs);
		const wall = (samples: CpuSample[]) => samples.map((sample) => sample.wallMs);
		lines.push(`  ${fixture.name} (baseline): CPU ${median(cpu(base)).toFixed(0)} ms, wall ${median(wall(base)).toFixed(0)} ms`);
		subjects.forEach((subject, index) => {
			const own = measured[index] ?? [];
			// The baseline runs paired with this subject: every len(subjects)-th one, offset by its index.
			const pairedBase = base.filter((_, position) => position % subjects.length === index);
			const cpuRatio = pairedRatio(cpu(pairedBase), cpu(own));
			const wallRatio = pairedRatio(wall(pairedBase), wall(own));
			const verdict =
				subject.options.gates * subject.options.signalsPerGate >= 10_000 ? ` (target <= ${CPU_TARGET}x: ${cpuRatio <= CPU_TARGET ? 'ok' : 'MISSED'})` : '';
			lines.push(
				`  ${subject.label}: CPU ${median(cpu(own)).toFixed(0)} ms = ${cpuRatio.toFixed(2)}x${verdict}; wall ${median(wall(own)).toFixed(0)} ms = ${wallRatio.toFixed(2)}x`,
			);
		});
		lines.push(...floorLines(fixture.name, subjects[subjects.length - 1]?.label ?? '', base, bare));
		for (const [name, repository] of [
			[fixture.name, baseline],
			[subjects[subjects.length - 1]?.label ?? '', subjects[subjects.length - 1]?.repository ?? baseline],
		] as const) {
			const calls = gitCalls(repository);
			lines.push(
				`  git processes per status on ${name}: ${calls.length} (target <= ${GIT_TARGET}: ${calls.length <= GIT_TARGET ? 'ok' : 'MISSED'}): ${calls.map((call) => `git ${call.split(' ').slice(0, 2).join(' ')}`).join('; ')}`,
			);
		}
		lines.push(`  after: ${loadLine()}`);
	} finally {
		fs.rmSync(baseline, { recursive: true, force: true });
		for (const subject of subjects) fs.rmSync(subject.repository, { recursive: true, force: true });
	}
	return lines;
}

/**
 * How much of the target the input and output alone take: the bare reader's extra cost on the largest audit
 * against the room the 1.5x target leaves (half of the snapshot's own `status --json`).
 */
function floorLines(baselineName: string, largestLabel: string, base: CpuSample[], bare: { baseline: CpuSample[]; largest: CpuSample[] }): string[] {
	const cpu = (samples: CpuSample[]) => median(samples.map((sample) => sample.cpuMs));
	const room = (CPU_TARGET - 1) * cpu(base);
	const floor = cpu(bare.largest) - cpu(bare.baseline);
	return [
		`  bare reader (bench/bare-status.mjs: the same files, the same git, JSON of the same shape, no checks): ${baselineName} ${cpu(bare.baseline).toFixed(0)} ms, ${largestLabel} ${cpu(bare.largest).toFixed(0)} ms`,
		`  the input and output alone cost ${floor.toFixed(0)} ms more on ${largestLabel}: ${((100 * floor) / room).toFixed(0)}% of the ${room.toFixed(0)} ms the ${CPU_TARGET}x target leaves`,
	];
}
