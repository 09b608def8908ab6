/**
 * A cross-process lock beside a file, as git does with `index.lock`: whoever creates `<file>.lock`
 * exclusively holds it. The lock file names its holder (pid, host, random token, time) so a lock left
 * by a dead process on this host can be reclaimed, and any other lock can be reported by holder
 * instead of being deleted silently.
 */
import { randomBytes } from 'node:crypto';
import { link, open, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { sanitizeLine } from '../text/sanitize.js';
import { errorCode, errorMessage, type FileHandle, nodeFileSystem, type WriterFileSystem } from './file-system.js';

export interface LockHolder {
	pid: number;
	host: string;
	token: string;
	acquired_at: string;
}

export interface LockOptions {
	/** How long to wait for a live holder before failing. Default 10 s. */
	timeoutMs?: number;
	/** Age after which an empty or unreadable lock file (holder died while writing it) counts as abandoned. Default 5 s. */
	abandonedUnreadableLockMs?: number;
	/** Swapped by tests to make file-system calls fail. */
	fileSystem?: WriterFileSystem;
}

export interface HeldLock {
	readonly lockPath: string;
	readonly holder: LockHolder;
	/** Deletes the lock file if it still carries our token. False when it did not (or was already released). */
	release(): Promise<boolean>;
}

export const DEFAULT_LOCK_TIMEOUT_MS = 10_000;
export const DEFAULT_ABANDONED_UNREADABLE_LOCK_MS = 5_000;
const LOCK_FILE_MODE = 0o644;
const MAX_BACKOFF_MS = 100;

type ObservedLock =
	| { kind: 'missing' }
	| { kind: 'holder'; holder: LockHolder; identity: string; modifiedMs: number }
	| { kind: 'unreadable'; identity: string; modifiedMs: number };

interface Settings {
	timeoutMs: number;
	abandonedUnreadableLockMs: number;
	fileSystem: WriterFileSystem;
}

export function lockPathFor(target: string): string {
	return `${target}.lock`;
}

/**
 * Waits (bounded by `timeoutMs`, with jittered sleeps) until `<target>.lock` can be created, reclaiming
 * a lock whose holder is a dead process on this host. The lock content is written and fsynced before
 * this resolves.
 */
export async function acquireFileLock(target: string, options: LockOptions = {}): Promise<HeldLock> {
	const settings: Settings = {
		timeoutMs: options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
		abandonedUnreadableLockMs: options.abandonedUnreadableLockMs ?? DEFAULT_ABANDONED_UNREADABLE_LOCK_MS,
		fileSystem: options.fileSystem ?? nodeFileSystem,
	};
	const lockPath = lockPathFor(target);
	const token = newToken();
	const deadline = Date.now() + settings.timeoutMs;
	for (let attempt = 0; ; attempt += 1) {
		const holder = await tryCreateLockFile(lockPath, token, settings.fileSystem);
		if (holder !== null) return heldLock(lockPath, holder);
		const observed = await observeLock(lockPath);
		if (observed.kind === 'missing') continue;
		let reclaimObstacle: string | null = null;
		if (isAbandoned(observed, settings)) {
			reclaimObstacle = await reclaimAbandonedLock(lockPath, observed.identity, settings);
			if (reclaimObstacle === null) continue;
		}
		const remainingMs = deadline - Date.now();
		if (remainingMs <= 0) throw new Error(describeTimeout(lockPath, observed, settings, reclaimObstacle));
		await sleep(Math.min(remainingMs, backoffMs(attempt)));
	}
}

/** Runs `work` while holding the lock beside `target`; releases it however `work` ends. */
export async function withFileLock<T>(target: string, work: (lock: HeldLock) => Promise<T>, options: LockOptions = {}): Promise<T> {
	const lock = await acquireFileLock(target, options);
	try {
		return await work(lock);
	} finally {
		await lock.release();
	}
}

function newToken(): string {
	return randomBytes(16).toString('hex');
}

function heldLock(lockPath: string, holder: LockHolder): HeldLock {
	let released = false;
	return {
		lockPath,
		holder,
		async release() {
			if (released) return false;
			released = true;
			return deleteIfOurs(lockPath, holder.token);
		},
	};
}

/** The holder written when we created the lock file; null when it already existed. */
async function tryCreateLockFile(lockPath: string, token: string, fileSystem: WriterFileSystem): Promise<LockHolder | null> {
	let handle: FileHandle;
	try {
		handle = await fileSystem.open(lockPath, LOCK_FILE_MODE);
	} catch (error) {
		if (errorCode(error) === 'EEXIST') return null;
		throw new Error(`Cannot create lock ${lockPath}: ${errorMessage(error)}`);
	}
	const holder: LockHolder = { pid: process.pid, host: hostname(), token, acquired_at: new Date().toISOString() };
	let closed = false;
	try {
		await fileSystem.write(handle, Buffer.from(`${JSON.stringify(holder)}\n`));
		await fileSystem.fsync(handle);
		closed = true;
		await handle.close();
		return holder;
	} catch (error) {
		if (!closed) await handle.close().catch(() => undefined);
		// Nobody else deletes a lock this young, so the file is still the one we created.
		await unlink(lockPath).catch(() => undefined);
		throw new Error(`Cannot write lock ${lockPath}: ${errorMessage(error)}`);
	}
}

async function observeLock(lockPath: string): Promise<ObservedLock> {
	let handle: FileHandle;
	try {
		handle = await open(lockPath, 'r');
	} catch (error) {
		if (errorCode(error) === 'ENOENT') return { kind: 'missing' };
		throw new Error(`Cannot read lock ${lockPath}: ${errorMessage(error)}`);
	}
	try {
		// stat and content from one handle, so they describe the same file even if it is replaced meanwhile.
		const stats = await handle.stat();
		const text = await handle.readFile('utf8');
		const identity = `${stats.dev}:${stats.ino}:${text}`;
		const holder = parseHolder(text);
		return holder === null ? { kind: 'unreadable', identity, modifiedMs: stats.mtimeMs } : { kind: 'holder', holder, identity, modifiedMs: stats.mtimeMs };
	} finally {
		await handle.close();
	}
}

function parseHolder(text: string): LockHolder | null {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return null;
	}
	if (typeof value !== 'object' || value === null) return null;
	const { pid, host, token, acquired_at } = value as Record<string, unknown>;
	// pid 0 or negative would make process.kill(pid, 0) probe a process group, not a process.
	if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return null;
	if (typeof host !== 'string' || host === '' || typeof token !== 'string' || token === '' || typeof acquired_at !== 'string') return null;
	return { pid, host, token, acquired_at };
}

function isAbandoned(observed: ObservedLock, settings: Settings): boolean {
	if (observed.kind === 'missing') return false;
	if (observed.kind === 'unreadable') return Date.now() - observed.modifiedMs >= settings.abandonedUnreadableLockMs;
	return observed.holder.host === hostname() && !processIsAlive(observed.holder.pid);
}

function processIsAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it exists but belongs to another user.
		return errorCode(error) !== 'ESRCH';
	}
}

/**
 * Deletes an abandoned lock unless it changed since it was judged abandoned. Two reclaimers must not
 * both win (the second would delete the first one's fresh lock), so the check-and-delete runs under a
 * second, short-lived lock `<lock>.reclaim`. Returns null when the caller should retry creating the
 * lock, or why the reclaim could not happen now.
 */
async function reclaimAbandonedLock(lockPath: string, abandonedIdentity: string, settings: Settings): Promise<string | null> {
	const reclaimPath = `${lockPath}.reclaim`;
	const reclaimToken = newToken();
	if ((await tryCreateLockFile(reclaimPath, reclaimToken, settings.fileSystem)) === null) {
		const other = await observeLock(reclaimPath);
		if (other.kind === 'missing') return null;
		// A reclaimer holds this for milliseconds; one that died in between would block every writer forever.
		if (isAbandoned(other, settings)) {
			await breakAbandonedLock(reclaimPath, other.identity);
			return null;
		}
		return `it looks abandoned, but ${reclaimPath} is held by ${describeHolder(other)}`;
	}
	try {
		const current = await observeLock(lockPath);
		if (current.kind !== 'missing' && current.identity === abandonedIdentity && isAbandoned(current, settings)) {
			await unlink(lockPath).catch((error: unknown) => {
				if (errorCode(error) !== 'ENOENT') throw new Error(`Cannot remove abandoned lock ${lockPath}: ${errorMessage(error)}`);
			});
		}
		return null;
	} finally {
		await deleteIfOurs(reclaimPath, reclaimToken);
	}
}

// Moves the file aside under a unique name first, so that of two breakers only one gets it, then
// checks it is the file judged abandoned; a fresh one taken by mistake is put back.
async function breakAbandonedLock(path: string, abandonedIdentity: string): Promise<void> {
	const aside = `${path}.abandoned-${randomBytes(8).toString('hex')}`;
	try {
		await rename(path, aside);
	} catch (error) {
		if (errorCode(error) === 'ENOENT') return;
		throw new Error(`Cannot remove abandoned lock ${path}: ${errorMessage(error)}`);
	}
	const moved = await observeLock(aside);
	if (moved.kind !== 'missing' && moved.identity !== abandonedIdentity) {
		await link(aside, path).catch(() => undefined);
	}
	await unlink(aside).catch(() => undefined);
}

async function deleteIfOurs(lockPath: string, token: string): Promise<boolean> {
	const current = await observeLock(lockPath);
	if (current.kind !== 'holder' || current.holder.token !== token) return false;
	try {
		await unlink(lockPath);
		return true;
	} catch (error) {
		if (errorCode(error) === 'ENOENT') return false;
		throw new Error(`Cannot release lock ${lockPath}: ${errorMessage(error)}`);
	}
}

function describeHolder(observed: ObservedLock): string {
	if (observed.kind === 'missing') return 'nobody';
	if (observed.kind === 'unreadable') return `an unknown holder (unreadable lock file, last modified ${new Date(observed.modifiedMs).toISOString()})`;
	const { pid, host, acquired_at } = observed.holder;
	return `pid ${pid} on host ${sanitizeLine(host)} since ${sanitizeLine(acquired_at)}`;
}

function describeTimeout(lockPath: string, observed: ObservedLock, settings: Settings, reclaimObstacle: string | null): string {
	let message = `Lock ${lockPath} is held by ${describeHolder(observed)}; gave up after ${settings.timeoutMs} ms`;
	if (observed.kind === 'holder' && observed.holder.host !== hostname()) {
		message += ' (another host, so whether that process still runs cannot be checked from here; delete the lock file if it does not)';
	} else if (observed.kind === 'unreadable') {
		message += ` (it counts as abandoned once ${settings.abandonedUnreadableLockMs} ms old)`;
	}
	if (reclaimObstacle !== null) message += `; ${reclaimObstacle}`;
	return message;
}

function backoffMs(attempt: number): number {
	const ceiling = Math.min(MAX_BACKOFF_MS, 4 * 2 ** Math.min(attempt, 5));
	// Jitter keeps writers that collided once from colliding again in lockstep.
	return ceiling / 2 + Math.random() * (ceiling / 2);
}
