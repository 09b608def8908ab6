/**
 * Which shell runs the commands. The audits' commands are written for bash (`${!name}`, `[[ ]]`, arrays),
 * and `/bin/sh` is dash on Debian, where they fail with "Bad substitution" and a false exit code: bash is
 * used whenever it is on PATH, `/bin/sh` otherwise, unless the project names its shell.
 */

import fs from 'node:fs';
import path from 'node:path';

export interface Shell {
	/** What runs `-c <command>`: an absolute path. */
	path: string;
	/**
	 * Whether it runs as bash, which the audits' commands expect: called `bash` and really bash. bash called
	 * as `sh` (a /bin/sh that links to bash) runs in POSIX mode, which is not what the commands expect.
	 */
	isBash: boolean;
}

export const FALLBACK_SHELL = '/bin/sh';

/**
 * The shell named by the project (`"shell"` in .arco-review.json: a name looked up on PATH, or an
 * absolute path), else bash from PATH, else /bin/sh. Returns null when the named shell is not there.
 */
export function chooseShell(named: string | null, env: NodeJS.ProcessEnv = process.env): Shell | null {
	if (named !== null) {
		const found = path.isAbsolute(named) ? (isExecutable(named) ? named : null) : named.includes('/') ? null : findOnPath(named, env);
		return found === null ? null : describe(found);
	}
	return describe(findOnPath('bash', env) ?? FALLBACK_SHELL);
}

function describe(shellPath: string): Shell {
	let real = shellPath;
	try {
		real = fs.realpathSync(shellPath);
	} catch {
		// A shell we cannot resolve is described by the name it was given.
	}
	return { path: shellPath, isBash: path.basename(shellPath) === 'bash' && path.basename(real) === 'bash' };
}

/** The first executable file called `name` in the PATH's folders. */
function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
	for (const folder of (env['PATH'] ?? '').split(path.delimiter)) {
		if (!path.isAbsolute(folder)) continue;
		const candidate = path.join(folder, name);
		if (isExecutable(candidate)) return candidate;
	}
	return null;
}

function isExecutable(file: string): boolean {
	try {
		fs.accessSync(file, fs.constants.X_OK);
		return fs.statSync(file).isFile();
	} catch {
		return false;
	}
}
