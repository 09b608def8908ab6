/** Starts the json-worker helper as a real child process (its own pid, killable with SIGKILL). */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WORKER = fileURLToPath(new URL('json-worker.ts', import.meta.url));
const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface Worker {
	child: ChildProcess;
	/** Resolves when the process has exited (and been reaped, so its pid no longer answers). */
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
	/** Resolves when the worker printed `line`; rejects if it exits first. */
	printed(line: string): Promise<void>;
}

export function startWorker(args: string[]): Worker {
	const child = spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
	let stdout = '';
	let stderr = '';
	child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
		child.on('close', (code, signal) => resolve({ code, signal, stderr }));
	});
	const printed = (line: string) =>
		new Promise<void>((resolve, reject) => {
			const check = () => {
				if (stdout.split('\n').includes(line)) resolve();
			};
			child.stdout?.on('data', check);
			check();
			void exited.then(({ code, signal, stderr: errors }) => reject(new Error(`worker exited (${code ?? signal}) before printing ${line}: ${errors}`)));
		});
	return { child, exited, printed };
}

/** The pid of a process that has already exited. */
export async function deadPid(): Promise<number> {
	const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
	const pid = child.pid;
	await new Promise((resolve) => child.on('close', resolve));
	if (pid === undefined) throw new Error('could not start a process');
	return pid;
}
