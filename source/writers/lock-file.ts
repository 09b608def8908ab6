/**
 * The lock file itself: creating it exclusively with its holder written and fsynced, reading who holds
 * it (with the stat and content of one open file), touching it for the heartbeat, and deleting it only
 * while it still carries our token. The waiting and reclaiming policy is file-lock.ts.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { open, readFile, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { sanitizeLine } from '../text/sanitize.js';
import { errorCode, errorMessage, type FileHandle, type WriterFileSystem } from './file-system.js';
import { WriteRefusal } from './write-refusal.js';

export interface LockHolder {
	pid: number;
	host: string;
	token: string;
	acquired_at: string;
	/** What the holder is doing (`signoff G3-002`), for the message of whoever waits. */
	purpose?: string;
}

export type ObservedLock =
	| { kind: 'missing' }
	| { kind: 'holder'; holder: LockHolder; identity: string; modifiedMs: number }
	| { kind: 'unreadable'; identity: string; modifiedMs: number };

const LOCK_FILE_MODE = 0o644;

export function newToken(): string {
	return randomBytes(16).toString('hex');
}

export async function touchIfOurs(lockPath: string, token: string): Promise<void> {
	try {
		const holder = parseHolder(await readFile(lockPath, 'utf8'));
		if (holder?.token !== token) return;
		const now = new Date();
		await utimes(lockPath, now, now);
	} catch {
		// A missed heartbeat only makes the lock look older; the next one may succeed.
	}
}

export function removeIfOursSync(lockPath: string, token: string): void {
	try {
		if (parseHolder(readFileSync(lockPath, 'utf8'))?.token === token) unlinkSync(lockPath);
	} catch {
		// Nothing to remove, or it cannot be removed now: the next writer reclaims it (dead pid).
	}
}

/** The holder written when we created the lock file; null when it already existed. */
export async function tryCreateLockFile(lockPath: string, token: string, fileSystem: WriterFileSystem, purpose?: string): Promise<LockHolder | null> {
	let handle: FileHandle;
	try {
		handle = await fileSystem.open(lockPath, LOCK_FILE_MODE);
	} catch (error) {
		if (errorCode(error) === 'EEXIST') return null;
		throw new WriteRefusal(`Cannot create lock ${lockPath}: ${errorMessage(error)}`);
	}
	const holder: LockHolder = { pid: process.pid, host: hostname(), token, acquired_at: new Date().toISOString(), ...(purpose ? { purpose } : {}) };
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
		throw new WriteRefusal(`Cannot write lock ${lockPath}: ${errorMessage(error)}`);
	}
}

export async function observeLock(lockPath: string): Promise<ObservedLock> {
	let handle: FileHandle;
	try {
		handle = await open(lockPath, 'r');
	} catch (error) {
		if (errorCode(error) === 'ENOENT') return { kind: 'missing' };
		throw new WriteRefusal(`Cannot read lock ${lockPath}: ${errorMessage(error)}`);
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
	const { pid, host, token, acquired_at, purpose } = value as Record<string, unknown>;
	// pid 0 or negative would make process.kill(pid, 0) probe a process group, not a process.
	if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return null;
	if (typeof host !== 'string' || host === '' || typeof token !== 'string' || token === '' || typeof acquired_at !== 'string') return null;
	return { pid, host, token, acquired_at, ...(typeof purpose === 'string' && purpose !== '' ? { purpose } : {}) };
}

export async function deleteIfOurs(lockPath: string, token: string): Promise<boolean> {
	const current = await observeLock(lockPath);
	if (current.kind !== 'holder' || current.holder.token !== token) return false;
	try {
		await unlink(lockPath);
		return true;
	} catch (error) {
		if (errorCode(error) === 'ENOENT') return false;
		throw new WriteRefusal(`Cannot release lock ${lockPath}: ${errorMessage(error)}`);
	}
}

export function describeHolder(observed: ObservedLock): string {
	if (observed.kind === 'missing') return 'nobody';
	if (observed.kind === 'unreadable') return `an unknown holder (unreadable lock file, last modified ${new Date(observed.modifiedMs).toISOString()})`;
	const { pid, host, acquired_at, purpose } = observed.holder;
	return `pid ${pid}${purpose ? ` (${sanitizeLine(purpose)})` : ''} on host ${sanitizeLine(host)} since ${sanitizeLine(acquired_at)}`;
}
