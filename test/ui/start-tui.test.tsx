// First: Ink must load as on a terminal, whatever CI says.
import '../helpers/ink-outside-ci.js';
import { EventEmitter } from 'node:events';
import test from 'ava';
import {
	DISABLE_BRACKETED_PASTE,
	ENABLE_BRACKETED_PASTE,
	ENTER_ALTERNATE_SCREEN,
	LEAVE_ALTERNATE_SCREEN,
	openTerminalSession,
} from '../../source/ui/effects/terminal-session.js';
import { startTui } from '../../views/start-tui.js';
import { FakeTerminalInput, FakeTerminalOutput } from '../helpers/fake-terminal.js';
import { until } from '../helpers/wait.js';
import { sampleModel } from './helpers/build-model.js';

function start(options: { noColor?: boolean } = {}) {
	const stdout = new FakeTerminalOutput();
	const stdin = new FakeTerminalInput();
	const model = sampleModel();
	const exit = startTui({
		initialModel: model,
		load: async () => model,
		noColor: options.noColor ?? true,
		env: {},
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		stderr: new FakeTerminalOutput() as unknown as NodeJS.WriteStream,
	});
	/** The first frame is on screen and the app reads stdin. */
	const ready = () => until(() => stdout.output.includes('Layer-2 production blockers') && stdin.listenerCount('readable') > 0);
	return { stdout, stdin, exit, ready };
}

test.serial('startTui switches to the alternate screen with bracketed paste; q asks, q again restores both and resolves 0', async (t) => {
	const { stdout, stdin, exit, ready } = start();
	await ready();
	t.true(stdout.output.startsWith(ENTER_ALTERNATE_SCREEN + ENABLE_BRACKETED_PASTE));
	stdin.type('q');
	await until(() => stdout.output.includes('q again to quit'));
	stdin.type('q');
	t.is(await exit, 0);
	t.true(stdout.output.endsWith(LEAVE_ALTERNATE_SCREEN));
	t.true(stdout.output.lastIndexOf(DISABLE_BRACKETED_PASTE) > stdout.output.lastIndexOf(ENABLE_BRACKETED_PASTE));
	t.regex(stdout.output, /Layer-2 production blockers/);
});

test.serial('a SIGTERM quits with 143 and restores the screen and paste', async (t) => {
	const { stdout, exit, ready } = start();
	await ready();
	process.emit('SIGTERM', 'SIGTERM');
	t.is(await exit, 143);
	t.true(stdout.output.endsWith(`${DISABLE_BRACKETED_PASTE}\u001B[?25h${LEAVE_ALTERNATE_SCREEN}`));
});

test.serial('Ctrl-C quits with 0 (nothing to cancel yet)', async (t) => {
	const { stdin, exit, ready } = start();
	await ready();
	stdin.type('\u0003');
	t.is(await exit, 0);
});

test.serial('a resize of the terminal re-lays out the frame', async (t) => {
	const { stdout, stdin, exit, ready } = start();
	await ready();
	const before = stdout.output.length;
	stdout.columns = 60;
	stdout.rows = 20;
	stdout.emit('resize');
	// The frame laid out again for 60 columns: its overview header is drawn anew.
	await until(() => stdout.output.slice(before).includes('Audit date'));
	stdin.type('Q');
	await exit;
	// The last frame drawn was laid out for 60 columns: its rule-free table header is cut to fit.
	const lastFrame = stdout.output.slice(stdout.output.lastIndexOf('Audit date'));
	t.regex(lastFrame, /Gate Area +Status/);
	for (const line of lastFrame.split('\n')) t.true(line.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '').length <= 60, line);
});

test('the terminal session restores once and removes every listener', (t) => {
	const stdout = new FakeTerminalOutput();
	const fakeProcess = new EventEmitter();
	const seen: string[] = [];
	const session = openTerminalSession(
		stdout as unknown as NodeJS.WriteStream,
		{
			onResize: (viewport) => seen.push(`resize ${viewport.columns}x${viewport.rows}`),
			onSignal: (signal, code) => seen.push(`${signal} ${code}`),
			onCrash: (error) => seen.push(`crash ${String(error)}`),
		},
		fakeProcess as unknown as NodeJS.Process,
	);
	stdout.columns = 81;
	stdout.emit('resize');
	fakeProcess.emit('SIGHUP');
	fakeProcess.emit('SIGINT');
	fakeProcess.emit('uncaughtException', new Error('boom'));
	t.deepEqual(seen, ['resize 81x30', 'SIGHUP 129', 'SIGINT 130', 'crash Error: boom']);
	fakeProcess.emit('exit');
	session.restore();
	t.is(stdout.output.split(LEAVE_ALTERNATE_SCREEN).length, 2, 'left the alternate screen exactly once');
	t.is(stdout.output.split(DISABLE_BRACKETED_PASTE).length, 2, 'bracketed paste turned off exactly once');
	for (const event of ['SIGHUP', 'SIGINT', 'SIGTERM', 'uncaughtException', 'unhandledRejection', 'exit']) t.is(fakeProcess.listenerCount(event), 0, event);
	t.is(stdout.listenerCount('resize'), 0);
});

test.serial('a view that throws rejects startTui with the error, after restoring the screen', async (t) => {
	const stdout = new FakeTerminalOutput();
	const broken = { ...sampleModel(), gates: null } as unknown as ReturnType<typeof sampleModel>;
	const exit = startTui({
		initialModel: broken,
		load: async () => broken,
		noColor: true,
		env: {},
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: new FakeTerminalInput() as unknown as NodeJS.ReadStream,
		stderr: new FakeTerminalOutput() as unknown as NodeJS.WriteStream,
	});
	await t.throwsAsync(exit);
	t.true(stdout.output.endsWith(`${DISABLE_BRACKETED_PASTE}\u001B[?25h${LEAVE_ALTERNATE_SCREEN}`));
});
