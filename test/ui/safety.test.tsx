import test from 'ava';
import chalk from 'chalk';
import type { AuditModel } from '../../source/model/types.js';
import { COLOR_THEME, NO_COLOR_THEME, themeFor } from '../../source/ui/state/theme.js';
import { buildModel } from './helpers/build-model.js';
import { KEYS, renderApp } from './helpers/render-app.js';

/** Terminal attacks: clipboard write, titles, hidden links, screen clear, 8-bit CSI, bidi, overprinting. */
// Attacks that leave no visible text once sanitized.
const HIDDEN = [
	'\u001B]52;c;ZXZpbA==\u0007',
	'\u001B]0;owned title\u0007',
	'\u001B]2;owned title\u001B\\',
	'\u001B[2J',
	'\u001B[1;1H',
	'\u009B31m',
	'\u009D0;c1 title\u009C',
	'\u202E',
	'\u2066\u2069',
].join('');
// Attacks around visible text.
const AROUND_TEXT = [
	'\u001B]8;;https://evil.example\u001B\\click\u001B]8;;\u001B\\',
	'\u202Egnp.exe',
	'ab\bc',
	'bell\u0007',
	'tab\there',
	'nul\u0000byte',
	'del\u007F',
].join(' ');

// The carriage return comes first: the sanitizer keeps what follows the last \r (a progress line's final
// state), and every other attack must then be removed by the sequence and control stripping itself.
const evil = (label: string) => `fake\rreal${HIDDEN} ${label} ${AROUND_TEXT}${HIDDEN}`;
const CORPUS = `fake\r${HIDDEN}${AROUND_TEXT}`;

function evilModel(): AuditModel {
	const model = buildModel({
		auditDate: evil('date'),
		trackerPath: evil('tracker'),
		gates: [
			{
				id: 3,
				name: evil('gate name'),
				status: evil('STATUS'),
				statusReason: evil('reason'),
				evidence: [evil('gate evidence')],
				signals: [
					{
						id: 'G3-002',
						status: evil('SIGNAL-STATUS'),
						title: evil('title'),
						owner: evil('owner'),
						evidence: [evil('evidence path'), 'evidence/log.txt'],
						codePaths: [evil('code path')],
						exitTest: evil('exit test'),
					},
				],
				undefinedSignalIds: [evil('undefined id')],
			},
		],
		commands: [{ name: evil('command name'), signal: 'G3-002', command: evil('command'), log: 'evidence/log.txt', exitCode: null }],
		matrix: [{ name: evil('matrix name'), command: evil('matrix command'), log: 'evidence/log.txt' }],
		findings: [{ severity: 'error', code: evil('code'), subject: evil('subject'), message: evil('message') }],
		git: { head: evil('head') },
	});
	model.baselineCommit = evil('baseline');
	model.trackerSource = evil('source');
	model.definitionOfDone = evil('dod');
	model.matrix.statusFile = { ...model.matrix.statusFile, written: evil('status file') };
	return model;
}

/** Drives every screen, overlay and pane, collecting each frame Ink wrote. */
async function everyFrame(model: AuditModel, theme = NO_COLOR_THEME): Promise<string[]> {
	const app = await renderApp(model, {
		theme,
		readPreview: async () => ({ kind: 'text', lines: [evil('log line 1'), evil('log line 2')], truncated: false }),
		load: async () => {
			throw new Error(evil('reload error\nsecond line'));
		},
	});
	try {
		await app.press('?', '?', KEYS.enter, '?', KEYS.escape, KEYS.enter);
		await app.waitFor((frame) => frame.includes('log line 1'));
		await app.press(KEYS.tab, KEYS.enter);
		await app.waitFor((frame) => frame.includes('log line 2'));
		await app.press(KEYS.escape, 'j', KEYS.enter, 'f', 'm', KEYS.enter);
		await app.controller.reload([evil('/changed/file')]);
		await app.press('/', `x${CORPUS}`);
		await app.press(KEYS.enter);
		return [...app.frames];
	} finally {
		await app.close();
	}
}

test.serial('no escape sequence, C1 control, bidi control, CR or BS from the model reaches the terminal (colourless theme)', async (t) => {
	const frames = await everyFrame(evilModel());
	t.true(frames.length > 10);
	const all = frames.join('\n');
	// Every screen was drawn with the hostile strings present (sanitized), so the test covered them.
	for (const label of ['gate name', 'reason', 'title', 'exit test', 'Commands (1)', 'Command matrix', 'Findings 1', 'message', 'log line 1', 'reload error']) {
		t.true(all.includes(label), `${label} was rendered`);
	}
	t.false(all.includes('\u001B'), 'no ESC');
	t.false(/[\u0080-\u009F]/.test(all), 'no C1 controls');
	t.false(/[\u202A-\u202E\u2066-\u2069]/.test(all), 'no bidi controls');
	t.false(/[\u0000-\u0009\u000B-\u001F\u007F]/.test(all), 'no C0 controls but newline');
	t.false(all.includes('second line'), 'errors are shown as one line');
});

test.serial('with colours on, the only escape sequences are our own SGR colours', async (t) => {
	const level = chalk.level;
	chalk.level = 1;
	t.teardown(() => {
		chalk.level = level;
	});
	const all = (await everyFrame(evilModel(), COLOR_THEME)).join('\n');
	t.true(all.includes('\u001B['), 'colours were emitted');
	const sequences = all.match(/\u001B[^m]*m?/g) ?? [];
	for (const sequence of new Set(sequences)) t.regex(sequence, /^\u001B\[[0-9;]*m$/, JSON.stringify(sequence));
	t.false(/[\u0080-\u009F\u202A-\u202E\u2066-\u2069\r\b\u0007]/.test(all));
});

test('NO_COLOR or --no-color select the colourless theme', (t) => {
	t.is(themeFor({ noColor: true, env: {} }), NO_COLOR_THEME);
	t.is(themeFor({ noColor: false, env: { NO_COLOR: '1' } }), NO_COLOR_THEME);
	t.is(themeFor({ noColor: false, env: { NO_COLOR: '' } }), COLOR_THEME);
	t.is(themeFor({ noColor: false, env: {} }), COLOR_THEME);
	for (const style of Object.values(NO_COLOR_THEME.styles)) t.deepEqual(style, {});
	t.false(NO_COLOR_THEME.selectionInverse);
});
