import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh directory under the system temp dir, removed when the test ends. */
export function tempDirectory(t: { teardown: (fn: () => void) => void }, prefix = 'arco-ui-'): string {
	const directory = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
	t.teardown(() => fs.rmSync(directory, { recursive: true, force: true }));
	return directory;
}

export function writeFiles(root: string, files: Record<string, string | Buffer>): void {
	for (const [relative, content] of Object.entries(files)) {
		const file = path.join(root, relative);
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, content);
	}
}

/** Replaces a file the way atomic writers do: write a temp file beside it, rename it over the target. */
export function replaceByRename(file: string, content: string): void {
	const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
	fs.writeFileSync(temporary, content);
	fs.renameSync(temporary, file);
}
