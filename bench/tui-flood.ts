/**
 * The interactive review while a rerun floods its log: `yes` printing 100-byte lines (up to 2 GB), run by
 * the real rerun feature (runner, write-back) and drawn by the real Ink renderer into a fake terminal
 * that counts writes; once measured, quitting cancels it (the flood lasts far longer than the
 * measurements, so it cannot end before they do). Two figures, each as a ratio against the same
 * measurement in the same run with a quiet run instead of the flood (a `sleep`: the pane and its ticking
 * clock are up, no output):
 * - frames written per second while the command runs (target <= 30: Ink's cap, and the runner's
 *   75 ms snapshots plus the 250 ms clock keep it well under);
 * - time from `?` reaching stdin to the first frame that shows help (target median < 200 ms).
 * Run alone with `node --import tsx bench/tui-flood.ts`; the lead registers `benchTuiFlood`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeTerminalInput, FakeTerminalOutput } from '../test/helpers/fake-terminal.js';
import { commitEverything, formatMs, loadLine, makeRepository, median, projectRoot } from './bench-support.js';

// 99 characters and a newline.
const FLOOD_TEXT = `flood ${'0123456789'.repeat(9)}abc`;
// 2 GB: ten times what flows while it is measured, so it outlasts the measurements, and yet a bound, should
// cancelling it ever fail.
const FLOOD_LIMIT_LINES = 20_000_000;
const HELP_TRIES = 7;
// Frames are counted over this window right after the run starts, with no key pressed; `?` comes after.
const FPS_WINDOW_MS = 800;
const TARGET_FPS = 30;
const TARGET_HELP_MS = 200;
// One styled segment of the help title, so colour codes around it do not split it.
const HELP_MARK = '? or Esc closes';
const MATRIX_TSV = 'release_evidence/2026-03-02-lumen-readiness/phase-1/command-matrix-status.tsv';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A lumen-audit copy whose command matrix has one more row: `name` running `command`. */
function repositoryWith(name: string, command: string): string {
	const root = fs.realpathSync(makeRepository('arco-bench-flood-', path.join(projectRoot, 'test', 'fixtures', 'lumen-audit')));
	fs.appendFileSync(path.join(root, MATRIX_TSV), `${name}\t1\t2026-03-03T08:03:00Z\t2026-03-03T08:03:01Z\t${command}\n`);
	commitEverything(root, `${name} entry`);
	return root;
}

interface Measurement {
	framesPerSecond: number;
	helpMs: number[];
	/** Whether the run was still going when every `?` had been timed. */
	runOutlastedTries: boolean;
	runSeconds: number;
	bytes: number;
}

/**
 * Starts `name` from the matrix screen, counts frames for a window with no keys pressed, then times `?`
 * (open help, close it again) until `HELP_TRIES` tries are done. A run that ends first cuts them short.
 */
async function measure(root: string, name: string): Promise<Measurement> {
	// Ink decides at import whether it runs under CI (then it writes only the last frame): import it without CI.
	delete process.env['CI'];
	delete process.env['CONTINUOUS_INTEGRATION'];
	const { render } = await import('ink');
	const { createElement } = await import('react');
	const { TuiController } = await import('../source/ui/effects/controller.js');
	const { defaultFeatures } = await import('../source/ui/effects/features.js');
	const { loadAudit } = await import('../source/model/load-audit.js');
	const { App } = await import('../views/app.js');
	const { COLOR_THEME } = await import('../source/ui/state/theme.js');

	const load = () => loadAudit({ cwd: root, env: {} });
	const stdout = new FakeTerminalOutput(false);
	const stdin = new FakeTerminalInput();
	const controller = new TuiController({ model: await load(), load, viewport: { columns: stdout.columns, rows: stdout.rows }, features: defaultFeatures() });
	const instance = render(createElement(App, { controller, theme: COLOR_THEME }), {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		stderr: new FakeTerminalOutput(false) as unknown as NodeJS.WriteStream,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	const running = () => {
		const run = controller.getState().runs[name];
		return run !== undefined && run.phase !== 'done' && run.phase !== 'recording';
	};
	const until = async (condition: () => boolean, what: string, timeoutMs = 120_000) => {
		const deadline = Date.now() + timeoutMs;
		while (!condition()) {
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
			await sleep(5);
		}
	};
	/** Milliseconds from a key to the first frame whose text contains (or lacks) the help title. */
	const pressUntilFrame = (key: string, shows: boolean) =>
		new Promise<number>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`no frame after ${JSON.stringify(key)}`)), 10_000);
			const onFrame = (chunk: string) => {
				if (chunk.includes(HELP_MARK) !== shows) return;
				clearTimeout(timer);
				stdout.off('frame', onFrame);
				resolve(performance.now() - started);
			};
			stdout.on('frame', onFrame);
			const started = performance.now();
			stdin.type(key);
		});
	try {
		await sleep(100);
		for (const key of ['m', '/', name, '\r']) {
			stdin.type(key);
			await sleep(50);
		}
		stdin.type('r');
		await until(() => (controller.getState().runs[name]?.output.bytes ?? 0) > 0 || controller.getState().runs[name]?.phase === 'running', 'the run to start');
		const startedAt = performance.now();
		const framesBefore = stdout.frames;
		await sleep(FPS_WINDOW_MS);
		const framesPerSecond = (stdout.frames - framesBefore) / ((performance.now() - startedAt) / 1000);
		const helpMs: number[] = [];
		while (running() && helpMs.length < HELP_TRIES) {
			helpMs.push(await pressUntilFrame('?', true));
			await sleep(60);
			await pressUntilFrame('?', false);
			await sleep(60);
		}
		const runOutlastedTries = running();
		const runSeconds = (performance.now() - startedAt) / 1000;
		const bytes = controller.getState().runs[name]?.output.bytes ?? 0;
		return { framesPerSecond, helpMs, runOutlastedTries, runSeconds, bytes };
	} finally {
		controller.dispatch({ type: 'quit', exitCode: 0, reason: 'bench over' });
		await Promise.race([controller.exited, sleep(15_000)]);
		instance.unmount();
		controller.stop();
	}
}

export async function benchTuiFlood(): Promise<string[]> {
	const flood = repositoryWith('flood', `yes '${FLOOD_TEXT}' | head -n ${FLOOD_LIMIT_LINES}`);
	const quiet = repositoryWith('quiet', 'sleep 60');
	try {
		const idle = await measure(quiet, 'quiet');
		const busy = await measure(flood, 'flood');
		const megabytes = busy.bytes / 1e6;
		const fpsVerdict = busy.framesPerSecond <= TARGET_FPS ? 'ok' : 'OVER TARGET';
		const helpMedian = median(busy.helpMs);
		const helpVerdict = !busy.runOutlastedTries ? 'NOT MEASURED: the run ended first' : helpMedian < TARGET_HELP_MS ? 'ok' : 'OVER TARGET';
		return [
			loadLine(),
			`flood: \`yes\` of 100-byte lines (up to 2 GB), ${megabytes.toFixed(0)} MB in the ${busy.runSeconds.toFixed(1)} s measured (${(megabytes / busy.runSeconds).toFixed(0)} MB/s through runner and TUI), then cancelled; baseline: the same TUI with a silent run (sleep)`,
			`frames written per second during the run (first ${FPS_WINDOW_MS} ms, no keys): ${busy.framesPerSecond.toFixed(1)} (silent run ${idle.framesPerSecond.toFixed(1)}); ratio ${(busy.framesPerSecond / Math.max(0.1, idle.framesPerSecond)).toFixed(2)}x (target <= ${TARGET_FPS} fps: ${fpsVerdict})`,
			`? to help on screen during the flood: median ${formatMs(helpMedian)} of ${busy.helpMs.length}${busy.runOutlastedTries ? '' : ' (the flood ended before all tries)'} (max ${formatMs(Math.max(...busy.helpMs))}); silent run median ${formatMs(median(idle.helpMs))} of ${idle.helpMs.length}; ratio ${(helpMedian / Math.max(0.1, median(idle.helpMs))).toFixed(2)}x (target median < ${TARGET_HELP_MS} ms: ${helpVerdict})`,
		];
	} finally {
		fs.rmSync(flood, { recursive: true, force: true });
		fs.rmSync(quiet, { recursive: true, force: true });
	}
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	for (const line of await benchTuiFlood()) process.stdout.write(`${line}\n`);
}
