/**
 * Keypress-to-frame time of the interactive review: how long after a `j` reaches stdin the next frame is
 * written to stdout, through the real Ink renderer (throttle included), the router, the reducer and the
 * views. Measured on a generated 200-gate x 50-signal audit and, as the baseline in the same run, on the
 * 7-gate snapshot. Run alone with `node --import tsx bench/tui-keypress.ts`, or as the `tui` suite.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditModel } from '../source/model/types.js';
import { FakeTerminalInput, FakeTerminalOutput } from '../test/helpers/fake-terminal.js';
import { benchFixture, formatMs, makeRepository, median, percentile, timeRun } from './bench-support.js';
import { writeGeneratedAudit } from './generate-audit.js';

const PRESSES = 120;
const WARMUP = 10;
// Longer than Ink's frame interval (30 fps), so every press is drawn on the throttle's leading edge as a
// person's key presses are, rather than queued behind the previous frame.
const PAUSE_BETWEEN_PRESSES_MS = 40;
const TARGET_MEDIAN_MS = 50;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Milliseconds from each timed `j` to the first write after it. At the end of the list an untimed `g`
 * goes back to the top, so every timed press moves the selection (a press that changes nothing draws
 * no frame).
 */
async function measure(model: AuditModel, keysBefore: string[], listLength: number, presses: number): Promise<number[]> {
	// Ink decides at import whether it runs under CI (then it writes only the last frame): import it without CI.
	delete process.env['CI'];
	delete process.env['CONTINUOUS_INTEGRATION'];
	const { render } = await import('ink');
	const { createElement } = await import('react');
	const { TuiController } = await import('../source/ui/effects/controller.js');
	const { App } = await import('../views/app.js');
	const { COLOR_THEME } = await import('../source/ui/state/theme.js');

	const stdout = new FakeTerminalOutput(false);
	const stdin = new FakeTerminalInput();
	const controller = new TuiController({ model, load: async () => model, viewport: { columns: stdout.columns, rows: stdout.rows } });
	const instance = render(createElement(App, { controller, theme: COLOR_THEME }), {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		stderr: new FakeTerminalOutput(false) as unknown as NodeJS.WriteStream,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	const pressAndWait = async (key: string): Promise<number> => {
		const frame = new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`no frame after ${JSON.stringify(key)}`)), 5000);
			stdout.once('frame', () => {
				clearTimeout(timer);
				resolve();
			});
		});
		const started = performance.now();
		stdin.type(key);
		await frame;
		const elapsed = performance.now() - started;
		await sleep(PAUSE_BETWEEN_PRESSES_MS);
		return elapsed;
	};
	try {
		await sleep(100);
		for (const before of keysBefore) await pressAndWait(before);
		const timings: number[] = [];
		let row = 0;
		for (let press = 0; press < WARMUP + presses; press += 1) {
			if (row === listLength - 1) {
				await pressAndWait('g');
				row = 0;
			}
			const elapsed = await pressAndWait('j');
			row += 1;
			if (press >= WARMUP) timings.push(elapsed);
		}
		return timings;
	} finally {
		instance.unmount();
		controller.stop();
	}
}

function summary(label: string, subject: number[], baseline: number[]): string {
	const ratio = median(subject) / median(baseline);
	const verdict = median(subject) < TARGET_MEDIAN_MS ? 'ok' : 'OVER TARGET';
	return `${label}: median ${formatMs(median(subject))}, p95 ${formatMs(percentile(subject, 0.95))}; 7-gate baseline median ${formatMs(median(baseline))}, p95 ${formatMs(percentile(baseline, 0.95))}; ratio ${ratio.toFixed(2)}x (target median < ${TARGET_MEDIAN_MS} ms: ${verdict})`;
}

export async function benchTuiKeypress(): Promise<string[]> {
	const { loadAudit } = await import('../source/model/load-audit.js');
	const fixture = benchFixture();
	const small = makeRepository('arco-bench-tui-small-', fixture.source);
	const large = makeRepository('arco-bench-tui-large-');
	try {
		writeGeneratedAudit(large, { gates: 200, signalsPerGate: 50, matrixRows: 200 });
		timeRun('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'add', '-A'], large);
		timeRun('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'generated'], large);
		const smallModel = await loadAudit({ cwd: small, env: {} });
		const largeModel = await loadAudit({ cwd: large, env: {} });
		const lines = [
			`audits: ${fixture.name} (${smallModel.gates.length} gates, ${smallModel.signals.length} signals) vs generated (${largeModel.gates.length} gates, ${largeModel.signals.length} signals); ${PRESSES} presses each, 100x30`,
		];

		const overviewBaseline = await measure(smallModel, [], smallModel.gates.length, PRESSES);
		const overview = await measure(largeModel, [], largeModel.gates.length, PRESSES);
		lines.push(summary('overview, j through the gate table', overview, overviewBaseline));

		const firstGateSignals = (model: AuditModel) => model.gates[0]?.requiredSignalIds.length ?? 1;
		const gateBaseline = await measure(smallModel, ['\r'], firstGateSignals(smallModel), PRESSES);
		const gate = await measure(largeModel, ['\r'], firstGateSignals(largeModel), PRESSES);
		lines.push(summary(`gate screen, j through ${firstGateSignals(largeModel)} signals (baseline ${firstGateSignals(smallModel)})`, gate, gateBaseline));
		return lines;
	} finally {
		fs.rmSync(small, { recursive: true, force: true });
		fs.rmSync(large, { recursive: true, force: true });
	}
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	for (const line of await benchTuiKeypress()) process.stdout.write(`${line}\n`);
}
