/**
 * views/ink-output-cache.ts keeps Ink's per-line tokens across frames. It must change nothing Ink writes:
 * the same key presses are drawn first without the cache, then with it, in colour, with wide characters,
 * emoji and combining marks on screen, through a resize, and every frame is compared byte for byte. It
 * must also install on the Ink version package.json pins, so an Ink upgrade that breaks it fails here
 * instead of silently costing the CPU it saves (or drawing wrong cells).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import test from 'ava';
// Ink's own dependency, the instance Ink draws its colours with.
import chalk from 'chalk';
import type { AuditModel } from '../../source/model/types.js';
import { FakeTerminalInput, FakeTerminalOutput } from '../helpers/fake-terminal.js';
import { until } from '../helpers/wait.js';
import { sampleModel } from './helpers/build-model.js';

// Ink colours through chalk's default instance, whose level was fixed when ava's worker first loaded it
// (no colours: not a terminal). Ink's frames are to be compared in colour.
chalk.level = 3;
const [{ render }, { createElement }, { App }, { TuiController }, { COLOR_THEME }, { CHECKED_INK_VERSION, installOutputCache }] = await Promise.all([
	import('ink'),
	import('react'),
	import('../../views/app.js'),
	import('../../source/ui/effects/controller.js'),
	import('../../source/ui/state/theme.js'),
	import('../../views/ink-output-cache.js'),
]);

const KEYS = { enter: '\r', escape: '\u001B' };
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** A model whose names need more than one cell per character, or less. */
function wideModel(): AuditModel {
	const model = sampleModel();
	const storage = model.gates[2];
	if (storage) storage.name = 'Storage 漢字の検証 / 📦 manifest · schema';
	const signal = model.signals.find((candidate) => candidate.id === 'G3-002');
	if (signal?.ledger) signal.ledger.title = 'Timer 👩‍👩‍👧‍👦 callback, café́ and Ｆｕｌｌｗｉｄｔｈ text';
	return model;
}

type Step = { keys: string } | { resize: { columns: number; rows: number } };

const STEPS: Step[] = [
	{ keys: 'j' },
	{ keys: 'j' },
	{ keys: 'k' },
	{ keys: 'G' },
	{ keys: KEYS.enter },
	{ keys: 'j' },
	{ keys: 'd' },
	{ keys: 'G' },
	{ keys: KEYS.escape },
	{ resize: { columns: 60, rows: 20 } },
	{ keys: 'k' },
	{ keys: KEYS.escape },
	{ keys: 'j' },
	{ resize: { columns: 100, rows: 30 } },
	{ keys: '?' },
];

/** Every frame Ink writes for the steps, one per step (debug mode: each render writes its whole frame). */
async function framesOf(model: AuditModel): Promise<string[]> {
	const stdout = new FakeTerminalOutput();
	const stdin = new FakeTerminalInput();
	let last = '';
	stdout.on('frame', (chunk: string) => {
		last = chunk;
	});
	const controller = new TuiController({ model, load: async () => model, viewport: { columns: stdout.columns, rows: stdout.rows } });
	let drawn: unknown = null;
	const instance = render(
		createElement(App, {
			controller,
			theme: COLOR_THEME,
			onRendered: (state) => {
				drawn = state;
			},
		}),
		{
			stdout: stdout as unknown as NodeJS.WriteStream,
			stdin: stdin as unknown as NodeJS.ReadStream,
			stderr: new FakeTerminalOutput() as unknown as NodeJS.WriteStream,
			debug: true,
			exitOnCtrlC: false,
			patchConsole: false,
		},
	);
	const settled = async () => {
		await until(() => drawn === controller.getState() && stdin.listenerCount('readable') > 0);
		await nextTurn();
		return last;
	};
	const frames = [await settled()];
	try {
		for (const step of STEPS) {
			if ('keys' in step) {
				const handled = controller.keysHandled;
				stdin.type(step.keys);
				await until(() => controller.keysHandled > handled);
			} else {
				stdout.columns = step.resize.columns;
				stdout.rows = step.resize.rows;
				stdout.emit('resize');
				controller.resize(step.resize);
			}
			frames.push(await settled());
		}
	} finally {
		instance.unmount();
		controller.stop();
	}
	return frames;
}

test('frames drawn with the output cache are byte for byte those drawn without it', async (t) => {
	const without = await framesOf(wideModel());
	t.deepEqual(await installOutputCache(), { installed: true }, `the cache installs on the pinned Ink ${CHECKED_INK_VERSION}`);
	const withCache = await framesOf(wideModel());
	// Drawn twice with the cache: the second time every line comes from it.
	const again = await framesOf(wideModel());
	t.is(withCache.length, STEPS.length + 1);
	t.deepEqual(withCache, without);
	t.deepEqual(again, without);
	// The comparison covers what it claims to: colours, wide characters, emoji, the detail pane and help, a narrow frame.
	const all = without.join('\n');
	t.regex(all, /\u001B\[3[0-9;]*m/);
	for (const text of ['漢字の検証', '📦', '👩‍👩‍👧‍👦', 'Ｆｕｌｌｗｉｄｔｈ', 'Detail', 'Help']) t.true(all.includes(text), text);
	t.true(without.some((frame) => frame.split('\n').every((line) => line.replace(/\u001B\[[0-9;]*m/g, '').length <= 60)));
});

test('the cache was checked against the Ink that package.json pins exactly, and that is the Ink installed', (t) => {
	const project = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
	t.is(project.dependencies['ink'], CHECKED_INK_VERSION);
	const inkManifest = path.join(path.dirname(createRequire(import.meta.url).resolve('ink')), '..', 'package.json');
	t.is((JSON.parse(fs.readFileSync(inkManifest, 'utf8')) as { version: string }).version, CHECKED_INK_VERSION);
});
