/**
 * Several files written as one step: locked together in a fixed order, read and validated together, all
 * or nothing before the first replace; a refusal writes nothing and leaves no lock.
 */
import { readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { nodeFileSystem } from '../../source/writers/file-system.js';
import { writeFilesTogether } from '../../source/writers/transaction.js';
import { PartialWrite, WriteRefusal } from '../../source/writers/write-refusal.js';
import { makeTempDir } from './helpers/temp-dir.js';

async function threeFiles(t: Parameters<typeof makeTempDir>[0]): Promise<{ root: string; files: string[] }> {
	const root = await makeTempDir(t, 'transaction');
	const files = ['a.txt', 'b.txt', 'c.txt'].map((name) => join(root, name));
	for (const file of files) await writeFile(file, `${file.slice(-5)} v0\n`);
	return { root, files };
}

test('prepare sees every file and the writes land in the order it gives; unchanged bytes are not written', async (t) => {
	const { root, files } = await threeFiles(t);
	const { result, written } = await writeFilesTogether(
		[...files.map((target) => ({ target })), { target: join(root, 'new.txt'), createIfMissing: true }],
		(current) => {
			t.deepEqual(
				current.map((file) => [file.text, file.exists]),
				[
					['a.txt v0\n', true],
					['b.txt v0\n', true],
					['c.txt v0\n', true],
					['', false],
				],
			);
			return {
				writes: [
					{ file: 3, text: 'intent\n' },
					{ file: 2, text: 'c.txt v1\n' },
					{ file: 1, text: 'b.txt v0\n' },
					{ file: 0, text: 'a.txt v1\n' },
				],
				result: 'planned',
			};
		},
		{ repoRoot: root },
	);
	t.is(result, 'planned');
	t.deepEqual(written, [join(root, 'new.txt'), files[2], files[0]]);
	t.is(await readFile(join(root, 'new.txt'), 'utf8'), 'intent\n');
	t.deepEqual((await readdir(root)).sort(), ['a.txt', 'b.txt', 'c.txt', 'new.txt']);
});

test('a refusal in prepare writes nothing at all and releases every lock', async (t) => {
	const { root, files } = await threeFiles(t);
	await t.throwsAsync(
		writeFilesTogether(
			[...files.map((target) => ({ target })), { target: join(root, 'new.txt'), createIfMissing: true }],
			() => {
				throw new Error('refused: the second file says no');
			},
			{ repoRoot: root },
		),
		{ message: 'refused: the second file says no' },
	);
	for (const file of files) t.is(await readFile(file, 'utf8'), `${file.slice(-5)} v0\n`);
	t.deepEqual((await readdir(root)).sort(), ['a.txt', 'b.txt', 'c.txt']);
});

test('a file that is a symlink out of the repository is refused before anything is locked; the same file twice is refused', async (t) => {
	const { root, files } = await threeFiles(t);
	const outside = await makeTempDir(t, 'outside');
	await writeFile(join(outside, 'x.txt'), 'outside\n');
	await symlink(join(outside, 'x.txt'), join(root, 'link.txt'));
	let prepared = false;
	const plan = () => {
		prepared = true;
		return { writes: [], result: null };
	};
	await t.throwsAsync(writeFilesTogether([{ target: files[0]! }, { target: join(root, 'link.txt') }], plan, { repoRoot: root }), {
		message: /outside the repository/,
	});
	await symlink(files[1]!, join(root, 'alias.txt'));
	await t.throwsAsync(writeFilesTogether([{ target: files[1]! }, { target: join(root, 'alias.txt') }], plan, { repoRoot: root }), {
		message: /they are the same file/,
	});
	t.false(prepared);
	t.deepEqual((await readdir(root)).sort(), ['a.txt', 'alias.txt', 'b.txt', 'c.txt', 'link.txt']);
});

test('a failed replace stops the transaction there: earlier files are new, later ones old, no temp file or lock left', async (t) => {
	const { root, files } = await threeFiles(t);
	let renames = 0;
	const error = await t.throwsAsync(
		writeFilesTogether(
			files.map((target) => ({ target })),
			() => ({ writes: files.map((_, file) => ({ file, text: `v1 ${file}\n` })), result: null }),
			{
				repoRoot: root,
				fileSystem: {
					...nodeFileSystem,
					async rename(from, to) {
						renames += 1;
						if (renames === 2) throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
						return nodeFileSystem.rename(from, to);
					},
				},
			},
		),
	);
	t.regex(error?.message ?? '', /Cannot write .*b\.txt: rename of temp file failed, file left unchanged: disk full/);
	// Not a plain refusal: the first file is already new, and the caller must say how to complete the rest.
	t.true(error instanceof PartialWrite);
	t.deepEqual((error as PartialWrite).written, [files[0]]);
	t.deepEqual(await Promise.all(files.map((file) => readFile(file, 'utf8'))), ['v1 0\n', 'b.txt v0\n', 'c.txt v0\n']);
	t.deepEqual((await readdir(root)).sort(), ['a.txt', 'b.txt', 'c.txt']);
});

test('a failure of the first replace before its rename is a plain refusal; after its rename (folder fsync), a partial write', async (t) => {
	const { root, files } = await threeFiles(t);
	const plan = () => ({ writes: files.map((_, file) => ({ file, text: `v1 ${file}\n` })), result: null });
	const failing = (step: 'rename' | 'fsyncDirectory') => ({
		repoRoot: root,
		fileSystem: {
			...nodeFileSystem,
			async [step]() {
				throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
			},
		},
	});
	const before = await t.throwsAsync(
		writeFilesTogether(
			files.map((target) => ({ target })),
			plan,
			failing('rename'),
		),
	);
	t.true(before instanceof WriteRefusal);
	t.false(before instanceof PartialWrite);
	t.deepEqual(await Promise.all(files.map((file) => readFile(file, 'utf8'))), ['a.txt v0\n', 'b.txt v0\n', 'c.txt v0\n']);
	const after = await t.throwsAsync(
		writeFilesTogether(
			files.map((target) => ({ target })),
			plan,
			failing('fsyncDirectory'),
		),
	);
	t.true(after instanceof PartialWrite);
	t.deepEqual((after as PartialWrite).written, [files[0]]);
	t.regex(after?.message ?? '', /fsync of its directory failed/);
	t.deepEqual(await Promise.all(files.map((file) => readFile(file, 'utf8'))), ['v1 0\n', 'b.txt v0\n', 'c.txt v0\n']);
});

test('what a transaction throws besides its refusals (a bug in prepare) reaches the caller as it is', async (t) => {
	const { root, files } = await threeFiles(t);
	const error = await t.throwsAsync(
		writeFilesTogether(
			files.map((target) => ({ target })),
			() => {
				throw new TypeError('a bug');
			},
			{ repoRoot: root },
		),
	);
	t.true(error instanceof TypeError);
	t.deepEqual((await readdir(root)).sort(), ['a.txt', 'b.txt', 'c.txt']);
});

test('transactions naming the same files in opposite orders never deadlock: the locks are taken in one fixed order', async (t) => {
	const { root, files } = await threeFiles(t);
	const bump = (order: string[]) =>
		writeFilesTogether(
			order.map((target) => ({ target })),
			(current) => ({ writes: current.map((file, index) => ({ file: index, text: `${Number(file.text.split(' ').at(-1) ?? 0) + 1}\n` })), result: null }),
			{ repoRoot: root },
		);
	for (const file of files) await writeFile(file, '0\n');
	const rounds = 25;
	await Promise.all(Array.from({ length: rounds }, (_, round) => bump(round % 2 === 0 ? files : [...files].reverse())));
	for (const file of files) t.is(await readFile(file, 'utf8'), `${rounds}\n`);
	t.deepEqual((await readdir(root)).sort(), ['a.txt', 'b.txt', 'c.txt']);
});
