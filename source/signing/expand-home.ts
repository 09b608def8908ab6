import os from 'node:os';
import path from 'node:path';

/** `~/x` -> `$HOME/x`, as git expands its pathname settings (user.signingKey, gpg.ssh.allowedSignersFile). */
export function expandHome(file: string): string {
	return file === '~' || file.startsWith('~/') ? path.join(os.homedir(), file.slice(1)) : file;
}
