/**
 * Counting the git processes a command starts: a folder holding a `git` that logs its arguments and runs
 * the real git. Put `pathPrefix` first on PATH, run the command, read `calls()`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface GitCallCounter {
	pathPrefix: string;
	calls: () => string[];
	remove: () => void;
}

export function gitCallCounter(): GitCallCounter {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'arco-git-calls-'));
	const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
	const log = path.join(folder, 'calls.log');
	fs.writeFileSync(path.join(folder, 'git'), `#!/bin/sh\necho "$*" >> '${log}'\nexec '${realGit}' "$@"\n`, { mode: 0o755 });
	return {
		pathPrefix: folder,
		calls: () =>
			fs.existsSync(log)
				? fs
						.readFileSync(log, 'utf8')
						.split('\n')
						.filter((line) => line !== '')
				: [],
		remove: () => fs.rmSync(folder, { recursive: true, force: true }),
	};
}
