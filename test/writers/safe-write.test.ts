import { chmod, lstat, mkdir, readdir, readFile, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { lockPathFor } from '../../source/writers/file-lock.js';
import { nodeFileSystem, type WriterFileSystem } from '../../source/writers/file-system.js';
import { setJsonValue } from '../../source/writers/json-edit.js';
import { updateFileUnderLock } from '../../source/writers/safe-write.js';
import { makeTempDir } from './helpers/temp-dir.js';

const OLD = '{\n\t"status": "NO-GO",\n\t"n": 1.0e3\n}\n';
const setGo = (current: string): string => setJsonValue(current, ['status'], 'GO');

async function repoWithTracker(t: Parameters<typeof makeTempDir>[0]): Promise<{ root: string; file: string }> {
	const root = await makeTempDir(t, 'safe-write');
	const file = join(root, 'tracker.json');
	await writeFile(file, OLD);
	return { root, file };
}

test('writes the transformed content and reports the real path', async (t) => {
	const { root, file } = await repoWithTracker(t);
	const result = await updateFileUnderLock('tracker.json', setGo, { repoRoot: root });
	t.deepEqual(result, { path: file, changed: true, content: '{\n\t"status": "GO",\n\t"n": 1.0e3\n}\n' });
	t.is(await readFile(file, 'utf8'), result.content);
	t.deepEqual((await readdir(root)).sort(), ['tracker.json']);
});

test('no write when the bytes are equal or the transform returns null: mtime unchanged', async (t) => {
	const { root, file } = await repoWithTracker(t);
	const past = new Date('2020-01-01T00:00:00Z');
	await utimes(file, past, past);
	const inode = (await stat(file)).ino;
	t.false((await updateFileUnderLock(file, (current) => current, { repoRoot: root })).changed);
	t.false((await updateFileUnderLock(file, () => null, { repoRoot: root })).changed);
	t.false((await updateFileUnderLock(file, (current) => setJsonValue(current, ['status'], 'NO-GO'), { repoRoot: root })).changed);
	const after = await stat(file);
	t.is(after.mtimeMs, past.getTime());
	t.is(after.ino, inode);
	// Control: a real change does move mtime, so the assertion above can fail.
	t.true((await updateFileUnderLock(file, setGo, { repoRoot: root })).changed);
	t.not((await stat(file)).mtimeMs, past.getTime());
});

test('keeps the file mode (0640)', async (t) => {
	const { root, file } = await repoWithTracker(t);
	await chmod(file, 0o640);
	await updateFileUnderLock(file, setGo, { repoRoot: root });
	t.is((await stat(file)).mode & 0o7777, 0o640);
	await chmod(file, 0o604);
	await updateFileUnderLock(file, (current) => current.replace('GO', 'PARTIAL'), { repoRoot: root });
	t.is((await stat(file)).mode & 0o7777, 0o604);
});

test('refuses a symlink whose target is outside the repository', async (t) => {
	const { root } = await repoWithTracker(t);
	const outside = await makeTempDir(t, 'outside');
	const victim = join(outside, 'victim.json');
	await writeFile(victim, OLD);
	await symlink(victim, join(root, 'linked.json'));
	const error = await t.throwsAsync(updateFileUnderLock('linked.json', setGo, { repoRoot: root }));
	t.is(error?.message, `Refusing to write ${join(root, 'linked.json')}: it is a symlink to ${victim} outside the repository ${root}`);
	t.is(await readFile(victim, 'utf8'), OLD);
	t.deepEqual(await readdir(outside), ['victim.json']);
});

test('refuses a path through a symlinked directory that leaves the repository, and a path outside it', async (t) => {
	const { root } = await repoWithTracker(t);
	const outside = await makeTempDir(t, 'outside');
	await writeFile(join(outside, 'victim.json'), OLD);
	await symlink(outside, join(root, 'evidence'));
	await t.throwsAsync(updateFileUnderLock('evidence/victim.json', setGo, { repoRoot: root }), {
		message: /^Refusing to write .*: its real path .* is outside the repository/,
	});
	await t.throwsAsync(updateFileUnderLock(join(outside, 'victim.json'), setGo, { repoRoot: root }), { message: /outside the repository/ });
	await t.throwsAsync(updateFileUnderLock('../x.json', setGo, { repoRoot: root, createIfMissing: true }), { message: /outside the repository/ });
	t.is(await readFile(join(outside, 'victim.json'), 'utf8'), OLD);
});

test('writes through a symlink inside the repository to the file it points to', async (t) => {
	const { root, file } = await repoWithTracker(t);
	await symlink('tracker.json', join(root, 'current.json'));
	const result = await updateFileUnderLock('current.json', setGo, { repoRoot: root });
	t.is(result.path, file);
	t.true((await lstat(join(root, 'current.json'))).isSymbolicLink());
	t.regex(await readFile(file, 'utf8'), /"GO"/);
});

test('refuses directories, missing files (unless asked to create) and invalid UTF-8', async (t) => {
	const { root } = await repoWithTracker(t);
	await mkdir(join(root, 'dir'));
	await t.throwsAsync(
		updateFileUnderLock('dir', () => 'x', { repoRoot: root }),
		{ message: /not a regular file/ },
	);
	await t.throwsAsync(
		updateFileUnderLock('missing.json', () => 'x', { repoRoot: root }),
		{ message: /missing\.json: it does not exist$/ },
	);
	const created = await updateFileUnderLock('missing.json', (current) => `${current}x\n`, { repoRoot: root, createIfMissing: true });
	t.true(created.changed);
	t.is(await readFile(join(root, 'missing.json'), 'utf8'), 'x\n');
	const latin1 = Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]);
	await writeFile(join(root, 'latin1.json'), latin1);
	await t.throwsAsync(
		updateFileUnderLock('latin1.json', () => '{}', { repoRoot: root }),
		{ message: /latin1\.json: it is not valid UTF-8/ },
	);
	t.deepEqual(await readFile(join(root, 'latin1.json')), latin1);
});

test('a throwing transform leaves the file alone and releases the lock', async (t) => {
	const { root, file } = await repoWithTracker(t);
	await t.throwsAsync(
		updateFileUnderLock(
			file,
			() => {
				throw new Error('no');
			},
			{ repoRoot: root },
		),
		{ message: 'no' },
	);
	t.is(await readFile(file, 'utf8'), OLD);
	t.deepEqual(await readdir(root), ['tracker.json']);
});

test('temp files left by a writer that died are removed by the next write', async (t) => {
	const { root, file } = await repoWithTracker(t);
	await writeFile(join(root, '.tracker.json.tmp-99999-abcdef'), 'half a fi');
	await writeFile(join(root, '.other.json.tmp-1-x'), 'not ours');
	await updateFileUnderLock(file, setGo, { repoRoot: root });
	t.deepEqual((await readdir(root)).sort(), ['.other.json.tmp-1-x', 'tracker.json']);
});

type Operation = keyof WriterFileSystem;

/** The real file system, except that the `nth` call of `operation` fails. Counts every call. */
function failingFileSystem(operation: Operation, nth: number): { fileSystem: WriterFileSystem; calls: Record<Operation, number> } {
	const calls: Record<Operation, number> = { open: 0, write: 0, fsync: 0, rename: 0, fsyncDirectory: 0 };
	const maybeFail = (name: Operation): void => {
		calls[name] += 1;
		if (name === operation && calls[name] === nth) throw Object.assign(new Error(`injected ${name} failure`), { code: 'EIO' });
	};
	const fileSystem: WriterFileSystem = {
		open: async (path, mode) => (maybeFail('open'), nodeFileSystem.open(path, mode)),
		write: async (handle, data) => (maybeFail('write'), nodeFileSystem.write(handle, data)),
		fsync: async (handle) => (maybeFail('fsync'), nodeFileSystem.fsync(handle)),
		rename: async (from, to) => (maybeFail('rename'), nodeFileSystem.rename(from, to)),
		fsyncDirectory: async (directory) => (maybeFail('fsyncDirectory'), nodeFileSystem.fsyncDirectory(directory)),
	};
	return { fileSystem, calls };
}

test('open, write, fsync and rename failing in turn leave the old file, no temp file and no lock', async (t) => {
	const { root, file } = await repoWithTracker(t);
	await chmod(file, 0o640);
	const failed: string[] = [];
	for (const operation of ['open', 'write', 'fsync', 'rename'] as const) {
		for (let nth = 1; ; nth += 1) {
			const { fileSystem, calls } = failingFileSystem(operation, nth);
			const outcome = await updateFileUnderLock(file, setGo, { repoRoot: root, fileSystem }).then(
				() => 'written' as const,
				(error: unknown) => error,
			);
			if (outcome === 'written') {
				t.true(calls[operation] < nth, `${operation} #${nth} should have failed the write`);
				// Put the old version back for the next operation.
				await writeFile(file, OLD);
				break;
			}
			failed.push(`${operation}#${nth}`);
			t.true(outcome instanceof Error);
			const message = outcome instanceof Error ? outcome.message : '';
			t.true(message.includes(`injected ${operation} failure`), message);
			t.true(message.includes(file), message);
			t.false(message.includes('\n'));
			t.is(await readFile(file, 'utf8'), OLD, `${operation} #${nth}`);
			t.is((await stat(file)).mode & 0o7777, 0o640);
			t.deepEqual(await readdir(root), ['tracker.json'], `${operation} #${nth}: temp or lock file left behind`);
		}
	}
	// Each of the lock file and the temp file is opened, written and fsynced; only the temp file is renamed.
	t.deepEqual(failed, ['open#1', 'open#2', 'write#1', 'write#2', 'fsync#1', 'fsync#2', 'rename#1']);
	t.true((await updateFileUnderLock(file, setGo, { repoRoot: root })).changed);
});

test('a failed directory fsync reports that the new file may not be durable, and releases the lock', async (t) => {
	const { root, file } = await repoWithTracker(t);
	const { fileSystem } = failingFileSystem('fsyncDirectory', 1);
	const error = await t.throwsAsync(updateFileUnderLock(file, setGo, { repoRoot: root, fileSystem }));
	t.is(error?.message, `Wrote ${file}, but fsync of its directory failed, so the change may not survive a crash: injected fsyncDirectory failure`);
	t.regex(await readFile(file, 'utf8'), /"GO"/);
	t.deepEqual(await readdir(root), ['tracker.json']);
	t.false(
		await stat(lockPathFor(file)).then(
			() => true,
			() => false,
		),
	);
});
