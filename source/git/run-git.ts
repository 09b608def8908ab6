import { spawn } from 'node:child_process';

/** A git command that exited non-zero or could not start; `exitCode` is null when it never ran. */
export class GitCommandFailed extends Error {
	readonly exitCode: number | null;

	constructor(args: readonly string[], exitCode: number | null, detail: string) {
		super(`git ${args.join(' ')} failed${exitCode === null ? '' : ` (exit ${exitCode})`}: ${detail}`);
		this.name = 'GitCommandFailed';
		this.exitCode = exitCode;
	}
}

export interface GitOptions {
	/** False for read-only commands: no index lock is taken or refreshed (GIT_OPTIONAL_LOCKS=0). */
	optionalLocks?: boolean;
	/** Written to git's stdin, which is then closed (`cat-file --batch` reads its object names there). */
	input?: string | Buffer;
}

/**
 * Runs one git process in `cwd` and resolves with its whole stdout. Read-only callers pass
 * `optionalLocks: false` so a `git status` never takes or refreshes the index lock while a second
 * reviewer's git command runs (what editors do for the same reason). Every git answer this program
 * needs goes through here (or streamGit), so a benchmark can count them.
 */
export async function runGit(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<string> {
	const out: Buffer[] = [];
	await streamGit(cwd, args, (chunk) => out.push(chunk), options);
	return Buffer.concat(out).toString('utf8');
}

/**
 * Runs one git process and hands its stdout to `onStdout` chunk by chunk as it comes, for answers too
 * large to hold at once (every committed version of a file). Resolves when git exited 0.
 */
export function streamGit(cwd: string, args: readonly string[], onStdout: (chunk: Buffer) => void, options: GitOptions = {}): Promise<void> {
	return new Promise((resolve, reject) => {
		const env = options.optionalLocks === false ? { ...process.env, GIT_OPTIONAL_LOCKS: '0' } : process.env;
		const child = spawn('git', args, { cwd, env, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
		const { stdout, stderr } = child;
		if (stdout === null || stderr === null) throw new Error('git was started without pipes');
		const err: Buffer[] = [];
		let failed: unknown = null;
		stdout.on('data', (chunk: Buffer) => {
			if (failed !== null) return;
			try {
				onStdout(chunk);
			} catch (error) {
				// The consumer gave up on this answer: stop git rather than read the rest.
				failed = error;
				child.kill('SIGTERM');
			}
		});
		stderr.on('data', (chunk: Buffer) => err.push(chunk));
		child.on('error', (error) => reject(new GitCommandFailed(args, null, error.message)));
		child.on('close', (code) => {
			if (failed !== null) reject(failed);
			else if (code === 0) resolve();
			else reject(new GitCommandFailed(args, code, Buffer.concat(err).toString('utf8').trim().split('\n')[0] ?? ''));
		});
		if (child.stdin) {
			// git may exit before reading all of its input (a bad revision): its exit code says so, not EPIPE.
			child.stdin.on('error', () => undefined);
			child.stdin.end(options.input);
		}
	});
}

/** The answer, or null when git failed (not a repository, unknown revision, no such key). */
export async function runGitOptional(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<string | null> {
	try {
		return await runGit(cwd, args, options);
	} catch {
		return null;
	}
}
