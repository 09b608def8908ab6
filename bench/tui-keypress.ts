/**
 * CPU per key press in the interactive review: `j`/`k` through the overview's gate table and a gate
 * screen's signal list, drawn by the real Ink renderer (production React, as the executable loads it)
 * into a fake terminal. CPU time (user + system of the process, which runs the whole UI) is read with
 * process.cpuUsage around a burst of presses; each press waits for its frame, and presses are spaced
 * beyond Ink's 30 fps throttle so each is drawn on its own, as a person types. Wall time from key to
 * frame is reported beside it.
 *
 * Every measurement runs in a child process of its own: one audit, with or without the Ink output cache
 * (views/ink-output-cache.ts, which patches Ink process-wide, so the two cannot share a process). Rounds
 * are interleaved: each round runs every audit with and without the cache, in alternating order, and
 * the figures are medians of per-round ratios: each audit against the 66d6c8c snapshot (the baseline),
 * and the cache's saving (CPU without it / CPU with it) on each audit.
 * Run alone with `node --import tsx bench/tui-keypress.ts`, or as the `tui` suite.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditModel } from '../source/model/types.js';
import { FakeTerminalInput, FakeTerminalOutput } from '../test/helpers/fake-terminal.js';
import { benchFixture, commitEverything, loadLine, makeRepository, median, pairedRatio } from './bench-support.js';
import { writeGeneratedAudit } from './generate-audit.js';

const ROUNDS = 4;
const WARM_UP_PRESSES = 10;
const PRESSES_PER_BURST = 40;
// Longer than Ink's frame interval (30 fps): every press is drawn on the throttle's leading edge.
const PAUSE_BETWEEN_PRESSES_MS = 40;
const COLUMNS = 100;
const ROWS = 30;
const TARGET_SMALL_MS = 10;
const TARGET_LARGE_MS = 12;
const THIS_FILE = fileURLToPath(import.meta.url);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Burst {
	cpuMsPerPress: number;
	wallMsPerPress: number;
}

type Screen = 'overview' | 'gate';
type Mode = 'cache' | 'no-cache';
type ChildResult = Record<Screen, Burst>;

// ---- In the child: one audit, one mode, both screens. ----

/** Presses j/k through one screen's list and measures a burst, after a warm-up. */
async function measureScreen(model: AuditModel, keysBefore: string[], listLength: number): Promise<Burst> {
	const [{ render }, { createElement }, { App }, { TuiController }, { COLOR_THEME }] = await Promise.all([
		import('ink'),
		import('react'),
		import('../views/app.js'),
		import('../source/ui/effects/controller.js'),
		import('../source/ui/state/theme.js'),
	]);
	const stdout = new FakeTerminalOutput(false);
	stdout.columns = COLUMNS;
	stdout.rows = ROWS;
	const stdin = new FakeTerminalInput();
	const controller = new TuiController({ model, load: async () => model, viewport: { columns: COLUMNS, rows: ROWS } });
	const instance = render(createElement(App, { controller, theme: COLOR_THEME }), {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		stderr: new FakeTerminalOutput(false) as unknown as NodeJS.WriteStream,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	const pressAndWait = async (key: string): Promise<number> => {
		const frame = new Promise<void>((resolve) => stdout.once('frame', () => resolve()));
		const started = performance.now();
		stdin.type(key);
		await frame;
		const elapsed = performance.now() - started;
		await sleep(PAUSE_BETWEEN_PRESSES_MS);
		return elapsed;
	};
	try {
		// The first frame, and the app listening to stdin.
		while (stdout.frames === 0 || stdin.listenerCount('readable') === 0) await sleep(5);
		for (const key of keysBefore) await pressAndWait(key);
		// Down and back up within the list, so every press moves the selection (a press that changes nothing draws nothing).
		const span = Math.max(1, Math.min(listLength - 1, PRESSES_PER_BURST / 2));
		let position = 0;
		let direction = 1;
		const press = () => {
			if (position + direction < 0 || position + direction > span) direction = -direction;
			position += direction;
			return pressAndWait(direction === 1 ? 'j' : 'k');
		};
		for (let index = 0; index < WARM_UP_PRESSES; index += 1) await press();
		let wall = 0;
		const before = process.cpuUsage();
		for (let index = 0; index < PRESSES_PER_BURST; index += 1) wall += await press();
		const used = process.cpuUsage(before);
		return { cpuMsPerPress: (used.user + used.system) / 1000 / PRESSES_PER_BURST, wallMsPerPress: wall / PRESSES_PER_BURST };
	} finally {
		instance.unmount();
		controller.stop();
	}
}

async function child(root: string, mode: Mode): Promise<ChildResult> {
	const { loadAudit } = await import('../source/model/load-audit.js');
	const model = await loadAudit({ cwd: root, env: {} });
	// As the executable does: production React, then Ink; and the output cache unless measuring without it.
	const { loadProductionReact } = await import('../source/ui/effects/production-react.js');
	loadProductionReact();
	if (mode === 'cache') {
		const { installOutputCache } = await import('../views/ink-output-cache.js');
		const cache = await installOutputCache();
		if (!cache.installed) throw new Error(`the Ink output cache did not install: ${cache.reason}`);
	}
	return {
		overview: await measureScreen(model, [], model.gates.length),
		gate: await measureScreen(model, ['\r'], model.gates[0]?.requiredSignalIds.length ?? 1),
	};
}

// ---- In the parent: audits, rounds, ratios. ----

interface Audit {
	label: string;
	root: string;
}

function generatedRepository(gates: number, signalsPerGate: number): string {
	const root = makeRepository('arco-bench-tui-');
	writeGeneratedAudit(root, { gates, signalsPerGate, matrixRows: 200 });
	commitEverything(root, 'generated');
	return root;
}

function runChild(root: string, mode: Mode): ChildResult {
	// The user's environment: no CI (Ink would draw only the last frame), no NODE_ENV (the UI picks production React itself).
	const { CI: _ci, CONTINUOUS_INTEGRATION: _integration, NODE_ENV: _nodeEnv, ...env } = process.env;
	const output = execFileSync(process.execPath, ['--import', 'tsx', THIS_FILE, '--child', root, mode], {
		encoding: 'utf8',
		env,
		// Ink shows the cursor again on exit (on stderr, whatever stdout is): kept out of the report; a failing child's stderr is in the error.
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as ChildResult;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

export async function benchTuiKeypress(): Promise<string[]> {
	const fixture = benchFixture();
	const smallRoot = makeRepository('arco-bench-tui-small-', fixture.source);
	const audits: Audit[] = [
		{ label: `${fixture.name} (baseline)`, root: smallRoot },
		{ label: 'generated 20 gates x 10 signals', root: generatedRepository(20, 10) },
		{ label: 'generated 40 gates x 20 signals', root: generatedRepository(40, 20) },
		{ label: 'generated 200 gates x 50 signals', root: generatedRepository(200, 50) },
	];
	// Both fill the screen on either view (the rows drawn are the same), one with 12.5 times the signals.
	const fullScreenSmall = 2;
	const fullScreenLarge = 3;
	const lines = [
		`${PRESSES_PER_BURST} presses a burst after ${WARM_UP_PRESSES} to warm up, ${COLUMNS}x${ROWS}, production React, one child process per audit and mode, ${ROUNDS} rounds interleaved; ${loadLine()} at start`,
	];
	try {
		const results: Record<Mode, ChildResult[][]> = { cache: audits.map(() => []), 'no-cache': audits.map(() => []) };
		for (let round = 0; round < ROUNDS; round += 1) {
			const modes: Mode[] = round % 2 === 0 ? ['cache', 'no-cache'] : ['no-cache', 'cache'];
			for (const [index, audit] of audits.entries()) for (const mode of modes) results[mode][index]?.push(runChild(audit.root, mode));
		}
		const cpu = (mode: Mode, index: number, screen: Screen) => (results[mode][index] ?? []).map((result) => result[screen].cpuMsPerPress);
		const wall = (mode: Mode, index: number, screen: Screen) => (results[mode][index] ?? []).map((result) => result[screen].wallMsPerPress);
		for (const screen of ['overview', 'gate'] as const) {
			lines.push(screen === 'overview' ? 'overview, j/k through the gate table:' : 'gate screen (first gate), j/k through its signals:');
			for (const [index, audit] of audits.entries()) {
				const withCache = median(cpu('cache', index, screen));
				const withoutCache = median(cpu('no-cache', index, screen));
				const target = index === 0 ? TARGET_SMALL_MS : TARGET_LARGE_MS;
				const vsBaseline = pairedRatio(cpu('cache', 0, screen), cpu('cache', index, screen));
				const saving = pairedRatio(cpu('cache', index, screen), cpu('no-cache', index, screen));
				lines.push(
					`  ${audit.label}: CPU ${ms(withCache)} per press (target <= ${target} ms: ${withCache <= target ? 'ok' : 'OVER TARGET'}), ${vsBaseline.toFixed(2)}x the baseline; wall key-to-frame ${ms(median(wall('cache', index, screen)))}`,
					`    without the Ink output cache: CPU ${ms(withoutCache)} per press, ${saving.toFixed(2)}x the CPU with it (paired); wall ${ms(median(wall('no-cache', index, screen)))}`,
				);
			}
			const growth = pairedRatio(cpu('cache', fullScreenSmall, screen), cpu('cache', fullScreenLarge, screen));
			lines.push(
				`  a full screen over 10,000 signals vs over 800 (the same rows drawn): CPU ${growth.toFixed(2)}x (paired; 1.00x is a press costing what is on screen, not the audit)`,
			);
		}
		lines.push(`${loadLine()} at end`);
		return lines;
	} finally {
		for (const audit of audits) fs.rmSync(audit.root, { recursive: true, force: true });
	}
}

if (process.argv[1] && path.resolve(process.argv[1]) === THIS_FILE) {
	const [flag, root, mode] = process.argv.slice(2);
	if (flag === '--child' && root && (mode === 'cache' || mode === 'no-cache')) process.stdout.write(`${JSON.stringify(await child(root, mode))}\n`);
	else for (const line of await benchTuiKeypress()) process.stdout.write(`${line}\n`);
}
