/**
 * The one write path: lock, re-read, transform, write a temp file beside the target, fsync, rename over
 * the target, fsync the directory, unlock. Atomic replace alone still loses one of two concurrent
 * read-modify-writes; the lock serialises them, and the rename means readers see the old file or the
 * new one, never a torn one.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { lstat, readdir, readFile, realpath, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { isInsideDirectory } from '../paths/inside.js';
import { onAbruptExit } from './exit-cleanup.js';
import { type LockOptions, withFileLock } from './file-lock.js';
import { errorCode, errorMessage, type FileHandle, nodeFileSystem, type WriterFileSystem } from './file-system.js';
import { decodeStrictUtf8 } from './strict-utf8.js';
import { WriteRefusal } from './write-refusal.js';

export interface SafeWriteOptions extends LockOptions {
	/** Writes are refused unless the real path of the target is inside the real path of this directory. Relative targets resolve against it. */
	repoRoot: string;
	/** Create the file when it does not exist (the transform then sees ''). Default false. */
	createIfMissing?: boolean;
	/** Mode of a newly created file, before the umask. Default 0o644. Existing files keep theirs. */
	newFileMode?: number;
}

export interface UpdateResult {
	/** The real path that was (or would have been) written. */
	path: string;
	/** False when the transform returned null or the same bytes (nothing was written, mtime unchanged). */
	changed: boolean;
	/** The file's content after the update. */
	content: string;
}

/** Receives the current content (read under the lock); returns the new content, or null for no change. */
export type ContentTransform = (current: string) => string | null;

export const DEFAULT_NEW_FILE_MODE = 0o644;
const TEMP_FILE_MODE = 0o600;

/** Applies `transform` to the file under its lock and replaces the file atomically if the bytes changed. */
export async function updateFileUnderLock(target: string, transform: ContentTransform, options: SafeWriteOptions): Promise<UpdateResult> {
	const fileSystem = options.fileSystem ?? nodeFileSystem;
	const realTarget = await resolveWriteTarget(target, options.repoRoot, options.createIfMissing ?? false);
	return withFileLock(
		realTarget,
		async (lock) => {
			// A directory on the way could have been swapped for a symlink while we waited for the lock.
			await assertStillResolvesTo(realTarget, options.repoRoot);
			const current = await readCurrent(realTarget, options.createIfMissing ?? false);
			const next = transform(current.text);
			if (next !== null && typeof next !== 'string')
				throw new Error(`Cannot update ${realTarget}: the transform returned ${typeof next}, not a string or null`);
			if (next === null) return { path: realTarget, changed: false, content: current.text };
			const nextBytes = Buffer.from(next, 'utf8');
			if (current.bytes !== null && nextBytes.equals(current.bytes)) return { path: realTarget, changed: false, content: current.text };
			await lock.assertHeld();
			await replaceFile(realTarget, nextBytes, current.stats, options.newFileMode ?? DEFAULT_NEW_FILE_MODE, fileSystem);
			return { path: realTarget, changed: true, content: next };
		},
		options,
	);
}

/**
 * The real path to write for `target`: symlinks resolved (writing through one replaces the file it points
 * to, not the link), and refused when that real path is not a regular file inside `repoRoot`.
 */
export async function resolveWriteTarget(target: string, repoRoot: string, createIfMissing: boolean): Promise<string> {
	const root = await realRepoRoot(repoRoot);
	const requested = resolve(repoRoot, target);
	let real: string;
	try {
		real = await realpath(requested);
	} catch (error) {
		if (errorCode(error) !== 'ENOENT') throw new WriteRefusal(`Cannot resolve ${requested}: ${errorMessage(error)}`);
		if (await isSymlink(requested)) throw new WriteRefusal(`Refusing to write ${requested}: it is a symlink to a file that does not exist`);
		if (!createIfMissing) throw new WriteRefusal(`Cannot update ${requested}: it does not exist`);
		real = join(await realParentDirectory(requested), basename(requested));
	}
	if (!isInsideDirectory(root, real)) {
		const how = (await isSymlink(requested)) ? `it is a symlink to ${real}` : `its real path ${real} is`;
		throw new WriteRefusal(`Refusing to write ${requested}: ${how} outside the repository ${root}`);
	}
	const stats = await stat(real).catch(() => null);
	if (stats !== null && !stats.isFile()) throw new WriteRefusal(`Refusing to write ${requested}: it is not a regular file`);
	return real;
}

/** Refuses when the real path found before the lock resolves elsewhere now (a directory swapped for a symlink). */
export async function assertStillResolvesTo(realTarget: string, repoRoot: string): Promise<void> {
	const again = await resolveWriteTarget(realTarget, repoRoot, true);
	if (again !== realTarget) throw new WriteRefusal(`Refusing to write ${realTarget}: its path now resolves to ${again}`);
}

async function realRepoRoot(repoRoot: string): Promise<string> {
	try {
		return await realpath(repoRoot);
	} catch (error) {
		throw new WriteRefusal(`Cannot write inside repository ${repoRoot}: ${errorMessage(error)}`);
	}
}

async function realParentDirectory(path: string): Promise<string> {
	try {
		return await realpath(dirname(path));
	} catch (error) {
		throw new WriteRefusal(`Cannot create ${path}: its directory cannot be resolved: ${errorMessage(error)}`);
	}
}

async function isSymlink(path: string): Promise<boolean> {
	const stats = await lstat(path).catch(() => null);
	return stats?.isSymbolicLink() ?? false;
}

export interface CurrentContent {
	text: string;
	/** Null when the file does not exist yet. */
	bytes: Buffer | null;
	stats: { mode: number; uid: number; gid: number } | null;
}

/** The file's bytes, strictly decoded as UTF-8, and its mode and owner. */
export async function readCurrent(path: string, createIfMissing: boolean): Promise<CurrentContent> {
	let bytes: Buffer;
	let stats: { mode: number; uid: number; gid: number };
	try {
		stats = await stat(path);
		bytes = await readFile(path);
	} catch (error) {
		if (errorCode(error) === 'ENOENT' && createIfMissing) return { text: '', bytes: null, stats: null };
		throw new WriteRefusal(`Cannot read ${path}: ${errorMessage(error)}`);
	}
	const text = decodeStrictUtf8(bytes);
	if (text === null) throw new WriteRefusal(`Cannot update ${path}: it is not valid UTF-8`);
	return { text, bytes, stats };
}

/** Writes `bytes` to a temp file beside `path`, fsyncs it and renames it over `path`, then fsyncs the folder. */
export async function replaceFile(
	path: string,
	bytes: Buffer,
	existing: CurrentContent['stats'],
	newFileMode: number,
	fileSystem: WriterFileSystem,
): Promise<void> {
	const directory = dirname(path);
	const tempPrefix = tempFilePrefix(path);
	await removeOrphanedTempFiles(directory, tempPrefix);
	const tempPath = join(directory, `${tempPrefix}${process.pid}-${randomBytes(6).toString('hex')}`);
	// A signal between open and rename would otherwise leave the temp file for the next writer to sweep.
	const forget = onAbruptExit(() => rmSync(tempPath, { force: true }));
	try {
		await writeTempAndRename(path, tempPath, bytes, existing, newFileMode, fileSystem);
	} finally {
		forget();
	}
	try {
		await fileSystem.fsyncDirectory(directory);
	} catch (error) {
		throw new WriteRefusal(`Wrote ${path}, but fsync of its directory failed, so the change may not survive a crash: ${errorMessage(error)}`, {
			afterReplace: true,
		});
	}
}

async function writeTempAndRename(
	path: string,
	tempPath: string,
	bytes: Buffer,
	existing: CurrentContent['stats'],
	newFileMode: number,
	fileSystem: WriterFileSystem,
): Promise<void> {
	let step = 'open';
	let handle: FileHandle | null = null;
	try {
		handle = await fileSystem.open(tempPath, existing === null ? newFileMode : TEMP_FILE_MODE);
		step = 'write';
		await fileSystem.write(handle, bytes);
		if (existing !== null) {
			step = 'chmod';
			await handle.chmod(existing.mode & 0o7777);
			// Only root can give the file back to its owner; anyone else becomes the owner, as with any editor.
			if (process.getuid?.() === 0) await handle.chown(existing.uid, existing.gid);
		}
		step = 'fsync';
		await fileSystem.fsync(handle);
		step = 'close';
		const closing = handle;
		handle = null;
		await closing.close();
		step = 'rename';
		await fileSystem.rename(tempPath, path);
	} catch (error) {
		await handle?.close().catch(() => undefined);
		await rm(tempPath, { force: true }).catch(() => undefined);
		throw new WriteRefusal(`Cannot write ${path}: ${step} of temp file failed, file left unchanged: ${errorMessage(error)}`);
	}
}

function tempFilePrefix(path: string): string {
	return `.${basename(path)}.tmp-`;
}

// Temp files are only created while holding the lock, so any found while we hold it were left by a
// writer that died (SIGKILL, power loss) before renaming.
async function removeOrphanedTempFiles(directory: string, tempPrefix: string): Promise<void> {
	const names = await readdir(directory).catch(() => [] as string[]);
	await Promise.all(names.filter((name) => name.startsWith(tempPrefix)).map((name) => rm(join(directory, name), { force: true })));
}
