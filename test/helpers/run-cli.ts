/**
 * Two ways to run arco-review: in-process through main(argv, io) with captured output (fast, used by most
 * tests), and the real binary as a child process (node bin/arco-review.js; needs `npm run build`).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { main } from '../../source/cli.js';
import { PROJECT_ROOT } from './fixture-repo.js';

export interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
}

export interface RunOptions {
	cwd: string;
	/** Added to a copy of process.env without ARCO_TRACKER / ARCO_DEBUG; an undefined value removes a key. */
	env?: Record<string, string | undefined>;
}

function environment(extra: RunOptions['env']): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...process.env };
	delete env['ARCO_TRACKER'];
	delete env['ARCO_DEBUG'];
	for (const [key, value] of Object.entries(extra ?? {})) {
		if (value === undefined) delete env[key];
		else env[key] = value;
	}
	return env;
}

/** A stream that keeps what is written as text: strings as they are, bytes decoded as UTF-8 (a rerun's clean output). */
export function captureStream(): { stream: { write(chunk: string | Uint8Array): boolean; isTTY: false }; text(): string } {
	const decoder = new TextDecoder();
	let text = '';
	return {
		stream: {
			write(chunk) {
				text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
				return true;
			},
			isTTY: false,
		},
		text: () => text + decoder.decode(),
	};
}

/** main(argv, io) in this process: stdout/stderr captured as strings, no terminal. */
export async function runCli(argv: string[], options: RunOptions): Promise<CliResult> {
	const stdout = captureStream();
	const stderr = captureStream();
	const code = await main(argv, { cwd: options.cwd, env: environment(options.env), stdout: stdout.stream, stderr: stderr.stream, stdinIsTty: false });
	return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** Runs a command that must print JSON and exit with `expectedCode`; returns the parsed JSON. */
export async function runJson<T = unknown>(argv: string[], options: RunOptions, expectedCode = 0): Promise<T> {
	const result = await runCli(argv, options);
	if (result.code !== expectedCode) {
		throw new Error(`arco-review ${argv.join(' ')} exited ${result.code} (expected ${expectedCode}): ${result.stderr}`);
	}
	return JSON.parse(result.stdout) as T;
}

export const BINARY = path.join(PROJECT_ROOT, 'bin', 'arco-review.js');
const BUILT_CLI = path.join(PROJECT_ROOT, 'dist', 'cli.js');

export interface BinaryOptions extends RunOptions {
	/** Arguments for node itself, before the script (e.g. --import of a preload). */
	nodeArgs?: string[];
}

/** The real executable as a child process, stdin not a terminal. */
export function runBinary(args: string[], options: BinaryOptions): Promise<CliResult> {
	if (!fs.existsSync(BUILT_CLI)) {
		return Promise.reject(new Error(`${BUILT_CLI} is missing: run \`npm run build\` first (npm test does it in pretest)`));
	}
	return new Promise((resolve, reject) => {
		execFile(
			process.execPath,
			[...(options.nodeArgs ?? []), BINARY, ...args],
			{ cwd: options.cwd, env: environment(options.env), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
			(error, stdout, stderr) => {
				if (error && typeof error.code !== 'number') {
					reject(error);
					return;
				}
				resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
			},
		);
	});
}

/** Lines of a stack trace (`    at fn (file:1:2)`). */
export function stackLines(text: string): string[] {
	return text.split('\n').filter((line) => /^\s+at\s/.test(line));
}
