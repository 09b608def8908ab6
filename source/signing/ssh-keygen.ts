import { spawn } from 'node:child_process';
import { UserError } from '../errors.js';
import { onAbruptExit } from '../writers/exit-cleanup.js';

export interface SshKeygenResult {
	/** Null when it was killed (the time limit). */
	code: number | null;
	stdout: string;
	stderr: string;
}

/** ssh-keygen is not on PATH: signing is refused; checking says "not checked" and goes on. */
export class SshKeygenMissing extends UserError {
	constructor() {
		super('ssh-keygen is not installed (Debian: apt-get install openssh-client); it makes and checks signed sign-offs');
		this.name = 'SshKeygenMissing';
	}
}

// Signing through a hardware key or an agent that asks for confirmation can take a while; a hung one must not hang us.
const TIME_LIMIT_MS = 60_000;

/**
 * Runs ssh-keygen (signing, verifying) with `input` on stdin. It runs in a session of its own, without a
 * controlling terminal, and with SSH_ASKPASS_REQUIRE=never: a key with a passphrase and no agent fails
 * at once instead of prompting on the reviewer's terminal behind the UI. Being in a group of its own it
 * would outlive us on SIGINT, SIGTERM or SIGHUP, so its group is killed then.
 */
export function runSshKeygen(args: readonly string[], input?: Buffer): Promise<SshKeygenResult> {
	return new Promise((resolve, reject) => {
		const child = spawn('ssh-keygen', args, {
			detached: true,
			stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
			env: { ...process.env, SSH_ASKPASS_REQUIRE: 'never' },
		});
		const killGroup = (): void => {
			try {
				if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
			} catch {
				// Already gone.
			}
		};
		const forget = child.pid === undefined ? () => undefined : onAbruptExit(killGroup);
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		const limit = setTimeout(killGroup, TIME_LIMIT_MS);
		child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
		child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
		child.on('error', (error: NodeJS.ErrnoException) => {
			clearTimeout(limit);
			forget();
			reject(error.code === 'ENOENT' ? new SshKeygenMissing() : error);
		});
		child.on('close', (code) => {
			clearTimeout(limit);
			forget();
			resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
		});
		if (child.stdin) {
			// ssh-keygen may exit before reading everything (a bad key): that is its answer, not our error.
			child.stdin.on('error', () => undefined);
			child.stdin.end(input);
		}
	});
}

/** The first line of ssh-keygen's complaint, without the progress lines it prints on success too. */
export function firstProblemLine(stderr: string): string {
	const lines = stderr
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line !== '' && !/^Signing (data|file)/.test(line) && !/^Write signature/.test(line));
	return lines[0] ?? 'no reason given';
}
