/** Why a command could not start, said in one line. */

import { stat } from 'node:fs/promises';

/** What is wrong with the working directory, or null when a command can run there. */
export async function workingDirectoryProblem(cwd: string): Promise<string | null> {
	try {
		const info = await stat(cwd);
		return info.isDirectory() ? null : `working directory is not a directory: ${cwd}`;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? 'error';
		return code === 'ENOENT' ? `working directory does not exist: ${cwd}` : `working directory cannot be used (${code}): ${cwd}`;
	}
}

/** The first line of an error message: outcomes and log footers hold one line. */
export function firstLine(text: string): string {
	return text.split('\n', 1)[0] ?? text;
}
