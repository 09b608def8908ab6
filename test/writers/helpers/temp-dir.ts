/** A fresh directory under os.tmpdir() per test, removed when the test ends. */
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';

// realpath: on macOS os.tmpdir() is behind a symlink, and the writers report real paths.
export async function makeTempDir(t: ExecutionContext, label: string): Promise<string> {
	const directory = await realpath(await mkdtemp(join(tmpdir(), `arco-writers-${label}-`)));
	t.teardown(() => rm(directory, { recursive: true, force: true }));
	return directory;
}
