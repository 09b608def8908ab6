/** SSH keys, allowed-signers files and ssh-agents for the signing tests, made with the real ssh-keygen. */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ExecutionContext } from 'ava';
import { TEMP_BASE } from '../../signoff/helpers/audit-repo.js';

export interface TestKey {
	name: string;
	privateKey: string;
	publicKey: string;
	/** `ssh-ed25519 AAAA… name`. */
	publicText: string;
	/** `SHA256:…` as ssh-keygen prints it. */
	fingerprint: string;
}

export function keyFolder(t: ExecutionContext): string {
	const folder = fs.realpathSync(fs.mkdtempSync(path.join(TEMP_BASE, 'arco-keys-')));
	t.teardown(() => fs.rmSync(folder, { recursive: true, force: true }));
	return folder;
}

export function makeKey(folder: string, name: string, passphrase = ''): TestKey {
	const privateKey = path.join(folder, name);
	execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', name, '-f', privateKey], { stdio: 'ignore' });
	const publicKey = `${privateKey}.pub`;
	const fingerprint = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', publicKey], { encoding: 'utf8' }).split(' ')[1] ?? '';
	return { name, privateKey, publicKey, publicText: fs.readFileSync(publicKey, 'utf8').trim(), fingerprint };
}

/** One allowed-signers line: `principal [options] key`. */
export function allowedLine(principal: string, key: TestKey, options = ''): string {
	return `${principal}${options ? ` ${options}` : ''} ${key.publicText}`;
}

/** A running ssh-agent holding `keys`, killed by pid when the test ends; its environment for child processes. */
export function startAgent(t: ExecutionContext, keys: TestKey[]): Record<string, string> {
	const output = execFileSync('ssh-agent', ['-s'], { encoding: 'utf8' });
	const socket = /SSH_AUTH_SOCK=([^;]+);/.exec(output)?.[1];
	const pid = Number(/SSH_AGENT_PID=(\d+);/.exec(output)?.[1]);
	if (!socket || !Number.isInteger(pid)) throw new Error(`cannot read ssh-agent's output: ${output}`);
	t.teardown(() => {
		try {
			process.kill(pid, 'SIGTERM');
		} catch {
			// Already gone.
		}
	});
	const env = { SSH_AUTH_SOCK: socket, SSH_AGENT_PID: String(pid) };
	for (const key of keys) {
		const added = spawnSync('ssh-add', ['-q', key.privateKey], { env: { ...process.env, ...env }, stdio: 'pipe' });
		if (added.status !== 0) throw new Error(`ssh-add ${key.name}: ${added.stderr.toString()}`);
	}
	return env;
}
