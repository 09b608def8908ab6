import fs from 'node:fs';
import path from 'node:path';
import { benchFixture, binPath, formatMs, interleaved, makeRepository, median, timeRun } from './bench-support.js';
import { writeGeneratedAudit } from './generate-audit.js';

const ROUNDS = 15;
const TRACKER = 'docs/audits/2026-02-12-prod-readiness/gate-tracker.json';

function baselineArgs(trackerPath: string): string[] {
	return ['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(trackerPath)}, 'utf8'))`];
}

export function benchStatus(): string[] {
	const lines: string[] = [];
	const fixture = benchFixture();
	const repository = makeRepository('arco-bench-status-', fixture.source);
	const trackerPath = fs.existsSync(path.join(repository, TRACKER))
		? path.join(repository, TRACKER)
		: path.join(repository, 'docs/audits', fs.readdirSync(path.join(repository, 'docs/audits'))[0] ?? '', 'gate-tracker.json');
	const real = interleaved(
		ROUNDS,
		() => timeRun(process.execPath, baselineArgs(trackerPath), repository),
		() => timeRun(process.execPath, [binPath, 'status', '--json'], repository),
	);
	const realRatio = median(real.subject) / median(real.baseline);
	lines.push(
		`status --json on ${fixture.name}: median ${formatMs(median(real.subject))} vs bare node -e JSON.parse ${formatMs(median(real.baseline))}: ${realRatio.toFixed(2)}x (target <= 3x)`,
	);

	const generated = makeRepository('arco-bench-generated-');
	const { trackerPath: generatedTracker } = writeGeneratedAudit(generated, { gates: 200, signalsPerGate: 50, matrixRows: 5000 });
	timeRun('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'add', '-A'], generated);
	timeRun(
		'git',
		['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'generated'],
		generated,
	);
	const large = interleaved(
		Math.ceil(ROUNDS / 2),
		() => timeRun(process.execPath, baselineArgs(generatedTracker), generated),
		() => timeRun(process.execPath, [binPath, 'status', '--json'], generated),
	);
	const size = (fs.statSync(generatedTracker).size / 1024).toFixed(0);
	lines.push(
		`status --json on a generated audit (200 gates x 50 signals, 5,000-row TSV, tracker ${size} KiB): median ${formatMs(median(large.subject))} (target < 1000 ms); ${(median(large.subject) / median(large.baseline)).toFixed(2)}x bare JSON.parse of the same tracker`,
	);
	fs.rmSync(repository, { recursive: true, force: true });
	fs.rmSync(generated, { recursive: true, force: true });
	return lines;
}
