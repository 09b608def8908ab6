/**
 * `arco-review rerun` of a command printing 200 MB (2,000,000 lines of 100 bytes) against the same command
 * redirected straight to a file (`sh -c 'cmd > file'`): the cost of running it through arco-review,
 * logging it and streaming it. Measured as CPU time (user + system of the process and every process it
 * waited for, from bash's `time`), which load does not inflate the way it inflates wall time, with wall
 * time beside it; each round runs the baseline and the subject back to back and the ratio is the median of
 * the rounds' ratios. Rows: stdout a pipe (drained by a reader that is not counted), stdout a file
 * (/dev/null), a terminal (a pty from `script`, where a flood is shown a frame at a time), `--json` (nothing
 * streamed), the fixed cost of any rerun (a command that prints nothing), and the floor of following a
 * growing file (GNU `tail -f` reading the file the command writes, as a rerun reads its log), then the
 * peak RSS and the rate of the control-byte scan that lets clean output through untouched (WebAssembly
 * SIMD, and the plain loop it falls back to without WebAssembly).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { binPath, commitEverything, formatMs, loadLine, makeRepository, median, pairedRatio, projectRoot } from './bench-support.js';

const ROUNDS = 5;
const LINES = 2_000_000;
const LINE = `${'0123456789'.repeat(9)}abcdefghi`; // 99 characters + newline = 100 bytes
const OUTPUT_BYTES = LINES * (LINE.length + 1);
const COMMAND = `yes ${LINE} | head -n ${LINES}`;
const AUDIT = 'release_evidence/2026-03-02-lumen-readiness';
const MATRIX = `${AUDIT}/phase-1/command-matrix-status.tsv`;
const LOGS = `${AUDIT}/phase-1/command-logs`;
const TIME = '/usr/bin/time';
const TARGET = 1.5;

interface Sample {
	cpuMs: number;
	wallMs: number;
}

/** A lumen copy whose matrix file has a `flood` entry printing 200 MB and a `quiet` one printing nothing. */
function floodRepository(): string {
	const repository = makeRepository('arco-bench-rerun-', path.join(projectRoot, 'test', 'fixtures', 'lumen-audit'));
	fs.appendFileSync(
		path.join(repository, MATRIX),
		`flood\t0\t2026-03-03T08:03:00Z\t2026-03-03T08:03:01Z\t${COMMAND}\nquiet\t0\t2026-03-03T08:03:00Z\t2026-03-03T08:03:01Z\ttrue\n`,
	);
	commitEverything(repository, 'flood entry');
	return repository;
}

/** Logs kept from earlier runs are 200 MB each: remove them between runs. */
function removeKeptLogs(repository: string): void {
	for (const name of fs.readdirSync(path.join(repository, LOGS))) {
		if (/^(flood|quiet)\..+\.log$/.test(name)) fs.rmSync(path.join(repository, LOGS, name));
	}
}

// bash's `time` keyword reads getrusage(RUSAGE_CHILDREN) around the command: microsecond CPU time of the
// command and everything it waited for (the shell, `yes`, `head`, git), which Node's own counters cannot give.
const TIMED = 'TIMEFORMAT="%3U %3S %3R"; { time "$@" >"$ARCO_BENCH_OUT" 2>"$ARCO_BENCH_ERR"; } 2>&1; echo "exit $?"';

function parseTimes(text: string, what: string): Sample {
	const match = /(\d+\.\d+) (\d+\.\d+) (\d+\.\d+)\r?\nexit (\d+)\r?\n?$/.exec(text);
	if (!match) throw new Error(`could not time ${what}: ${text.slice(-500)}`);
	if (match[4] !== '0') throw new Error(`${what} exited ${match[4]}`);
	return { cpuMs: (Number(match[1]) + Number(match[2])) * 1000, wallMs: Number(match[3]) * 1000 };
}

/** Runs `argv` with stdout sent to `stdout` (a file, /dev/null or a FIFO) and measures it. */
function timed(argv: string[], cwd: string, stdout: string): Sample {
	const stderr = path.join(os.tmpdir(), `arco-bench-stderr-${process.pid}`);
	const result = spawnSync('bash', ['-c', TIMED, 'timed', ...argv], {
		cwd,
		encoding: 'utf8',
		env: { ...process.env, CI: 'true', ARCO_BENCH_OUT: stdout, ARCO_BENCH_ERR: stderr },
	});
	const errors = fs.existsSync(stderr) ? fs.readFileSync(stderr, 'utf8') : '';
	fs.rmSync(stderr, { force: true });
	return parseTimes(result.stdout, `${argv.join(' ')} (${errors.trim()})`);
}

/** Stdout a pipe: a FIFO drained by a `cat` that is started here, not by the timed shell, so it is not counted. */
async function timedIntoPipe(argv: string[], cwd: string): Promise<Sample> {
	const fifo = path.join(os.tmpdir(), `arco-bench-fifo-${process.pid}`);
	fs.rmSync(fifo, { force: true });
	execFileSync('mkfifo', [fifo]);
	const reader = spawn('sh', ['-c', `cat "${fifo}" > /dev/null`], { stdio: 'ignore' });
	const drained = new Promise((resolve) => reader.once('exit', resolve));
	try {
		return timed(argv, cwd, fifo);
	} finally {
		await drained;
		fs.rmSync(fifo, { force: true });
	}
}

/** Stdout a terminal: the timed command runs in a pty made by `script`, which is outside the timing. */
function timedOnTerminal(argv: string[], cwd: string): Sample {
	const quoted = argv.map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
	const inner = `TIMEFORMAT="%3U %3S %3R"; { time ${quoted} 2>/dev/null; } 2>"$ARCO_BENCH_TIMES"; echo "exit $?" >>"$ARCO_BENCH_TIMES"`;
	const times = path.join(os.tmpdir(), `arco-bench-times-${process.pid}`);
	fs.rmSync(times, { force: true });
	const result = spawnSync('script', ['-qfec', `bash -c '${inner.replace(/'/g, `'\\''`)}'`, '/dev/null'], {
		cwd,
		env: { ...process.env, CI: 'true', ARCO_BENCH_TIMES: times, COLUMNS: '120', LINES: '40' },
		stdio: ['ignore', 'ignore', 'pipe'],
	});
	const text = fs.existsSync(times) ? fs.readFileSync(times, 'utf8') : '';
	fs.rmSync(times, { force: true });
	if (result.status !== 0) throw new Error(`script exited ${result.status}: ${result.stderr.toString()}`);
	return parseTimes(text, `${argv.join(' ')} on a terminal`);
}

/**
 * Each run writes 200 MB: written back to disk while the next run is timed, it throttles that run's writes
 * (measured: a run's wall time doubled, its CPU time rose by half). Every timed run starts with nothing
 * waiting to be written.
 */
function flushWrites(): void {
	execFileSync('sync');
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
		const header = head.toString('latin1').match(/^(?:# (?:command|shell|start_utc|head|dirty): [^\n]*\n)+/)?.[0].length ?? 0;
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

/** The control-byte scan's rate in GB/s of CPU time, with and without WebAssembly (bench/clean-bytes-rate.ts). */
function scanRates(): string {
	const rate = (flags: string[]) => {
		const output = execFileSync(process.execPath, [...flags, '--import=tsx', path.join(projectRoot, 'bench', 'clean-bytes-rate.ts')], {
			cwd: projectRoot,
			encoding: 'utf8',
		});
		const { scanner, cpuMs, bytes } = JSON.parse(output) as { scanner: string; cpuMs: number; bytes: number };
		return { scanner, gbPerSecond: bytes / 1e9 / (cpuMs / 1000) };
	};
	const fast = rate([]);
	const plain = rate(['--no-expose-wasm']);
	return `control-byte scan of clean output (CPU time, 1 MB blocks, copy into the scanner included): ${fast.scanner} ${fast.gbPerSecond.toFixed(2)} GB/s, ${plain.scanner} ${plain.gbPerSecond.toFixed(2)} GB/s (${(fast.gbPerSecond / plain.gbPerSecond).toFixed(1)}x)`;
}

interface Row {
	what: string;
	measure: () => Sample | Promise<Sample>;
}

function describeRow(what: string, baseline: Sample[], subject: Sample[], target: number | null): string {
	const cpu = pairedRatio(
		baseline.map((sample) => sample.cpuMs),
		subject.map((sample) => sample.cpuMs),
	);
	const wall = pairedRatio(
		baseline.map((sample) => sample.wallMs),
		subject.map((sample) => sample.wallMs),
	);
	const verdict = target === null ? '' : cpu <= target && wall <= target ? `; target <= ${target}x met` : `; target <= ${target}x missed`;
	return `${what}: CPU ${cpu.toFixed(2)}x (median ${formatMs(median(subject.map((sample) => sample.cpuMs)))} vs ${formatMs(median(baseline.map((sample) => sample.cpuMs)))}), wall ${wall.toFixed(2)}x (${formatMs(median(subject.map((sample) => sample.wallMs)))} vs ${formatMs(median(baseline.map((sample) => sample.wallMs)))})${verdict}`;
}

export async function benchRerun(): Promise<string[]> {
	const lines: string[] = [];
	const repository = floodRepository();
	const baselineFile = path.join(repository, 'baseline-output.txt');
	const rerun = (...args: string[]) => [process.execPath, binPath, 'rerun', ...args];
	// The file exists before tail opens it; tail reads it from its first byte and stops once the command's shell
	// exits, which it checks at every wake-up: -s makes that every 10 ms, as the rerun's follower, not every second.
	const followedFile = path.join(repository, 'followed-output.txt');
	const followedByTail = `: > "$1"; sh -c '${COMMAND} >> "$1"' sh "$1" & tail --pid=$! -s 0.01 -c +1 -f "$1"; wait $!`;
	const rows: Array<Row & { target: number | null }> = [
		{ what: 'rerun of the 200 MB flood, stdout a pipe', measure: () => timedIntoPipe(rerun('flood'), repository), target: TARGET },
		{ what: 'the same, stdout a file (/dev/null)', measure: () => timed(rerun('flood'), repository, '/dev/null'), target: TARGET },
		{ what: 'the same on a terminal (a frame at a time)', measure: () => timedOnTerminal(rerun('flood'), repository), target: TARGET },
		{ what: 'the same with --json (recorded, nothing streamed)', measure: () => timed(rerun('flood', '--json'), repository, '/dev/null'), target: null },
		{
			what: 'of which fixed: a rerun printing nothing (start, load, git, write-back)',
			measure: () => timed(rerun('quiet', '--json'), repository, '/dev/null'),
			target: null,
		},
		{
			what: 'floor of following: the command into a file while GNU tail -f follows that file to /dev/null, as a rerun follows its log',
			measure: () => timed(['bash', '-c', followedByTail, 'follow', followedFile], repository, '/dev/null'),
			target: null,
		},
	];
	try {
		lines.push(loadLine());
		const baseline = () => timed(['sh', '-c', `${COMMAND} > ${baselineFile}`], repository, '/dev/null');
		for (const row of rows) {
			const base: Sample[] = [];
			const subject: Sample[] = [];
			// A warm-up pair, then the rounds.
			baseline();
			await row.measure();
			removeKeptLogs(repository);
			for (let round = 0; round < ROUNDS; round += 1) {
				flushWrites();
				base.push(baseline());
				flushWrites();
				subject.push(await row.measure());
				removeKeptLogs(repository);
			}
			lines.push(describeRow(row.what, base, subject, row.target));
		}
		const baselineBytes = fs.statSync(baselineFile).size;
		const logged = logOutputBytes(repository);
		if (baselineBytes !== OUTPUT_BYTES || logged !== OUTPUT_BYTES) {
			throw new Error(`expected ${OUTPUT_BYTES} bytes of output; the file had ${baselineBytes}, the log ${logged}`);
		}
		lines.push(
			`  baseline: sh -c '${COMMAND.replace(LINE, '<99 chars>')} > file'; ${ROUNDS} paired rounds per row after a warm-up; the log holds all ${OUTPUT_BYTES.toLocaleString('en-US')} output bytes`,
		);
		const rss = await peakRssKiB(repository);
		removeKeptLogs(repository);
		lines.push(`peak RSS of arco-review rerun during the 200 MB flood: ${(rss.kib / 1024).toFixed(1)} MB (target <= 150 MB; ${rss.how})`);
		lines.push(scanRates());
		lines.push(loadLine());
	} finally {
		fs.rmSync(repository, { recursive: true, force: true });
	}
	return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	for (const line of await benchRerun()) process.stdout.write(`${line}\n`);
}
