/**
 * The one write path: lock, re-read, transform, write a temp file beside the target, fsync, rename over
 * the target, fsync the directory, unlock. Atomic replace alone still loses one of two concurrent
 * read-modify-writes; the lock serialises them, and the rename means readers see the old file or the
 * new one, never a torn one.
 */
import { randomBytes } from 'node:crypto';
import { lstat, readdir, readFile, realpath, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { isInsideDirectory } from '../paths/inside.js';
import { type LockOptions, withFileLock } from './file-lock.js';
import { errorCode, errorMessage, type FileHandle, nodeFileSystem, type WriterFileSystem } from './file-system.js';

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

const DEFAULT_NEW_FILE_MODE = 0o644;
const TEMP_FILE_MODE = 0o600;
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Applies `transform` to the file under its lock and replaces the file atomically if the bytes changed. */
export async function updateFileUnderLock(target: string, transform: ContentTransform, options: SafeWriteOptions): Promise<UpdateResult> {
	const fileSystem = options.fileSystem ?? nodeFileSystem;
	const realTarget = await resolveWriteTarget(target, options.repoRoot, options.createIfMissing ?? false);
	return withFileLock(
		realTarget,
		async () => {
			// A directory on the way could have been swapped for a symlink while we waited for the lock.
			await assertStillResolvesTo(realTarget, options.repoRoot);
			const current = await readCurrent(realTarget, options.createIfMissing ?? false);
			const next = transform(current.text);
			if (next !== null && typeof next !== 'string')
				throw new Error(`Cannot update ${realTarget}: the transform returned ${typeof next}, not a string or null`);
			if (next === null) return { path: realTarget, changed: false, content: current.text };
			const nextBytes = Buffer.from(next, 'utf8');
			if (current.bytes !== null && nextBytes.equals(current.bytes)) return { path: realTarget, changed: false, content: current.text };
			await replaceFile(realTarget, nextBytes, current.stats, options.newFileMode ?? DEFAULT_NEW_FILE_MODE, fileSystem);
			return { path: realTarget, changed: true, content: next };
		},
		options,
	);
}

/**
 * Appends one line to an append-only file (e.g. a hash-chained `signoffs.jsonl`). `line` may be computed
 * from the current content, read under the lock, so a hash chain links to the true last line. Same
 * mechanism as updateFileUnderLock: the whole file is rewritten and renamed, so a crash never leaves a
 * half-written line. Creates the file unless `createIfMissing` is false.
 */
export async function appendLineUnderLock(
	target: string,
	line: string | ((current: string) => string | null),
	options: SafeWriteOptions,
): Promise<UpdateResult> {
	return updateFileUnderLock(
		target,
		(current) => {
			const newLine = typeof line === 'string' ? line : line(current);
			if (newLine === null) return null;
			if (/[\r\n]/.test(newLine)) throw new Error(`Cannot append to ${target}: the line contains a line break`);
			// A file not ending in a newline (edited by hand) still gets the new record on a line of its own.
			const separator = current === '' || current.endsWith('\n') ? '' : '\n';
			return `${current}${separator}${newLine}\n`;
		},
		{ createIfMissing: true, ...options },
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
		if (errorCode(error) !== 'ENOENT') throw new Error(`Cannot resolve ${requested}: ${errorMessage(error)}`);
		if (await isSymlink(requested)) throw new Error(`Refusing to write ${requested}: it is a symlink to a file that does not exist`);
		if (!createIfMissing) throw new Error(`Cannot update ${requested}: it does not exist`);
		real = join(await realParentDirectory(requested), basename(requested));
	}
	if (!isInsideDirectory(root, real)) {
		const how = (await isSymlink(requested)) ? `it is a symlink to ${real}` : `its real path ${real} is`;
		throw new Error(`Refusing to write ${requested}: ${how} outside the repository ${root}`);
	}
	const stats = await stat(real).catch(() => null);
	if (stats !== null && !stats.isFile()) throw new Error(`Refusing to write ${requested}: it is not a regular file`);
	return real;
}

async function assertStillResolvesTo(realTarget: string, repoRoot: string): Promise<void> {
	const again = await resolveWriteTarget(realTarget, repoRoot, true);
	if (again !== realTarget) throw new Error(`Refusing to write ${realTarget}: its path now resolves to ${again}`);
}

async function realRepoRoot(repoRoot: string): Promise<string> {
	try {
		return await realpath(repoRoot);
	} catch (error) {
		throw new Error(`Cannot write inside repository ${repoRoot}: ${errorMessage(error)}`);
	}
}

async function realParentDirectory(path: string): Promise<string> {
	try {
		return await realpath(dirname(path));
	} catch (error) {
		throw new Error(`Cannot create ${path}: its directory cannot be resolved: ${errorMessage(error)}`);
	}
}

async function isSymlink(path: string): Promise<boolean> {
	const stats = await lstat(path).catch(() => null);
	return stats?.isSymbolicLink() ?? false;
}

interface CurrentContent {
	text: string;
	/** Null when the file does not exist yet. */
	bytes: Buffer | null;
	stats: { mode: number; uid: number; gid: number } | null;
}

async function readCurrent(path: string, createIfMissing: boolean): Promise<CurrentContent> {
	let bytes: Buffer;
	let stats: { mode: number; uid: number; gid: number };
	try {
		stats = await stat(path);
		bytes = await readFile(path);
	} catch (error) {
		if (errorCode(error) === 'ENOENT' && createIfMissing) return { text: '', bytes: null, stats: null };
		throw new Error(`Cannot read ${path}: ${errorMessage(error)}`);
	}
	try {
		// Decoding and re-encoding invalid UTF-8 would silently replace bytes the transform never touched.
		return { text: STRICT_UTF8.decode(bytes), bytes, stats };
	} catch {
		throw new Error(`Cannot update ${path}: it is not valid UTF-8`);
	}
}

async function replaceFile(path: string, bytes: Buffer, existing: CurrentContent['stats'], newFileMode: number, fileSystem: WriterFileSystem): Promise<void> {
	const directory = dirname(path);
	const tempPrefix = tempFilePrefix(path);
	await removeOrphanedTempFiles(directory, tempPrefix);
	const tempPath = join(directory, `${tempPrefix}${process.pid}-${randomBytes(6).toString('hex')}`);
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
		throw new Error(`Cannot write ${path}: ${step} of temp file failed, file left unchanged: ${errorMessage(error)}`);
	}
	try {
		await fileSystem.fsyncDirectory(directory);
	} catch (error) {
		throw new Error(`Wrote ${path}, but fsync of its directory failed, so the change may not survive a crash: ${errorMessage(error)}`);
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
