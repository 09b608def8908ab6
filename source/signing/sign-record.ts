import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { SignoffSignature } from '../model/signoff-record.js';
import { sanitizeLine } from '../text/sanitize.js';
import { onAbruptExit } from '../writers/exit-cleanup.js';
import { SIGNOFF_NAMESPACE } from './signed-bytes.js';
import type { SigningKey } from './signing-key.js';
import { firstProblemLine, runSshKeygen } from './ssh-keygen.js';
import { readSignature } from './sshsig.js';

/**
 * Signs `bytes` with `ssh-keygen -Y sign -n arco-review-signoff`. The data goes in a file, not on stdin:
 * a key that needs a passphrase then reads an empty one and fails, instead of taking the data as the
 * passphrase. A key that cannot sign is one line to act on.
 */
export async function signBytes(key: SigningKey, bytes: Buffer): Promise<SignoffSignature> {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'arco-review-sign-'));
	const removeFolder = (): void => fs.rmSync(folder, { recursive: true, force: true });
	// A signal while ssh-keygen signs must not leave the data (and a key:: public key) in /tmp.
	const forget = onAbruptExit(removeFolder);
	try {
		const data = path.join(folder, 'signoff');
		fs.writeFileSync(data, bytes, { mode: 0o600 });
		let keyFile = key.file;
		if (keyFile === null) {
			keyFile = path.join(folder, 'key.pub');
			fs.writeFileSync(keyFile, `${key.literal ?? ''}\n`, { mode: 0o600 });
		}
		const result = await runSshKeygen(['-Y', 'sign', '-n', SIGNOFF_NAMESPACE, '-f', keyFile, data]);
		const armored = result.code === 0 ? readOptional(`${data}.sig`) : null;
		const info = armored === null ? null : readSignature(armored);
		if (armored === null || info === null) {
			const reason = sanitizeLine(firstProblemLine(result.stderr));
			const hint = /passphrase|agent|no private key/i.test(reason)
				? '; a key with a passphrase, or only a public key here, signs through ssh-agent (ssh-add the private key)'
				: '';
			throw new UserError(`cannot sign with ${key.configured} (${key.source}): ${reason}${hint}; nothing written`);
		}
		return { format: 'ssh', namespace: SIGNOFF_NAMESPACE, fingerprint: info.fingerprint, value: armored.trim() };
	} finally {
		forget();
		removeFolder();
	}
}

function readOptional(file: string): string | null {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch {
		return null;
	}
}
