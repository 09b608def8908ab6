/**
 * The real binary in a real terminal: tmux runs `node bin/arco-review.js` in a detached session, keys go
 * in with send-keys, the screen comes back with capture-pane. Needs `npm run build` (npm test's pretest).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import stringWidth from 'string-width';
import { commitAll, copyFixture, git, LUMEN_EVIDENCE, LUMEN_TRACKER, PROJECT_ROOT, readText, writeText } from '../helpers/fixture-repo.js';
import { sharedFixtures } from '../helpers/shared-fixtures.js';

const BINARY = path.join(PROJECT_ROOT, 'bin', 'arco-review.js');
const BUILT_CLI = path.join(PROJECT_ROOT, 'dist', 'cli.js');
const UNDER_CI = process.env['CI'] === 'true';

function hasTmux(): boolean {
	try {
		execFileSync('tmux', ['-V'], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

/** The audit to drive: the real snapshot when ../shared is there, else the project's own fixture. */
function fixtureFolder(): { folder: string; name: string } {
	const shared = sharedFixtures();
	const snapshot = shared === null ? null : path.join(shared, 'arco-66d6c8c');
	if (snapshot !== null && fs.existsSync(snapshot)) return { folder: snapshot, name: 'arco-66d6c8c' };
	return { folder: 'lumen-audit', name: 'test/fixtures/lumen-audit' };
}

const missing = !hasTmux() ? 'tmux is not installed' : !fs.existsSync(BUILT_CLI) ? `${BUILT_CLI} is missing: run npm run build` : null;
const sharedMissing = sharedFixtures() === null;

interface Context {
	socket: string;
}

const test = anyTest as TestFn<Context>;

test.beforeEach((t) => {
	t.context.socket = `arco-e2e-${process.pid}-${randomBytes(4).toString('hex')}`;
});

test.afterEach.always((t) => {
	try {
		execFileSync('tmux', ['-L', t.context.socket, 'kill-server'], { stdio: 'ignore' });
	} catch {
		// Already gone: every session in it ended.
	}
	// tmux leaves its socket file behind when the server is killed.
	const socketDirectory = path.join(process.env['TMUX_TMPDIR'] ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`);
	fs.rmSync(path.join(socketDirectory, t.context.socket), { force: true });
});

class Terminal {
	readonly exitFile: string;

	constructor(
		readonly socket: string,
		readonly root: string,
	) {
		this.exitFile = path.join(root, '.tui-exit-code');
	}

	tmux(...args: string[]): string {
		return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
	}

	start(columns: number, rows: number, args: string[] = [], environment = ''): void {
		// CI must not reach the app (it would print the table instead), and no user config may change keys.
		const argv = [BINARY, ...args].map((arg) => JSON.stringify(arg)).join(' ');
		const command = `env -u CI -u CONTINUOUS_INTEGRATION -u ARCO_TRACKER ${environment} node ${argv}; echo EXIT=$? > ${JSON.stringify(this.exitFile)}; sleep 600`;
		this.tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'review', '-x', String(columns), '-y', String(rows), '-c', this.root, command);
		// Esc must arrive as Esc at once, not wait for a possible Alt sequence.
		this.tmux('set-option', '-s', 'escape-time', '0');
	}

	keys(...keys: string[]): void {
		for (const key of keys) this.tmux('send-keys', '-t', 'review', key);
	}

	screen(): string {
		return this.tmux('capture-pane', '-p', '-t', 'review');
	}

	/** Literal text, not key names (so `Enter` in a note stays the word). */
	type(text: string): void {
		this.tmux('send-keys', '-t', 'review', '-l', text);
	}

	// Generous: on a loaded two-core machine the first frame of a large audit can take several seconds.
	async waitFor(predicate: (screen: string) => boolean, what: string, timeoutMs = 30_000): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		let screen = this.screen();
		while (!predicate(screen)) {
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${screen}`);
			await new Promise((resolve) => setTimeout(resolve, 50));
			screen = this.screen();
		}
		return screen;
	}

	async exitCode(timeoutMs = 20_000): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		while (!fs.existsSync(this.exitFile) || fs.readFileSync(this.exitFile, 'utf8') === '') {
			if (Date.now() > deadline) throw new Error(`the app did not exit; screen:\n${this.screen()}`);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		return fs.readFileSync(this.exitFile, 'utf8').trim();
	}
}

/** Registers an end-to-end test, or explains why it cannot run (a failure under CI). */
function e2e(title: string, run: (t: ExecutionContext<Context>, terminal: Terminal) => Promise<void>): void {
	if (missing !== null) {
		if (UNDER_CI) test.serial(title, (t) => t.fail(`${missing}; CI needs it`));
		else test.serial.skip(title, () => {});
		return;
	}
	if (sharedMissing && UNDER_CI) {
		test.serial(title, (t) => t.fail('../shared/fixtures is missing; CI needs it'));
		return;
	}
	test.serial(title, async (t) => {
		const { folder, name } = fixtureFolder();
		t.log(`fixture: ${name}`);
		const repo = copyFixture(folder, { t });
		await run(t, new Terminal(t.context.socket, repo.root));
	});
}

/** A tmux test on a lumen-audit copy, which is always there, with a reviewer set and extra matrix rows committed. */
function e2eLumen(title: string, matrixRows: Record<string, [number, string]>, run: (t: ExecutionContext<Context>, terminal: Terminal) => Promise<void>): void {
	if (missing !== null) {
		if (UNDER_CI) test.serial(title, (t) => t.fail(`${missing}; CI needs it`));
		else test.serial.skip(title, () => {});
		return;
	}
	test.serial(title, async (t) => {
		const repo = copyFixture('lumen-audit', { t });
		git(repo.root, ['config', 'user.name', 'E2E Reviewer']);
		git(repo.root, ['config', 'user.email', 'e2e@example.invalid']);
		const rows = Object.entries(matrixRows).map(
			([name, [exitCode, command]]) => `${name}\t${exitCode}\t2026-03-03T08:03:00Z\t2026-03-03T08:03:01Z\t${command}\n`,
		);
		if (rows.length > 0) writeText(repo.root, MATRIX_TSV, readText(repo.root, MATRIX_TSV) + rows.join(''));
		commitAll(repo.root, 'fixture with extra rows');
		await run(t, new Terminal(t.context.socket, repo.root));
	});
}

const MATRIX_TSV = `${LUMEN_EVIDENCE}/phase-1/command-matrix-status.tsv`;

if (missing !== null && !UNDER_CI) console.log(`skipped: tmux end-to-end tests did not run because ${missing}`);
if (sharedMissing && !UNDER_CI) console.log('note: ../shared/fixtures is missing; the tmux end-to-end tests use test/fixtures/lumen-audit');

const overviewReady = (screen: string) => screen.includes('Audit date') && /^>\s+0 /m.test(screen);

e2e('open gate 3, see G3-002, open help, quit with q q: exit 0', async (t, terminal) => {
	terminal.start(100, 30);
	let screen = await terminal.waitFor(overviewReady, 'the overview');
	t.regex(screen, /Gate Area +Status +Closed Open Primary Evidence/);
	t.regex(screen, /\d+\/\d+ gates GO/);
	terminal.keys('j', 'j', 'j', 'Enter');
	screen = await terminal.waitFor((text) => text.startsWith('Audit > Gate 3'), 'gate 3');
	t.regex(screen, /G3-002/);
	t.regex(screen, /opened gate 3/);
	terminal.keys('?');
	screen = await terminal.waitFor((text) => text.includes('Help  ? or Esc closes'), 'help');
	t.regex(screen, /Gate keys/);
	t.regex(screen, /Everywhere keys/);
	terminal.keys('Escape');
	await terminal.waitFor((text) => text.includes('closed help') && text.includes('G3-002'), 'help closed');
	terminal.keys('q');
	await terminal.waitFor((text) => text.startsWith('Audit\n') && text.includes('back to overview'), 'the overview again');
	terminal.keys('q');
	t.is(await terminal.exitCode(), 'EXIT=0');
	// The alternate screen is gone: the shell's screen (empty here) is back, with no frame left on it.
	t.false(terminal.screen().includes('Audit date'));
});

e2e('Q quits from a signal screen with exit 0', async (t, terminal) => {
	terminal.start(100, 30);
	await terminal.waitFor(overviewReady, 'the overview');
	terminal.keys('j', 'j', 'j', 'Enter');
	await terminal.waitFor((text) => text.startsWith('Audit > Gate 3'), 'gate 3');
	terminal.keys('j', 'Enter');
	const screen = await terminal.waitFor((text) => text.startsWith('Audit > Gate 3 > G3-002'), 'G3-002');
	t.regex(screen, /Exit test/);
	t.regex(screen, /Evidence \(\d+\)/);
	terminal.keys('Q');
	t.is(await terminal.exitCode(), 'EXIT=0');
});

e2e('at 80x24 no line is wider than 80 on any screen, and a resize re-lays out', async (t, terminal) => {
	terminal.start(80, 24);
	const assertFits = (screen: string, columns: number, rows: number, where: string) => {
		const lines = screen.replace(/\n$/, '').split('\n');
		t.true(lines.length <= rows, where);
		for (const line of lines) t.true(stringWidth(line) <= columns, `${where}: ${line}`);
		// The frame is rows-1 lines, so the terminal's last row stays empty (no full-screen clear per frame).
		t.is(lines[rows - 1]?.trim() ?? '', '', `${where}: last row is free`);
	};
	let screen = await terminal.waitFor(overviewReady, 'the overview');
	assertFits(screen, 80, 24, 'overview');
	terminal.keys('j', 'j', 'j', 'Enter');
	assertFits(await terminal.waitFor((text) => text.startsWith('Audit > Gate 3'), 'gate 3'), 80, 24, 'gate');
	terminal.keys('j', 'Enter');
	assertFits(await terminal.waitFor((text) => text.startsWith('Audit > Gate 3 > G3-002'), 'G3-002'), 80, 24, 'signal');
	terminal.keys('?');
	assertFits(await terminal.waitFor((text) => text.includes('Help'), 'help'), 80, 24, 'help');
	terminal.keys('?', 'f');
	assertFits(await terminal.waitFor((text) => /^Audit.*Findings/.test(text), 'findings'), 80, 24, 'findings');
	terminal.keys('m');
	assertFits(await terminal.waitFor((text) => /^Audit.*Command matrix/.test(text), 'matrix'), 80, 24, 'matrix');
	// One Esc at a time: two that arrive together read as Alt+Esc, as in any terminal program.
	for (const back of ['Audit > Gate 3 > G3-002 > Findings\n', 'Audit > Gate 3 > G3-002\n', 'Audit > Gate 3\n', 'Audit\n']) {
		terminal.keys('Escape');
		screen = await terminal.waitFor((text) => text.startsWith(back), back.trim());
	}

	terminal.tmux('resize-window', '-t', 'review', '-x', '60', '-y', '16');
	screen = await terminal.waitFor((text) => {
		const lines = text.replace(/\n$/, '').split('\n');
		return (
			lines.length <= 16 && lines.every((line) => stringWidth(line) <= 60) && lines[0] === 'Audit' && /Gate Area/.test(text) && /\? help/.test(lines[14] ?? '')
		);
	}, 'the 60x16 layout');
	assertFits(screen, 60, 16, 'after shrinking');
	t.regex(screen, /Gate Area/);

	terminal.tmux('resize-window', '-t', 'review', '-x', '100', '-y', '30');
	screen = await terminal.waitFor((text) => text.startsWith('Audit\n') && /\? help/.test(text.split('\n')[28] ?? ''), 'the 100x30 layout');
	assertFits(screen, 100, 30, 'after growing');
	t.regex(screen, /Primary Evidence/);
	terminal.keys('q');
	t.is(await terminal.exitCode(), 'EXIT=0');
});

e2eLumen(
	'm, move to an entry, r: the log pane shows its output and exit code; the matrix then shows it; q q exits 0',
	{ e2e_ticks: [1, 'for i in 1 2 3 4; do echo "e2e tick $i"; sleep 0.3; done'] },
	async (t, terminal) => {
		terminal.start(100, 30);
		await terminal.waitFor((text) => text.includes('Audit date') && /^>\s+0 /m.test(text), 'the overview');
		terminal.keys('m');
		await terminal.waitFor((text) => text.startsWith('Audit > Command matrix'), 'the matrix');
		terminal.keys('j', 'j', 'j');
		await terminal.waitFor((text) => /^> e2e_ticks +no +1 /m.test(text), 'e2e_ticks highlighted');
		terminal.keys('r');
		const live = await terminal.waitFor((text) => /^ {2}e2e tick 1$/m.test(text) && /e2e_ticks +running/.test(text), 'live output');
		t.notRegex(live, /^ {2}e2e tick 4$/m);
		const done = await terminal.waitFor((text) => /e2e_ticks +exit 0 · passed in/.test(text), 'the exit code in the pane');
		t.regex(done, /^ {2}e2e tick 4$/m);
		t.regex(done, /HEAD [0-9a-f]{7}/);
		await terminal.waitFor((text) => /e2e_ticks passed in \d+\.\ds \(log /.test(text), 'the recorded result on the status line');
		terminal.keys('Escape');
		await terminal.waitFor((text) => /^> e2e_ticks +no +0 /m.test(text), 'the new exit code in the matrix');
		t.regex(readText(terminal.root, MATRIX_TSV), /^e2e_ticks\t0\t/m);
		terminal.keys('q');
		await terminal.waitFor((text) => text.startsWith('Audit\n'), 'the overview again');
		terminal.keys('q');
		t.is(await terminal.exitCode(), 'EXIT=0');
	},
);

e2eLumen('s on the overview signs the highlighted gate: note typed, Enter writes it to the tracker', {}, async (t, terminal) => {
	terminal.start(100, 30);
	await terminal.waitFor((text) => text.includes('Audit date') && /^>\s+0 /m.test(text), 'the overview');
	terminal.keys('s');
	await terminal.waitFor((text) => /Records +GO at HEAD [0-9a-f]{7} by E2E Reviewer/.test(text), 'the sign-off dialog');
	terminal.type('checked in tmux');
	await terminal.waitFor((text) => /Note +checked in tmux/.test(text), 'the note');
	terminal.keys('Enter');
	const screen = await terminal.waitFor((text) => /signed gate 0 GO at [0-9a-f]{7} as E2E Reviewer/.test(text), 'the sign-off written');
	t.regex(screen, /^> +0 Re-baseline.* signed$/m);
	const tracker = JSON.parse(readText(terminal.root, LUMEN_TRACKER)) as { gates: Array<{ id: number; signoff?: { status: string; note: string } }> };
	t.like(tracker.gates.find((gate) => gate.id === 0)?.signoff, { status: 'GO', note: 'checked in tmux' });
	terminal.keys('q');
	t.is(await terminal.exitCode(), 'EXIT=0');
});

e2eLumen('--demo opens the review of a demo audit within 2 s, touches nothing here, and removes it on quit', {}, async (t, terminal) => {
	const scratch = path.join(terminal.root, 'tmp-for-demo');
	fs.mkdirSync(scratch);
	const before = fs.readdirSync(terminal.root).sort();
	const started = Date.now();
	terminal.start(100, 30, ['--demo'], `TMPDIR=${JSON.stringify(scratch)}`);
	const screen = await terminal.waitFor((text) => text.includes('Audit date 2026-11-20') && text.includes('Operations handoff'), 'the demo overview');
	const elapsed = Date.now() - started;
	t.log(`demo overview on screen after ${elapsed} ms`);
	t.true(elapsed < 2000, `the demo took ${elapsed} ms to show`);
	t.regex(screen, /Tracker integrity/);
	const demos = fs.readdirSync(scratch).filter((name) => name.startsWith('arco-review-demo-'));
	t.is(demos.length, 1, 'one demo repository under TMPDIR while it runs');
	terminal.keys('Q');
	t.is(await terminal.exitCode(), 'EXIT=0');
	t.deepEqual(
		fs.readdirSync(scratch).filter((name) => name.startsWith('arco-review-demo-')),
		[],
		'removed on quit',
	);
	t.deepEqual(
		fs
			.readdirSync(terminal.root)
			.filter((name) => name !== '.tui-exit-code')
			.sort(),
		before,
		'nothing in the current folder changed',
	);
});
