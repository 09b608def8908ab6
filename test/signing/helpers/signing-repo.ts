/** Audit repositories set up for signing, and `verify --json` as the tests read it. */
import fs from 'node:fs';
import path from 'node:path';
import type { ExecutionContext } from 'ava';
import { git, makeRepo, type Profile, runBin } from '../../signoff/helpers/audit-repo.js';

export const ALLOWED = 'allowed_signers';

export interface SigningSetup {
	/** Lines of the repository's allowed-signers file (named in .arco-review.json); none: no file, no setting. */
	allowed?: string[];
	requireSigned?: boolean | 'GO';
	gateSigners?: Record<string, string[]>;
}

/** A copy of the audit with the signing setup committed, so it does not count as an uncommitted change. */
export function signingRepo(t: ExecutionContext, profile: Profile, setup: SigningSetup): string {
	return makeRepo(t, profile, {
		prepare: (root) => {
			const config: Record<string, unknown> = { tracker: profile.tracker };
			if (setup.allowed) {
				fs.writeFileSync(path.join(root, ALLOWED), `${setup.allowed.join('\n')}\n`);
				config['allowed_signers'] = ALLOWED;
			}
			if (setup.requireSigned !== undefined) config['require_signed'] = setup.requireSigned;
			if (setup.gateSigners) config['gate_signers'] = setup.gateSigners;
			fs.writeFileSync(path.join(root, '.arco-review.json'), `${JSON.stringify(config, null, 2)}\n`);
		},
	});
}

/** git config gpg.format ssh and user.signingKey, in the repository's own config. */
export function useGitKey(root: string, key: string): void {
	git(root, ['config', 'gpg.format', 'ssh']);
	git(root, ['config', 'user.signingKey', key]);
}

export interface SignatureJson {
	state: string;
	principal?: string;
	recorded?: string;
	fingerprint?: string;
	detail?: string;
}

export interface VerifyJson {
	code: number | null;
	stdout: string;
	ok: boolean;
	problems: string[];
	warnings: string[];
	allowed_signers: { file: string | null; source: string | null; overridden: string | null; problem: string | null } | null;
	signoffs: Array<{ line: number; subject: string; signature: SignatureJson }>;
}

/** `arco-review verify --json` through the real executable. */
export async function verifyJson(root: string, env: Record<string, string | undefined> = {}): Promise<VerifyJson> {
	const result = await runBin(['verify', '--json'], root, env);
	return { code: result.code, stdout: result.stdout, ...(JSON.parse(result.stdout) as Omit<VerifyJson, 'code' | 'stdout'>) };
}

export { porcelain } from '../../helpers/fixture-repo.js';

/** A folder to put first on PATH holding `ssh-keygen`, a shell script of the test's (the real one is at `realSshKeygen`). */
export function fakeSshKeygen(folder: string, script: string): string {
	const bin = path.join(folder, 'fake-bin');
	fs.mkdirSync(bin, { recursive: true });
	fs.writeFileSync(path.join(bin, 'ssh-keygen'), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
	return bin;
}

export const realSshKeygen = (): string => {
	for (const folder of (process.env['PATH'] ?? '').split(':')) {
		const candidate = path.join(folder, 'ssh-keygen');
		if (folder !== '' && fs.existsSync(candidate)) return candidate;
	}
	throw new Error('ssh-keygen is not on PATH');
};
