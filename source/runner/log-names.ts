/**
 * Where command logs live, and how they move without ever replacing another log.
 *
 * A log that is not the one a status row names (a previous run's, a cancelled run's, one still running)
 * has a timestamped name beside it: `<stem>.<compact start>[-n]<ext>`, stamped with the start of the run
 * it records (readers treat such names as history). Every move goes through `link` + `unlink`, which fails
 * on an existing name instead of replacing it as `rename` would; a counter makes the name free.
 */

import { link, lstat, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { formatCompactUtc } from '../time/utc.js';
import { errorCode } from '../writers/file-system.js';

/** `<stem>.<compact start><ext>` beside `logPath`, with `-<attempt>` after the stamp from the second attempt on. */
export function timestampedName(logPath: string, start: Date, attempt = 1): string {
	const extension = path.extname(logPath);
	const stem = path.basename(logPath, extension);
	const stamp = formatCompactUtc(start);
	return path.join(path.dirname(logPath), `${stem}.${attempt === 1 ? stamp : `${stamp}-${attempt}`}${extension}`);
}

/**
 * Moves an existing log out of the way under its timestamped name (the stamp of its own start) and returns
 * its new path, or null when there was nothing at `logPath`.
 */
export async function keepPreviousLog(logPath: string): Promise<string | null> {
	if (!(await exists(logPath))) return null;
	const start = await startOfLog(logPath);
	for (let attempt = 1; ; attempt += 1) {
		const keptPath = timestampedName(logPath, start, attempt);
		if (await moveWithoutOverwriting(logPath, keptPath)) return keptPath;
	}
}

/** How a finished run's log takes its recorded name. */
export type Placement =
	/** The name the row already has: the log there is kept under its timestamped name. */
	| { kind: 'replace'; path: string }
	/** A new name per run (append-style files): the first of `path`, `<stem>-2<ext>`, ... that is free. */
	| { kind: 'fresh'; path: string };

export interface PlacedLog {
	/** Where the run's log is now. */
	path: string;
	/** Where the log that had that name went (replace only), or null. */
	previous: string | null;
}

/**
 * Puts a finished run's log (written under a name of its own) at its recorded name. On any failure the
 * logs are left (or put back) as they were and the error is thrown.
 */
export async function placeLog(runLog: string, placement: Placement): Promise<PlacedLog> {
	if (placement.kind === 'fresh') {
		const extension = path.extname(placement.path);
		const stem = placement.path.slice(0, placement.path.length - extension.length);
		for (let attempt = 1; ; attempt += 1) {
			const candidate = attempt === 1 ? placement.path : `${stem}-${attempt}${extension}`;
			if (await moveWithoutOverwriting(runLog, candidate)) return { path: candidate, previous: null };
		}
	}
	let previous: string | null = null;
	for (let attempt = 0; ; attempt += 1) {
		const kept = await keepPreviousLog(placement.path);
		previous = kept ?? previous;
		let moved: boolean;
		try {
			moved = await moveWithoutOverwriting(runLog, placement.path);
		} catch (error) {
			if (kept !== null) await moveWithoutOverwriting(kept, placement.path).catch(() => false);
			throw error;
		}
		if (moved) return { path: placement.path, previous };
		// Someone else put a log there meanwhile: keep that one too.
		if (attempt >= 3) throw new Error(`${placement.path} keeps reappearing; the run's log stays at ${runLog}`);
	}
}

/** Undoes `placeLog` (best effort) when the run could not be recorded after all. */
export async function unplaceLog(placed: PlacedLog, runLog: string): Promise<void> {
	if (!(await moveWithoutOverwriting(placed.path, runLog))) return;
	if (placed.previous !== null) await moveWithoutOverwriting(placed.previous, placed.path);
}

// link() fails with EEXIST instead of replacing, which rename() would do silently; a file system without
// hard links falls back to check-then-rename.
async function moveWithoutOverwriting(from: string, to: string): Promise<boolean> {
	try {
		await link(from, to);
	} catch (error) {
		if (errorCode(error) === 'EEXIST') return false;
		const code = errorCode(error);
		if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
		if (await exists(to)) return false;
		await rename(from, to);
		return true;
	}
	await unlink(from);
	return true;
}

async function exists(filePath: string): Promise<boolean> {
	try {
		await lstat(filePath);
		return true;
	} catch (error) {
		if (errorCode(error) === 'ENOENT') return false;
		throw error;
	}
}

const START_LINE = /^# start_utc: (\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/m;

/** When the log at `logPath` started, by its header, else its modification time; now when there is none. */
async function startOfLog(logPath: string): Promise<Date> {
	let file: Awaited<ReturnType<typeof open>>;
	try {
		file = await open(logPath, 'r');
	} catch {
		return new Date();
	}
	try {
		const head = Buffer.alloc(1024);
		const { bytesRead } = await file.read(head, 0, head.length, 0);
		const match = START_LINE.exec(head.toString('latin1', 0, bytesRead));
		if (match) return new Date(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}Z`);
		return (await file.stat()).mtime;
	} finally {
		await file.close();
	}
}
