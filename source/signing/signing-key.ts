import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { SignerSettings } from '../git/reviewer.js';
import { expandHome } from './expand-home.js';
import { fingerprintOfPrivateKey, fingerprintOfPublicKey } from './sshsig.js';

/** Where the key a sign-off is signed with was configured. */
export type SigningKeySource = '--sign-key' | 'user.signingKey';

/**
 * The key a sign-off is signed with: a private key file, or a public key (a file, or git's
 * `key::ssh-ed25519 AAAA…`) whose private half is in ssh-agent, as git's `user.signingKey` allows.
 */
export interface SigningKey {
	source: SigningKeySource;
	/** As configured, for messages. */
	configured: string;
	/** The key file ssh-keygen gets (`-f`); null for a `key::` literal, which is written to a temp file to sign. */
	file: string | null;
	/** The public key text of a `key::` literal. */
	literal: string | null;
	/** `SHA256:…` when it can be read without signing (a public key, an OpenSSH private key, a `.pub` beside it). */
	fingerprint: string | null;
}

const LITERAL_PREFIX = 'key::';

/**
 * The signing key in effect: `--sign-key PATH`, else `user.signingKey` when `gpg.format` is `ssh`, else
 * none (the sign-off is recorded unsigned). A configured key file that does not exist is refused here,
 * before anything is written. `base` resolves a relative path (the command's folder for --sign-key, the
 * repository root for git's setting).
 */
export function resolveSigningKey(settings: SignerSettings, option: string | undefined, paths: { cwd: string; root: string }): SigningKey | null {
	if (option !== undefined) return keyFromSetting(option, '--sign-key', paths.cwd);
	if (settings.gpgFormat?.toLowerCase() !== 'ssh' || settings.signingKey === null) return null;
	return keyFromSetting(settings.signingKey, 'user.signingKey', paths.root);
}

function keyFromSetting(configured: string, source: SigningKeySource, base: string): SigningKey {
	if (configured.startsWith(LITERAL_PREFIX)) {
		const literal = configured.slice(LITERAL_PREFIX.length).trim();
		const fingerprint = fingerprintOfPublicKey(literal);
		if (fingerprint === null) throw new UserError(`${source}: ${JSON.stringify(configured)} is not a public key after key::`);
		return { source, configured, file: null, literal, fingerprint };
	}
	const file = path.resolve(base, expandHome(configured));
	let text: string;
	try {
		if (!fs.statSync(file).isFile()) throw new UserError(`signing key ${configured} (${source}) is not a file`);
		text = fs.readFileSync(file, 'utf8');
	} catch (error) {
		if (error instanceof UserError) throw error;
		const code = (error as NodeJS.ErrnoException).code;
		throw new UserError(
			`signing key ${configured} (${source}) ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`}; nothing written`,
		);
	}
	return { source, configured, file, literal: null, fingerprint: fingerprintOfKeyText(text) ?? fingerprintOfPublicFileBeside(file) };
}

function fingerprintOfKeyText(text: string): string | null {
	return text.includes('PRIVATE KEY-----') ? fingerprintOfPrivateKey(text) : fingerprintOfPublicKey(text);
}

function fingerprintOfPublicFileBeside(file: string): string | null {
	try {
		return fingerprintOfPublicKey(fs.readFileSync(`${file}.pub`, 'utf8'));
	} catch {
		return null;
	}
}

/** `SHA256:abc… (~/.ssh/id_ed25519, user.signingKey)`, or `unsigned`: what the sign-off dialog shows. */
export function describeSigningKey(key: SigningKey | null): string {
	if (key === null) return 'unsigned';
	const where = key.literal === null ? key.configured : 'key:: in git config';
	return `${key.fingerprint ?? 'key'} (${where}, ${key.source})`;
}
