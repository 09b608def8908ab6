import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { binPath, formatMs, interleaved, makeRepository, median, projectRoot, timeRun } from './bench-support.js';

const ROUNDS = 3;
const LINES = 2_000_000;
const LINE = `${'0123456789'.repeat(9)}abcdefghi`; // 99 characters + newline = 100 bytes
const OUTPUT_BYTES = LINES * (LINE.length + 1);
const COMMAND = `yes ${LINE} | head -n ${LINES}`;
const AUDIT = 'release_evidence/2026-03-02-lumen-readiness';
const MATRIX = `${AUDIT}/phase-1/command-matrix-status.tsv`;
const LOGS = `${AUDIT}/phase-1/command-logs`;
const TIME = '/usr/bin/time';

/** A lumen copy whose matrix file has a `flood` entry printing 200 MB. */
function floodRepository(): string {
	const repository = makeRepository('arco-bench-rerun-', path.join(projectRoot, 'test', 'fixtures', 'lumen-audit'));
	fs.appendFileSync(path.join(repository, MATRIX), `flood\t0\t2026-03-03T08:03:00Z\t2026-03-03T08:03:01Z\t${COMMAND}\n`);
	const git = (...args: string[]) =>
		execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
			cwd: repository,
			stdio: 'ignore',
		});
	git('add', '-A');
	git('commit', '-q', '-m', 'flood entry');
	return repository;
}

/** Logs kept from earlier runs are 200 MB each: remove them between runs. */
function removeKeptLogs(repository: string): void {
	for (const name of fs.readdirSync(path.join(repository, LOGS))) {
		if (/^flood\..+\.log$/.test(name)) fs.rmSync(path.join(repository, LOGS, name));
	}
}

/** Output bytes in the log (its size minus the `# ...` header and footer lines). */
function logOutputBytes(repository: string): number {
	const file = path.join(repository, LOGS, 'flood.log');
	const size = fs.statSync(file).size;
	const descriptor = fs.openSync(file, 'r');
	try {
		const head = Buffer.alloc(1024);
		const tail = Buffer.alloc(1024);
		fs.readSync(descriptor, head, 0, head.length, 0);
		fs.readSync(descriptor, tail, 0, tail.length, size - tail.length);
		const header = head.toString('latin1').match(/^(?:# (?:command|start_utc|head|dirty): [^\n]*\n)+/)?.[0].length ?? 0;
		const footer = tail.toString('latin1').match(/# end_utc: [^\n]*\n# exit_code: [^\n]*\n(?:# [a-z_]+: [^\n]*\n)*$/)?.[0].length ?? 0;
		return size - header - footer;
	} finally {
		fs.closeSync(descriptor);
	}
}

/** Peak resident set of the arco-review process in KiB: /usr/bin/time -f %M, else VmHWM polled from /proc. */
async function peakRssKiB(repository: string): Promise<{ kib: number; how: string }> {
	const args = [binPath, 'rerun', 'flood'];
	const env = { ...process.env, CI: 'true' };
	if (fs.existsSync(TIME)) {
		const result = spawnSync(TIME, ['-f', '%M', process.execPath, ...args], { cwd: repository, stdio: ['ignore', 'ignore', 'pipe'], env });
		const last = result.stderr.toString().trim().split('\n').at(-1) ?? '';
		if (result.status !== 0 || !/^\d+$/.test(last)) throw new Error(`${TIME} rerun flood exited ${result.status}: ${result.stderr.toString()}`);
		return { kib: Number(last), how: `${TIME} -f %M` };
	}
	const child = spawn(process.execPath, args, { cwd: repository, stdio: ['ignore', 'ignore', 'ignore'], env });
	let peak = 0;
	let running = true;
	child.once('exit', () => {
		running = false;
	});
	while (running) {
		try {
			const match = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
			if (match) peak = Math.max(peak, Number(match[1]));
		} catch {
			// exited between the check and the read
		}
		await delay(20);
	}
	return { kib: peak, how: 'VmHWM from /proc, polled every 20 ms' };
}

/**
 * `arco-review rerun` of a command printing 200 MB (2,000,000 lines of 100 bytes), stdout to /dev/null,
 * against the same command redirected straight to a file: the cost of streaming, sanitising and logging.
 */
export async function benchRerun(): Promise<string[]> {
	const lines: string[] = [];
	const repository = floodRepository();
	const baselineFile = path.join(repository, 'baseline-output.txt');
	try {
		const runs = interleaved(
			ROUNDS,
			() => timeRun('/bin/sh', ['-c', `${COMMAND} > ${baselineFile}`], repository),
			() => {
				const elapsed = timeRun(process.execPath, [binPath, 'rerun', 'flood'], repository);
				removeKeptLogs(repository);
				return elapsed;
			},
		);
		const baselineBytes = fs.statSync(baselineFile).size;
		const logged = logOutputBytes(repository);
		if (baselineBytes !== OUTPUT_BYTES || logged !== OUTPUT_BYTES) {
			throw new Error(`expected ${OUTPUT_BYTES} bytes of output; the file had ${baselineBytes}, the log ${logged}`);
		}
		const ratio = median(runs.subject) / median(runs.baseline);
		lines.push(
			`rerun of a 200 MB flood (2,000,000 lines of 100 B), stdout to /dev/null: median ${formatMs(median(runs.subject))} vs sh redirect to a file ${formatMs(median(runs.baseline))}: ${ratio.toFixed(2)}x (target <= 1.5x; ${ROUNDS} interleaved runs each after a warm-up)`,
		);
		lines.push(
			`  runs: rerun ${runs.subject.map((value) => value.toFixed(0)).join(', ')} ms; redirect ${runs.baseline.map((value) => value.toFixed(0)).join(', ')} ms; log holds all ${OUTPUT_BYTES.toLocaleString('en-US')} output bytes`,
		);
		// The same run with --json, which streams nothing to stdout: splits the cost between the runner
		// (pipes, log file, display tail) and printing (decoding, sanitising, writing line by line).
		const quiet: number[] = [];
		for (let round = 0; round < ROUNDS; round += 1) {
			quiet.push(timeRun(process.execPath, [binPath, 'rerun', 'flood', '--json'], repository));
			removeKeptLogs(repository);
		}
		lines.push(
			`  of which printing: rerun --json (no output streamed) median ${formatMs(median(quiet))}: ${(median(quiet) / median(runs.baseline)).toFixed(2)}x the redirect`,
		);
		const rss = await peakRssKiB(repository);
		removeKeptLogs(repository);
		lines.push(`peak RSS of arco-review rerun during the 200 MB flood: ${(rss.kib / 1024).toFixed(1)} MB (target <= 150 MB; ${rss.how})`);
	} finally {
		fs.rmSync(repository, { recursive: true, force: true });
	}
	return lines;
}
