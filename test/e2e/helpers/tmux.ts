/**
 * The real binary in a real terminal: tmux runs `node bin/arco-review.js` in a detached session, keys go
 * in with send-keys, the screen comes back with capture-pane. Needs `npm run build` (npm test's pretest).
 * Every wait is for something on screen or on disk, never for a time; ava's timeout is the only deadline.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { commitAll, copyFixture, git, PROJECT_ROOT, readText, writeText } from '../../helpers/fixture-repo.js';
import { sharedFixtures } from '../../helpers/shared-fixtures.js';

const BINARY = path.join(PROJECT_ROOT, 'bin', 'arco-review.js');
const BUILT_CLI = path.join(PROJECT_ROOT, 'dist', 'cli.js');
const UNDER_CI = process.env['CI'] === 'true';
/** How often a long wait prints the screen it is looking at, so a hang shows why (not a deadline). */
const REPORT_EVERY_MS = 30_000;

function hasTmux(): boolean {
	try {
		execFileSync('tmux', ['-V'], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

const missing = !hasTmux() ? 'tmux is not installed' : !fs.existsSync(BUILT_CLI) ? `${BUILT_CLI} is missing: run npm run build` : null;
const sharedMissing = sharedFixtures() === null;
let noticeGiven = false;

function notice(): void {
	if (noticeGiven || UNDER_CI) return;
	noticeGiven = true;
	if (missing !== null) console.log(`skipped: tmux end-to-end tests did not run because ${missing}`);
	if (sharedMissing) console.log('note: ../shared/fixtures is missing; the tmux end-to-end tests use test/fixtures/lumen-audit');
}

interface Context {
	socket: string;
}

export const test = anyTest as TestFn<Context>;

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

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Terminal {
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

	/** Starts the binary in a `columns` x `rows` window; `serverOptions` are set on the tmux server first. */
	start(columns: number, rows: number, args: string[] = [], environment = '', serverOptions: Array<[string, string]> = []): void {
		// CI must not reach the app (it would print the table instead), no user config may change keys, and
		// the app sees a user's environment, not the test runner's (ava sets NODE_ENV=test).
		const argv = [BINARY, ...args].map((arg) => JSON.stringify(arg)).join(' ');
		const command = `env -u CI -u CONTINUOUS_INTEGRATION -u ARCO_TRACKER -u NODE_ENV ${environment} node ${argv}; echo EXIT=$? > ${JSON.stringify(this.exitFile)}; sleep 600`;
		this.tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'review', '-x', String(columns), '-y', String(rows), '-c', this.root, command);
		// Esc must arrive as Esc at once, not wait for a possible Alt sequence.
		this.tmux('set-option', '-s', 'escape-time', '0');
		for (const [name, value] of serverOptions) this.tmux('set-option', '-s', name, value);
	}

	keys(...keys: string[]): void {
		for (const key of keys) this.tmux('send-keys', '-t', 'review', key);
	}

	/** Literal text, not key names (so `Enter` in a note stays the word). */
	type(text: string): void {
		this.tmux('send-keys', '-t', 'review', '-l', text);
	}

	screen(): string {
		return this.tmux('capture-pane', '-p', '-t', 'review');
	}

	/** Polls the screen until `predicate` holds; a long wait prints the screen now and then. */
	async waitFor(predicate: (screen: string) => boolean, what: string): Promise<string> {
		let screen = this.screen();
		let reported = Date.now();
		while (!predicate(screen)) {
			if (Date.now() - reported > REPORT_EVERY_MS) {
				reported = Date.now();
				console.error(`still waiting for ${what}; screen:\n${screen}`);
			}
			await pause(50);
			screen = this.screen();
		}
		return screen;
	}

	/** Waits for the app to exit and returns `EXIT=<code>`. */
	async exitCode(): Promise<string> {
		const written = () => fs.existsSync(this.exitFile) && fs.readFileSync(this.exitFile, 'utf8') !== '';
		let reported = Date.now();
		while (!written()) {
			if (Date.now() - reported > REPORT_EVERY_MS) {
				reported = Date.now();
				console.error(`still waiting for the app to exit; screen:\n${this.screen()}`);
			}
			await pause(50);
		}
		return fs.readFileSync(this.exitFile, 'utf8').trim();
	}
}

/** The audit to drive: the real snapshot when ../shared is there, else the project's own fixture. */
function fixtureFolder(): { folder: string; name: string } {
	const shared = sharedFixtures();
	const snapshot = shared === null ? null : path.join(shared, 'arco-66d6c8c');
	if (snapshot !== null && fs.existsSync(snapshot)) return { folder: snapshot, name: 'arco-66d6c8c' };
	return { folder: 'lumen-audit', name: 'test/fixtures/lumen-audit' };
}

/**
 * Registers an end-to-end test on the 66d6c8c snapshot, or explains why it cannot run (a failure under CI).
 * Without ../shared it runs on lumen-audit, whose screens it must then hold too; `snapshotOnly` tests assert
 * what only the snapshot shows, and are skipped instead.
 */
export function e2e(title: string, run: (t: ExecutionContext<Context>, terminal: Terminal) => Promise<void>, options: { snapshotOnly?: boolean } = {}): void {
	notice();
	if (missing !== null) {
		if (UNDER_CI) test.serial(title, (t) => t.fail(`${missing}; CI needs it`));
		else test.serial.skip(title, () => {});
		return;
	}
	if (sharedMissing && UNDER_CI) {
		test.serial(title, (t) => t.fail('../shared/fixtures is missing; CI needs it'));
		return;
	}
	if (sharedMissing && options.snapshotOnly) {
		test.serial.skip(`${title} [skipped: it reads arco-66d6c8c, and ../shared/fixtures is missing]`, () => {});
		return;
	}
	test.serial(title, async (t) => {
		const { folder, name } = fixtureFolder();
		t.log(`fixture: ${name}`);
		const repo = copyFixture(folder, { t });
		git(repo.root, ['config', 'user.name', 'E2E Reviewer']);
		git(repo.root, ['config', 'user.email', 'e2e@example.invalid']);
		await run(t, new Terminal(t.context.socket, repo.root));
	});
}

export const MATRIX_TSV = 'release_evidence/2026-03-02-lumen-readiness/phase-1/command-matrix-status.tsv';

/** A tmux test on a lumen-audit copy, which is always there, with a reviewer set and extra matrix rows committed. */
export function e2eLumen(
	title: string,
	matrixRows: Record<string, [number, string]>,
	run: (t: ExecutionContext<Context>, terminal: Terminal) => Promise<void>,
): void {
	notice();
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

/** The overview is drawn with the first gate highlighted. */
export const overviewReady = (screen: string) => screen.includes('Audit date') && /^>\s+0 /m.test(screen);
