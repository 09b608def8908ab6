/**
 * A cross-process lock beside a file, as git does with `index.lock`: whoever creates `<file>.lock`
 * exclusively holds it. The lock file names its holder (pid, host, random token, time, what it is doing)
 * and the holder touches it every second (a heartbeat), so a waiter can tell a holder that is alive and
 * making progress (wait for it, however long the queue) from one that is dead (reclaim now) or wedged
 * (no heartbeat for `staleAfterMs`: reclaim). Any other lock is reported by holder, never deleted
 * silently. Held locks are removed on exit and on SIGINT, SIGTERM and SIGHUP.
 */
import { randomBytes } from 'node:crypto';
import { link, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { onAbruptExit } from './exit-cleanup.js';
import { errorCode, errorMessage, nodeFileSystem, type WriterFileSystem } from './file-system.js';
import {
	deleteIfOurs,
	describeHolder,
	type LockHolder,
	newToken,
	type ObservedLock,
	observeLock,
	removeIfOursSync,
	touchIfOurs,
	tryCreateLockFile,
} from './lock-file.js';
import { WriteRefusal } from './write-refusal.js';

export type { LockHolder } from './lock-file.js';

export interface LockOptions {
	/** Give up after this long even while the holder makes progress. Default: no limit. */
	timeoutMs?: number;
	/** A holder whose heartbeat is older than this counts as wedged (or gone) and is reclaimed. Default 30 s. */
	staleAfterMs?: number;
	/** How often a holder touches its lock file. Default 1 s. */
	heartbeatMs?: number;
	/** Age after which an empty or unreadable lock file (holder died while writing it) counts as abandoned. Default 5 s. */
	abandonedUnreadableLockMs?: number;
	/** After this long waiting, `onWait` is told who holds the lock. Default 1 s. */
	waitNoticeMs?: number;
	/** Called once per acquisition, with `waiting for <holder>…`, when the wait lasts `waitNoticeMs`. */
	onWait?: (message: string) => void;
	/** Written into the lock file for whoever has to wait for us. */
	purpose?: string;
	/** Swapped by tests to make file-system calls fail. */
	fileSystem?: WriterFileSystem;
}

export interface HeldLock {
	readonly lockPath: string;
	readonly holder: LockHolder;
	/** Whether the lock file still carries our token (false once released, revoked by a signal, or reclaimed by another process). */
	isHeld(): Promise<boolean>;
	/** Throws, naming the lock, unless it is still ours: called before each replace so a writer that lost its lock writes nothing more. */
	assertHeld(): Promise<void>;
	/** Deletes the lock file if it still carries our token. False when it did not (or was already released). */
	release(): Promise<boolean>;
}

export const DEFAULT_STALE_AFTER_MS = 30_000;
export const DEFAULT_HEARTBEAT_MS = 1_000;
export const DEFAULT_ABANDONED_UNREADABLE_LOCK_MS = 5_000;
export const DEFAULT_WAIT_NOTICE_MS = 1_000;
const MAX_BACKOFF_MS = 100;

interface Settings {
	timeoutMs: number;
	staleAfterMs: number;
	heartbeatMs: number;
	abandonedUnreadableLockMs: number;
	fileSystem: WriterFileSystem;
}

export function lockPathFor(target: string): string {
	return `${target}.lock`;
}

/**
 * Waits until `<target>.lock` can be created: as long as its holder is alive and its heartbeat fresh
 * (bounded only by `timeoutMs` when given), reclaiming a lock whose holder is dead on this host, wedged,
 * or unreadable and old. The lock content is written and fsynced before this resolves.
 */
export async function acquireFileLock(target: string, options: LockOptions = {}): Promise<HeldLock> {
	const settings: Settings = {
		timeoutMs: options.timeoutMs ?? Number.POSITIVE_INFINITY,
		staleAfterMs: options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS,
		heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
		abandonedUnreadableLockMs: options.abandonedUnreadableLockMs ?? DEFAULT_ABANDONED_UNREADABLE_LOCK_MS,
		fileSystem: options.fileSystem ?? nodeFileSystem,
	};
	const lockPath = lockPathFor(target);
	const token = newToken();
	const started = Date.now();
	const noticeAt = started + (options.waitNoticeMs ?? DEFAULT_WAIT_NOTICE_MS);
	let noticed = false;
	for (let attempt = 0; ; attempt += 1) {
		const holder = await tryCreateLockFile(lockPath, token, settings.fileSystem, options.purpose);
		if (holder !== null) return heldLock(lockPath, holder, settings);
		const observed = await observeLock(lockPath);
		if (observed.kind === 'missing') continue;
		let reclaimObstacle: string | null = null;
		if (isAbandoned(observed, settings)) {
			reclaimObstacle = await reclaimAbandonedLock(lockPath, observed.identity, settings);
			if (reclaimObstacle === null) continue;
		}
		const now = Date.now();
		const remainingMs = started + settings.timeoutMs - now;
		if (remainingMs <= 0) throw new WriteRefusal(describeTimeout(lockPath, observed, settings, reclaimObstacle));
		if (!noticed && now >= noticeAt && options.onWait) {
			noticed = true;
			options.onWait(`waiting for ${describeHolder(observed)}, which holds ${basename(lockPath)}…`);
		}
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

function heldLock(lockPath: string, holder: LockHolder, settings: Settings): HeldLock {
	let released = false;
	let revokedBy: string | null = null;
	const heartbeat = setInterval(() => {
		if (!released && revokedBy === null) void touchIfOurs(lockPath, holder.token);
	}, settings.heartbeatMs);
	heartbeat.unref();
	const forget = onAbruptExit(() => {
		revokedBy = 'the process is exiting or was signalled';
		clearInterval(heartbeat);
		removeIfOursSync(lockPath, holder.token);
	});
	const isHeld = async (): Promise<boolean> => {
		if (released || revokedBy !== null) return false;
		const current = await observeLock(lockPath);
		return current.kind === 'holder' && current.holder.token === holder.token;
	};
	return {
		lockPath,
		holder,
		isHeld,
		async assertHeld() {
			if (await isHeld()) return;
			const why = released ? 'it was released' : (revokedBy ?? 'another process reclaimed it after its heartbeat stopped');
			throw new WriteRefusal(`Lock ${lockPath} is no longer held by this process (${why}); nothing more was written`);
		},
		async release() {
			if (released) return false;
			released = true;
			clearInterval(heartbeat);
			forget();
			if (revokedBy !== null) return false;
			return deleteIfOurs(lockPath, holder.token);
		},
	};
}

function isAbandoned(observed: ObservedLock, settings: Settings): boolean {
	if (observed.kind === 'missing') return false;
	const age = Date.now() - observed.modifiedMs;
	if (observed.kind === 'unreadable') return age >= settings.abandonedUnreadableLockMs;
	if (observed.holder.host === hostname() && !processIsAlive(observed.holder.pid)) return true;
	// Alive (or on another host, where that cannot be checked) but no heartbeat for this long: wedged or gone.
	return age >= settings.staleAfterMs;
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
				if (errorCode(error) !== 'ENOENT') throw new WriteRefusal(`Cannot remove abandoned lock ${lockPath}: ${errorMessage(error)}`);
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
		throw new WriteRefusal(`Cannot remove abandoned lock ${path}: ${errorMessage(error)}`);
	}
	const moved = await observeLock(aside);
	if (moved.kind !== 'missing' && moved.identity !== abandonedIdentity) {
		await link(aside, path).catch(() => undefined);
	}
	await unlink(aside).catch(() => undefined);
}

function describeTimeout(lockPath: string, observed: ObservedLock, settings: Settings, reclaimObstacle: string | null): string {
	let message = `Lock ${lockPath} is held by ${describeHolder(observed)}; gave up after ${settings.timeoutMs} ms`;
	if (observed.kind === 'holder' && observed.holder.host !== hostname()) {
		message += ` (another host, so whether that process still runs cannot be checked from here; it counts as gone once its heartbeat is ${settings.staleAfterMs} ms old)`;
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
