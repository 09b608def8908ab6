import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, realpath, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { chooseShell, type OutputSnapshot, type RunHandle, startRun } from '../../source/runner/index.js';
import { until } from '../helpers/wait.js';
import { isRunning, livingDescendants, livingMembers } from './helpers/process-group.js';

const helpers = path.join(path.dirname(fileURLToPath(import.meta.url)), 'helpers');

async function tempDir(): Promise<string> {
	return mkdtemp(path.join(os.tmpdir(), 'arco-runner-'));
}

function shellQuote(text: string): string {
	return `'${text.replace(/'/g, `'\\''`)}'`;
}

// The shell a run gets without asking: bash from PATH, else /bin/sh.
const DEFAULT_SHELL = chooseShell(null)?.path ?? '/bin/sh';

async function waitForOutput(handle: RunHandle, text: string): Promise<void> {
	await until(() => handle.snapshot().lines.some((line) => line.includes(text)));
}

/** A pid written to a file by a command, once it is there. */
async function pidFrom(file: string): Promise<number> {
	let pid = Number.NaN;
	await until(() => {
		pid = existsSync(file) ? Number.parseInt(readFileSync(file, 'utf8'), 10) : Number.NaN;
		return Number.isInteger(pid) && pid > 1;
	});
	return pid;
}

test('a passing command: outcome passed/0, log has header, output and footer', async (t) => {
	const dir = await tempDir();
	const logPath = path.join(dir, 'nested', 'logs', 'check.log');
	const handle = startRun({ command: 'echo hello; echo oops >&2', cwd: dir, logPath, head: 'a1b2c3d', dirty: true });
	const result = await handle.done;

	t.deepEqual(result.outcome, { kind: 'passed', exitCode: 0 });
	t.is(result.exitCode, 0);
	t.is(result.logPath, logPath);
	t.is(result.previousLog, null);
	t.regex(result.startUtc, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
	t.regex(result.endUtc, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
	t.true(result.durationMs >= 0);

	const log = await readFile(logPath, 'utf8');
	const expectedHeader = `# command: echo hello; echo oops >&2\n# shell: ${DEFAULT_SHELL}\n# start_utc: ${result.startUtc}\n# head: a1b2c3d\n# dirty: true\n`;
	t.true(log.startsWith(expectedHeader), log);
	const body = log.slice(expectedHeader.length);
	t.true(body.includes('hello\n') && body.includes('oops\n'), body);
	t.true(log.endsWith(`# end_utc: ${result.endUtc}\n# exit_code: 0\n`), log);
	t.false(log.includes('# outcome:'));
	t.deepEqual([...handle.snapshot().lines].sort(), ['hello', 'oops']);
	t.false(handle.snapshot().running);
});

test('header without head or dirty has just command, shell and start', async (t) => {
	const dir = await tempDir();
	const logPath = path.join(dir, 'plain.log');
	const result = await startRun({ command: 'true', cwd: dir, logPath, head: null, dirty: false }).done;
	t.is(
		await readFile(logPath, 'utf8'),
		`# command: true\n# shell: ${DEFAULT_SHELL}\n# start_utc: ${result.startUtc}\n# end_utc: ${result.endUtc}\n# exit_code: 0\n`,
	);
});

test("bash runs the commands when it is on PATH: the audits' bash constructs work", async (t) => {
	const dir = await tempDir();
	const shell = chooseShell(null);
	if (!shell?.isBash) {
		t.log('bash is not on PATH here: /bin/sh runs the commands');
		t.is(DEFAULT_SHELL, '/bin/sh');
		return;
	}
	const logPath = path.join(dir, 'bash.log');
	// `${!v}` (indirect expansion) is bash's: dash answers "Bad substitution" and exit 2.
	// biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, not a template
	const command = 'PROBE=yes; v=PROBE; echo "indirect=${!v:-}"';
	const handle = startRun({ command, cwd: dir, logPath });
	const result = await handle.done;
	t.deepEqual(result.outcome, { kind: 'passed', exitCode: 0 });
	t.deepEqual(handle.snapshot().lines, ['indirect=yes']);
	t.regex(await readFile(logPath, 'utf8'), /^# shell: \/\S*bash$/m);
	t.is(handle.shell, shell.path);
});

test('the shell can be chosen; the log header records it', async (t) => {
	const dir = await tempDir();
	const logPath = path.join(dir, 'sh.log');
	const handle = startRun({ command: 'echo "$0"', shell: '/bin/sh', cwd: dir, logPath });
	await handle.done;
	t.deepEqual(handle.snapshot().lines, ['/bin/sh']);
	t.regex(await readFile(logPath, 'utf8'), /^# shell: \/bin\/sh$/m);
	t.throws(() => startRun({ command: 'true', shell: 'sh', cwd: dir, logPath }), { message: /shell must be an absolute path/ });
});

test('the command sees the run marker its descendants inherit (ARCO_REVIEW_RUNS)', async (t) => {
	const dir = await tempDir();
	const handle = startRun({ command: 'echo "marker=$ARCO_REVIEW_RUNS"', cwd: dir, logPath: path.join(dir, 'marker.log'), env: { ARCO_REVIEW_RUNS: 'outer' } });
	await handle.done;
	t.regex(handle.snapshot().lines[0] ?? '', /^marker=outer:[0-9a-f]{16}$/, 'an outer run stays in the list');
});

test('runs from the given cwd with stdin closed to input', async (t) => {
	const dir = await realpath(await tempDir());
	const logPath = path.join(dir, 'cwd.log');
	const handle = startRun({ command: 'pwd; read line; echo "read=$?"', cwd: dir, logPath });
	const result = await handle.done;
	t.is(result.outcome.kind, 'passed');
	// `read` meets end of input at once instead of waiting on our terminal.
	t.deepEqual(handle.snapshot().lines, [dir, 'read=1']);
});

test('a failing command is failed with its own exit code', async (t) => {
	const dir = await tempDir();
	const logPath = path.join(dir, 'fail.log');
	const result = await startRun({ command: 'echo before; exit 3', cwd: dir, logPath }).done;
	t.deepEqual(result.outcome, { kind: 'failed', exitCode: 3 });
	t.is(result.exitCode, 3);
	const log = await readFile(logPath, 'utf8');
	t.true(log.endsWith('# exit_code: 3\n'), log);
	t.false(log.includes('# outcome:'));
});

test('a command killed by a signal we did not send fails with 128 + the signal number', async (t) => {
	const dir = await tempDir();
	const result = await startRun({ command: 'kill -USR1 $$', cwd: dir, logPath: path.join(dir, 'signal.log') }).done;
	t.deepEqual(result.outcome, { kind: 'failed', exitCode: 128 + os.constants.signals.SIGUSR1, signal: 'SIGUSR1' });
});

test('a command that is not found fails with the shell status 127 and its message in the output', async (t) => {
	const dir = await tempDir();
	const handle = startRun({ command: 'definitely-not-a-command-xyz', cwd: dir, logPath: path.join(dir, 'nf.log') });
	const result = await handle.done;
	t.deepEqual(result.outcome, { kind: 'failed', exitCode: 127 });
	t.true(handle.snapshot().lines.join('\n').includes('definitely-not-a-command-xyz'));
});

test('a missing working directory is failed-to-start/127 with a message, recorded in the log', async (t) => {
	const dir = await tempDir();
	const marker = path.join(dir, 'ran');
	const logPath = path.join(dir, 'nostart.log');
	const result = await startRun({ command: `touch ${shellQuote(marker)}`, cwd: path.join(dir, 'missing'), logPath }).done;
	t.is(result.outcome.kind, 'failed-to-start');
	t.is(result.exitCode, 127);
	if (result.outcome.kind === 'failed-to-start') t.regex(result.outcome.message, /working directory does not exist/);
	const log = await readFile(logPath, 'utf8');
	t.true(log.includes('# exit_code: 127\n# outcome: failed-to-start\n# error: working directory does not exist'), log);
	t.false(existsSync(marker));
});

test('cancel: outcome cancelled/130, never 0, footer says so', async (t) => {
	const dir = await tempDir();
	const logPath = path.join(dir, 'cancel.log');
	const handle = startRun({ command: 'echo started; sleep 30', cwd: dir, logPath });
	await waitForOutput(handle, 'started');
	handle.cancel();
	const result = await handle.done;
	t.deepEqual(result.outcome, { kind: 'cancelled', exitCode: 130 });
	const log = await readFile(logPath, 'utf8');
	t.true(log.endsWith('# exit_code: 130\n# outcome: cancelled\n'), log);
});

test('a command that exits 0 on SIGTERM is still cancelled, not passed', async (t) => {
	const dir = await tempDir();
	const handle = startRun({ command: "trap 'exit 0' TERM; echo armed; sleep 30 & wait", cwd: dir, logPath: path.join(dir, 'zero.log') });
	await waitForOutput(handle, 'armed');
	handle.cancel();
	const result = await handle.done;
	t.deepEqual(result.outcome, { kind: 'cancelled', exitCode: 130 });
});

test('cancel before the command starts: cancelled, nothing runs', async (t) => {
	const dir = await tempDir();
	const marker = path.join(dir, 'ran');
	const handle = startRun({ command: `touch ${shellQuote(marker)}`, cwd: dir, logPath: path.join(dir, 'early.log') });
	handle.cancel();
	const result = await handle.done;
	t.deepEqual(result.outcome, { kind: 'cancelled', exitCode: 130 });
	t.is(handle.pid, undefined, 'no process was ever started');
	t.false(existsSync(marker));
});

test('timeout: outcome timed-out/124 even if the command exits 0 on SIGTERM', async (t) => {
	const dir = await tempDir();
	const logPath = path.join(dir, 'timeout.log');
	const result = await startRun({ command: "trap 'exit 0' TERM; sleep 30 & wait", cwd: dir, logPath, timeoutMs: 400 }).done;
	t.deepEqual(result.outcome, { kind: 'timed-out', exitCode: 124 });
	t.true(result.durationMs >= 400, 'not stopped before its time');
	const log = await readFile(logPath, 'utf8');
	t.true(log.endsWith('# exit_code: 124\n# outcome: timed-out\n'), log);
});

test('a command that finishes before its timeout is not affected by it', async (t) => {
	const dir = await tempDir();
	const result = await startRun({ command: 'echo quick', cwd: dir, logPath: path.join(dir, 'quick.log'), timeoutMs: 5000 }).done;
	t.deepEqual(result.outcome, { kind: 'passed', exitCode: 0 });
});

test('cancel kills the whole group: a grandchild is gone, where killing the shell alone leaves it running', async (t) => {
	const dir = await tempDir();
	const grandchild = (file: string) => `sh -c 'echo $$ > ${file}; exec sleep 1000' & echo started; sleep 1000`;

	// Control: killing only the shell, as a naive runner would, leaves the grandchild running. This shows
	// the assertion below can fail.
	const naive = spawn('/bin/sh', ['-c', grandchild(path.join(dir, 'control.pid'))], { stdio: 'ignore', detached: true });
	const naivePid = naive.pid;
	if (naivePid === undefined) throw new Error('control shell did not start');
	t.teardown(() => {
		try {
			process.kill(-naivePid, 'SIGKILL');
		} catch {}
	});
	const controlGrandchild = await pidFrom(path.join(dir, 'control.pid'));
	naive.kill('SIGTERM');
	await until(() => !isRunning(naivePid));
	t.true(isRunning(controlGrandchild), 'control: a grandchild outlives a kill of the shell alone');

	const handle = startRun({ command: grandchild(path.join(dir, 'run.pid')), cwd: dir, logPath: path.join(dir, 'group.log') });
	const runGrandchild = await pidFrom(path.join(dir, 'run.pid'));
	const pgid = handle.pid;
	if (pgid === undefined) throw new Error('run did not start');
	handle.cancel();
	const result = await handle.done;
	t.is(result.outcome.kind, 'cancelled');
	t.false(isRunning(runGrandchild), 'the grandchild of a cancelled run does not survive');
	t.deepEqual(livingMembers(pgid), []);
});

test('cancel also stops descendants that left the group (setsid): nothing is left running', async (t) => {
	const dir = await tempDir();
	// The issue's own case.
	const command = "sh -c 'setsid sleep 1000 & sleep 1000 & wait'";

	// Control: a signal to the group alone misses the setsid'd sleep, which is in a session of its own.
	const control = spawn('/bin/sh', ['-c', command], { stdio: 'ignore', detached: true });
	const controlPid = control.pid;
	if (controlPid === undefined) throw new Error('control shell did not start');
	let controlSleeps: number[] = [];
	await until(() => (controlSleeps = sleepsUnder(controlPid)).length === 2);
	const controlEscapee = livingDescendants(controlPid).find((stat) => stat.command === 'sleep' && stat.pgid !== controlPid);
	t.teardown(() => {
		for (const pid of controlSleeps) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {}
		}
	});
	t.truthy(controlEscapee, 'setsid put one sleep in another process group');
	process.kill(-controlPid, 'SIGTERM');
	await until(() => livingMembers(controlPid).length === 0);
	t.true(isRunning(controlEscapee?.pid ?? 0), 'control: the setsid descendant outlives a signal to the group');

	const handle = startRun({ command, cwd: dir, logPath: path.join(dir, 'setsid.log') });
	await until(() => handle.pid !== undefined);
	const pgid = handle.pid ?? 0;
	let sleeps: number[] = [];
	await until(() => (sleeps = sleepsUnder(pgid)).length === 2);
	handle.cancel();
	const result = await handle.done;
	t.is(result.outcome.kind, 'cancelled');
	// SIGKILL was sent to each; how soon the kernel finishes them is not ours to time.
	await until(() => sleeps.every((pid) => !isRunning(pid)));
	t.pass('both sleeps are gone, the one in its own session too');
});

/** The value of ARCO_REVIEW_RUNS in a process's environment, or null. */
function runMarkerOf(pid: number): string | null {
	const variables = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
	return variables.find((variable) => variable.startsWith('ARCO_REVIEW_RUNS='))?.slice('ARCO_REVIEW_RUNS='.length) ?? null;
}

test('cancel finds a setsid descendant by its parent link when its environment is wiped (env -i)', async (t) => {
	const dir = await tempDir();
	// Its parent, the shell, is alive: only the walk down the parent links finds it, as env -i drops the marker.
	const handle = startRun({ command: 'setsid env -i sleep 1000 & echo started; wait', cwd: dir, logPath: path.join(dir, 'walk.log') });
	const pgid = await waitForPid(handle);
	let escapee: number | undefined;
	await until(() => (escapee = livingDescendants(pgid).find((stat) => stat.command === 'sleep' && stat.pgid !== pgid)?.pid) !== undefined);
	const pid = escapee ?? 0;
	t.teardown(() => {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {}
	});
	t.is(runMarkerOf(pid), null, 'control: the marker cannot find it');
	handle.cancel();
	t.is((await handle.done).outcome.kind, 'cancelled');
	await until(() => !isRunning(pid));
	t.pass();
});

test('cancel finds a setsid descendant by its run marker after its parent died', async (t) => {
	const dir = await tempDir();
	const pidFile = path.join(dir, 'orphan.pid');
	// The subshell exits at once: the sleep is re-parented, out of the run's tree by parent links.
	const handle = startRun({
		command: `(setsid sh -c 'echo $$ > ${pidFile}; exec sleep 1000' &); echo started; sleep 1000`,
		cwd: dir,
		logPath: path.join(dir, 'orphan.log'),
	});
	const pgid = await waitForPid(handle);
	const orphan = await pidFrom(pidFile);
	t.teardown(() => {
		try {
			process.kill(orphan, 'SIGKILL');
		} catch {}
	});
	await until(() => isRunning(orphan) && !livingDescendants(pgid).some((stat) => stat.pid === orphan));
	t.not(runMarkerOf(orphan), null, 'it carries the run marker');
	handle.cancel();
	t.is((await handle.done).outcome.kind, 'cancelled');
	await until(() => !isRunning(orphan));
	t.pass();
});

test('a command that ends on its own stops its group only: a setsid daemon it started stays', async (t) => {
	const dir = await tempDir();
	const pidFile = path.join(dir, 'daemon.pid');
	const command = `setsid sh -c 'echo $$ > ${pidFile}; exec sleep 1000' >/dev/null 2>&1 & while [ ! -s ${pidFile} ]; do sleep 0.05; done; echo done`;
	const handle = startRun({ command, cwd: dir, logPath: path.join(dir, 'daemon.log') });
	const daemon = await pidFrom(pidFile);
	t.teardown(() => {
		try {
			process.kill(daemon, 'SIGKILL');
		} catch {}
	});
	const result = await handle.done;
	t.deepEqual(result.outcome, { kind: 'passed', exitCode: 0 });
	// Had it been signalled with the group, the run would have waited for it to die before `done`.
	t.true(isRunning(daemon), 'the daemon a finished check started is not ours to stop');
});

/** The `sleep` processes below `pid`. */
function sleepsUnder(pid: number): number[] {
	return livingDescendants(pid)
		.filter((stat) => stat.command === 'sleep')
		.map((stat) => stat.pid);
}

test('a group that ignores SIGTERM gets SIGKILL after the grace period', async (t) => {
	const dir = await tempDir();
	const graceMs = 600;
	// `trap '' TERM` is inherited by sleep, so nothing in the group dies of SIGTERM.
	const handle = startRun({ command: "trap '' TERM; echo armed; sleep 30", cwd: dir, logPath: path.join(dir, 'stubborn.log'), graceMs });
	await waitForOutput(handle, 'armed');
	const pgid = handle.pid;
	if (pgid === undefined) throw new Error('run did not start');
	const cancelledAt = performance.now();
	handle.cancel();
	// Checked in the same turn as the cancel: SIGKILL is a timer, so nothing can have killed them yet.
	t.true(livingMembers(pgid).length > 0, 'still alive after SIGTERM');
	const result = await handle.done;
	const waited = performance.now() - cancelledAt;
	t.deepEqual(result.outcome, { kind: 'cancelled', exitCode: 130 });
	t.true(waited >= graceMs - 20, `SIGKILL came after the grace period (${waited} ms)`);
	await until(() => livingMembers(pgid).length === 0);
});

test('cancelling twice sends SIGKILL at once', async (t) => {
	const dir = await tempDir();
	// A grace period longer than the test may run: only the second cancel can end it in time.
	const handle = startRun({ command: "trap '' TERM; echo armed; sleep 1000", cwd: dir, logPath: path.join(dir, 'twice.log'), graceMs: 3_600_000 });
	await waitForOutput(handle, 'armed');
	handle.cancel();
	handle.cancel();
	const result = await handle.done;
	t.is(result.outcome.kind, 'cancelled');
});

test('background jobs left behind by a finished command are stopped', async (t) => {
	const dir = await tempDir();
	const pidFile = path.join(dir, 'job.pid');
	const handle = startRun({
		command: `sh -c 'echo $$ > ${pidFile}; exec sleep 1000' >/dev/null 2>&1 & while [ ! -s ${pidFile} ]; do sleep 0.05; done; echo done`,
		cwd: dir,
		logPath: path.join(dir, 'bg.log'),
	});
	const pgid = await waitForPid(handle);
	const job = await pidFrom(pidFile);
	const result = await handle.done;
	t.deepEqual(result.outcome, { kind: 'passed', exitCode: 0 });
	await until(() => !isRunning(job) && livingMembers(pgid).length === 0);
	t.pass();
});

async function waitForPid(handle: RunHandle): Promise<number> {
	await until(() => handle.pid !== undefined);
	return handle.pid ?? 0;
}

test('the previous log is kept under a timestamped name and returned', async (t) => {
	const dir = await tempDir();
	const logPath = path.join(dir, 'rollback_syntax.log');
	const first = await startRun({ command: 'echo first run', cwd: dir, logPath }).done;
	t.is(first.previousLog, null);
	const firstLog = await readFile(logPath, 'utf8');

	const second = await startRun({ command: 'echo second run', cwd: dir, logPath }).done;
	// Stamped with the start of the run it records: the first one.
	const compactStart = first.startUtc.replace(/[-:]/g, '');
	t.is(second.previousLog, path.join(dir, `rollback_syntax.${compactStart}.log`));
	t.is(await readFile(second.previousLog ?? '', 'utf8'), firstLog);
	t.true((await readFile(logPath, 'utf8')).includes('second run'));

	// A third run in the same second must not overwrite the second run's kept log.
	const third = await startRun({ command: 'echo third run', cwd: dir, logPath }).done;
	t.not(third.previousLog, second.previousLog);
	t.true((await readFile(third.previousLog ?? '', 'utf8')).includes('second run'));
	t.is(await readFile(second.previousLog ?? '', 'utf8'), firstLog);
});

test('done rejects with a clear error when the log cannot be created, and nothing runs', async (t) => {
	const dir = await tempDir();
	const notADirectory = path.join(dir, 'file');
	await writeFile(notADirectory, 'x');
	const marker = path.join(dir, 'ran');
	const logPath = path.join(notADirectory, 'logs', 'x.log');
	const handle = startRun({ command: `touch ${shellQuote(marker)}`, cwd: dir, logPath });
	const error = await t.throwsAsync(handle.done);
	t.true(error?.message.includes(logPath), error?.message);
	t.false(existsSync(marker));
});

test('invalid options throw synchronously', (t) => {
	t.throws(() => startRun({ command: 'true', cwd: '.', logPath: 'relative.log' }), { message: /absolute/ });
	t.throws(() => startRun({ command: '  ', cwd: '.', logPath: '/tmp/x.log' }), { message: /command/ });
	t.throws(() => startRun({ command: 'true', cwd: '.', logPath: '/tmp/x.log', timeoutMs: 0 }), { message: /timeoutMs/ });
	t.throws(() => startRun({ command: 'true', cwd: '.', logPath: '/tmp/x.log', tailLines: 0 }), { message: /tailLines/ });
});

test('env is merged over the parent environment', async (t) => {
	const dir = await tempDir();
	const handle = startRun({
		// biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, not a template
		command: 'echo "$ARCO_TEST_VALUE:${PATH:+has-path}"',
		cwd: dir,
		logPath: path.join(dir, 'env.log'),
		env: { ARCO_TEST_VALUE: 'set' },
	});
	await handle.done;
	t.deepEqual(handle.snapshot().lines, ['set:has-path']);
});

test('a multibyte character split across two chunks displays intact', async (t) => {
	const dir = await tempDir();
	const emitter = path.join(helpers, 'emit-chunks.mjs');
	// "€" is e2 82 ac: the first two bytes arrive 150 ms before the last one.
	const command = `${shellQuote(process.execPath)} ${shellQuote(emitter)} 7072696365203a20e282 +150 ac0a`;
	const logPath = path.join(dir, 'utf8.log');
	const handle = startRun({ command, cwd: dir, logPath });
	const result = await handle.done;
	t.is(result.outcome.kind, 'passed');
	t.deepEqual(handle.snapshot().lines, ['price : €']);
	t.true((await readFile(logPath, 'utf8')).includes('price : €\n'));
});

test('invalid UTF-8 shows as U+FFFD while the log keeps the raw bytes', async (t) => {
	const dir = await tempDir();
	const logPath = path.join(dir, 'invalid.log');
	const handle = startRun({ command: "printf 'a\\377b\\n'", cwd: dir, logPath });
	await handle.done;
	t.deepEqual(handle.snapshot().lines, ['a\uFFFDb']);
	const raw = await readFile(logPath);
	t.true(raw.includes(Buffer.from([0x61, 0xff, 0x62, 0x0a])));
});

test('a \\r progress line shows its last state, finished or in progress', async (t) => {
	const dir = await tempDir();
	const finished = startRun({ command: "printf '10%%\\r20%%\\r30%%\\n'; printf 'crlf\\r\\n'", cwd: dir, logPath: path.join(dir, 'progress.log') });
	await finished.done;
	t.deepEqual(finished.snapshot().lines, ['30%', 'crlf']);

	const inProgress = startRun({ command: "printf 'step 1\\rstep 2\\rstep 3'; sleep 30", cwd: dir, logPath: path.join(dir, 'progress2.log') });
	await waitForOutput(inProgress, 'step 3');
	const snapshot = inProgress.snapshot();
	t.deepEqual(snapshot.lines, ['step 3']);
	t.true(snapshot.running);
	inProgress.cancel();
	await inProgress.done;
});

test('a very long line is split into rows for display', async (t) => {
	const dir = await tempDir();
	const handle = startRun({
		command: "head -c 2500 /dev/zero | tr '\\000' x; echo; echo next",
		cwd: dir,
		logPath: path.join(dir, 'long.log'),
		maxLineWidth: 1000,
	});
	await handle.done;
	const { lines, totalLines } = handle.snapshot();
	t.deepEqual(
		lines.map((line) => line.length),
		[1000, 1000, 500, 4],
	);
	t.true(lines.slice(0, 3).every((line) => /^x+$/.test(line)));
	t.is(totalLines, 4);
});

test('escape sequences and control characters never reach the snapshot lines; the log keeps them', async (t) => {
	const dir = await tempDir();
	const logPath = path.join(dir, 'escapes.log');
	const command = "printf '\\033]0;evil title\\007\\033[31mred\\033[0m \\033]52;c;ZXZpbA==\\007ok\\033[2J\\bx\\n\\342\\200\\256bidi\\n'";
	const handle = startRun({ command, cwd: dir, logPath });
	await handle.done;
	const { lines } = handle.snapshot();
	t.deepEqual(lines, ['red okx', 'bidi']);
	for (const line of lines) t.false(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/.test(line), JSON.stringify(line));
	t.true((await readFile(logPath, 'utf8')).includes('\u001B]52;c;ZXZpbA==\u0007'));
});

test('snapshots are throttled, carry a running flag, and end with a final one', async (t) => {
	const dir = await tempDir();
	const snapshots: Array<OutputSnapshot & { at: number }> = [];
	// 60 lines, one every 10 ms: unthrottled this would be ~60 updates.
	const command = 'i=0; while [ $i -lt 60 ]; do echo line $i; i=$((i+1)); sleep 0.01; done';
	const handle = startRun({
		command,
		cwd: dir,
		logPath: path.join(dir, 'throttle.log'),
		onSnapshot: (snapshot) => snapshots.push({ ...snapshot, at: Date.now() }),
	});
	const result = await handle.done;
	t.is(result.outcome.kind, 'passed');
	const final = snapshots.at(-1);
	t.is(final?.running, false);
	t.is(final?.totalLines, 60);
	t.is(final?.lines.at(-1), 'line 59');
	t.true(snapshots.slice(0, -1).every((snapshot) => snapshot.running));
	const durationMs = result.durationMs;
	t.true(snapshots.length >= 2, `${snapshots.length} snapshots`);
	t.true(snapshots.length <= Math.ceil(durationMs / 75) + 2, `${snapshots.length} snapshots in ${durationMs} ms`);
	const running = snapshots.filter((snapshot) => snapshot.running);
	for (let index = 1; index < running.length; index += 1) {
		const gap = (running[index]?.at ?? 0) - (running[index - 1]?.at ?? 0);
		t.true(gap >= 70, `gap of ${gap} ms`);
	}
});

test('subscribe and unsubscribe on the handle', async (t) => {
	const dir = await tempDir();
	const handle = startRun({ command: 'echo a; sleep 0.3; echo b', cwd: dir, logPath: path.join(dir, 'sub.log') });
	const kept: OutputSnapshot[] = [];
	const dropped: OutputSnapshot[] = [];
	handle.subscribe((snapshot) => kept.push(snapshot));
	const unsubscribe = handle.subscribe((snapshot) => dropped.push(snapshot));
	unsubscribe();
	await handle.done;
	t.deepEqual(kept.at(-1)?.lines, ['a', 'b']);
	t.is(dropped.length, 0);
});

// stdout and stderr share the log's descriptor, so the output is followed as one stream, in write order.
test('onOutput receives the raw bytes of both streams as they arrive, in order, as stdout', async (t) => {
	const dir = await tempDir();
	const received = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
	const handle = startRun({
		command: "printf 'out \\377\\n'; printf 'err\\n' >&2; printf 'tail'",
		cwd: dir,
		logPath: path.join(dir, 'raw.log'),
		onOutput: (chunk, source) => received[source].push(Buffer.from(chunk)),
	});
	await handle.done;
	t.deepEqual(Buffer.concat(received.stdout), Buffer.from([...Buffer.from('out '), 0xff, 0x0a, ...Buffer.from('err\n'), ...Buffer.from('tail')]));
	t.deepEqual(received.stderr, []);
});
