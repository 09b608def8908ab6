import { execFile } from 'node:child_process';

const GIT_TIMEOUT_MS = 15_000;

// Overrides for the git the demo is built with: the caller's config must not sign, run hooks, copy
// templates, convert line endings or pick another initial branch. (-c covers gits older than 2.32, which
// ignore GIT_CONFIG_GLOBAL.)
const HERMETIC_CONFIG = ['-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', '-c', 'core.autocrlf=false', '-c', 'init.defaultBranch=main'];

/**
 * The caller's environment without the variables that would point git at another repository (GIT_DIR,
 * GIT_INDEX_FILE, ... as set inside a git hook), inject config, or override the identity and dates.
 */
function gitEnvironment(commitDate: string | null): NodeJS.ProcessEnv {
	const environment: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (!key.startsWith('GIT_') || key === 'GIT_EXEC_PATH') environment[key] = value;
	}
	environment['GIT_CONFIG_GLOBAL'] = '/dev/null';
	environment['GIT_CONFIG_NOSYSTEM'] = '1';
	if (commitDate !== null) {
		environment['GIT_AUTHOR_DATE'] = commitDate;
		environment['GIT_COMMITTER_DATE'] = commitDate;
	}
	return environment;
}

/** Runs git in `root`; resolves with stdout, rejects with git's stderr in the message. */
export function runGit(root: string, args: string[], commitDate: string | null = null): Promise<string> {
	return new Promise((resolve, reject) => {
		execFile(
			'git',
			[...HERMETIC_CONFIG, ...args],
			{ cwd: root, env: gitEnvironment(commitDate), encoding: 'utf8', timeout: GIT_TIMEOUT_MS, windowsHide: true },
			(error, stdout, stderr) => {
				if (error) reject(new Error(`git ${args[0] ?? ''} failed in the demo repository: ${stderr.trim() || error.message}`));
				else resolve(stdout);
			},
		);
	});
}
