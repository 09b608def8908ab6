import { runGit } from './run-git.js';

/** One file of `git diff --numstat`: null counts for a binary file. */
export interface DiffStatFile {
	path: string;
	added: number | null;
	deleted: number | null;
}

/**
 * What changed in `paths` between commit `head` and the work tree, per file (`git diff --numstat`): the
 * detail pane's "changed since the sign-off". Pathspecs are literal (a path with `*` is that path), and
 * paths come from the model, already validated as repository-relative.
 */
export async function readDiffStat(root: string, head: string, paths: readonly string[]): Promise<DiffStatFile[]> {
	if (!/^[0-9a-fA-F]{7,64}$/.test(head)) throw new Error(`${head} is not a commit id`);
	if (paths.length === 0) return [];
	const output = await runGit(
		root,
		['--literal-pathspecs', '-c', 'core.quotepath=off', 'diff', '--numstat', '-z', '--no-renames', `${head}^{commit}`, '--', ...paths],
		{
			optionalLocks: false,
		},
	);
	return parseNumstat(output);
}

/** `added\tdeleted\tpath\0` records; binary files have `-` counts. */
function parseNumstat(output: string): DiffStatFile[] {
	const files: DiffStatFile[] = [];
	for (const record of output.split('\0')) {
		const match = /^(\d+|-)\t(\d+|-)\t(.+)$/s.exec(record.replace(/^\n/, ''));
		if (!match) continue;
		const count = (text: string | undefined) => (text === undefined || text === '-' ? null : Number(text));
		files.push({ path: match[3] ?? '', added: count(match[1]), deleted: count(match[2]) });
	}
	return files;
}
