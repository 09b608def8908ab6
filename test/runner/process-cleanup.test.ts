/**
 * The process-wide cleanup: a program that is signalled or exits while a run is going must take the
 * run's whole process group with it. Each case runs in its own child process (the registry and the
 * signal handlers are per process), which starts `sh -c 'sleep 30' & sleep 30` and reports its pgid.
 */

import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { until } from '../helpers/wait.js';
import { livingMembers } from './helpers/process-group.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const helper = path.join(repoRoot, 'test', 'runner', 'helpers', 'run-until-signalled.ts');

interface Started {
	child: ChildProcessByStdio<null, Readable, Readable>;
	pgid: number;
	logPath: string;
	output: () => string;
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function startHelper(mode: string): Promise<Started> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'arco-cleanup-'));
	const logPath = path.join(dir, 'run.log');
	const child = spawn(process.execPath, ['--import=tsx', helper, mode, logPath], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
	});
	child.stderr.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
		child.on('exit', (code, signal) => resolve({ code, signal }));
	});
	const pgid = await new Promise<number>((resolve, reject) => {
		const check = (): void => {
			const match = /\{"pgid":(\d+)\}/.exec(stdout);
			if (match) {
				child.stdout.off('data', check);
				resolve(Number(match[1]));
			}
		};
		child.stdout.on('data', check);
		void exited.then(() => reject(new Error(`helper exited early; stderr: ${stderr}`)));
	});
	return { child, pgid, logPath, output: () => stdout, exited };
}

/** The group's last member is gone (SIGKILL is sent; how soon the kernel finishes them is not ours to time). */
async function groupGone(pgid: number): Promise<void> {
	await until(() => livingMembers(pgid).length === 0);
}

function cleanUpAfter(t: { teardown: (fn: () => void) => void }, started: Started): void {
	t.teardown(() => {
		try {
			process.kill(-started.pgid, 'SIGKILL');
		} catch {}
		started.child.kill('SIGKILL');
	});
}

for (const signal of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) {
	test(`${signal} to the program stops the run's whole group, then the program dies of ${signal}`, async (t) => {
		const started = await startHelper('wait');
		cleanUpAfter(t, started);
		t.true(livingMembers(started.pgid).length >= 3, 'shell, background shell and sleeps are running');

		started.child.kill(signal);
		const exit = await started.exited;
		t.deepEqual(exit, { code: null, signal });
		await groupGone(started.pgid);
		// The run was cancelled, not abandoned: its log has a footer.
		t.true((await readFile(started.logPath, 'utf8')).endsWith('# exit_code: 130\n# outcome: cancelled\n'));
	});
}

test('a caller-installed SIGINT handler decides: it records the cancelled run and exits 130', async (t) => {
	const started = await startHelper('interrupt-handler');
	cleanUpAfter(t, started);
	started.child.kill('SIGINT');
	const exit = await started.exited;
	t.deepEqual(exit, { code: 130, signal: null });
	t.true(started.output().includes('{"outcome":"cancelled"}'));
	await groupGone(started.pgid);
});

test('process.exit while a run is going kills the group', async (t) => {
	const started = await startHelper('exit');
	cleanUpAfter(t, started);
	const exit = await started.exited;
	t.deepEqual(exit, { code: 3, signal: null });
	await groupGone(started.pgid);
});
