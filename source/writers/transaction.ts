/**
 * Several files changed as one step (a sign-off's history, ledger and tracker): every file is locked in
 * one fixed order (sorted real paths, so two transactions over overlapping files never deadlock), read
 * and handed to `prepare` together; `prepare` validates everything and returns all new contents, or
 * throws to refuse, in which case nothing at all is written. Only then are the files replaced, one by one
 * in the order `prepare` gives (the intent record first), each through the same temp-file, fsync, rename
 * and folder fsync as a single write, each only while every lock is still ours.
 *
 * A crash between two replaces leaves the first files new and the rest old; callers make the first
 * write an intent record from which the rest can be completed (see source/signoff/pending.ts). A failure
 * there (a full disk, a lock lost) is thrown as a PartialWrite naming the files already replaced.
 */
import type { HeldLock } from './file-lock.js';
import { acquireFileLock } from './file-lock.js';
import { errorMessage, nodeFileSystem } from './file-system.js';
import { assertStillResolvesTo, DEFAULT_NEW_FILE_MODE, readCurrent, replaceFile, resolveWriteTarget, type SafeWriteOptions } from './safe-write.js';
import { PartialWrite, WriteRefusal } from './write-refusal.js';

export interface TransactionFile {
	/** Absolute, or relative to `repoRoot`. */
	target: string;
	/** Create it when missing (`prepare` then sees '' and `exists: false`). Default false. */
	createIfMissing?: boolean;
}

export interface TransactionFileState {
	/** The real path locked and (if written) replaced. */
	path: string;
	text: string;
	exists: boolean;
}

export interface TransactionPlan<T> {
	/** New contents, by index into the files, in the order they are to be written. Unchanged bytes are skipped. */
	writes: Array<{ file: number; text: string }>;
	result: T;
}

export interface TransactionOutcome<T> {
	result: T;
	/** Real paths actually replaced, in write order. */
	written: string[];
}

export type TransactionOptions = Omit<SafeWriteOptions, 'createIfMissing'>;

export async function writeFilesTogether<T>(
	files: readonly TransactionFile[],
	prepare: (current: TransactionFileState[]) => TransactionPlan<T>,
	options: TransactionOptions,
): Promise<TransactionOutcome<T>> {
	const fileSystem = options.fileSystem ?? nodeFileSystem;
	// Every refusal about where a file lives (symlink out of the repository, not a regular file) comes before any lock.
	const realPaths = await Promise.all(files.map((file) => resolveWriteTarget(file.target, options.repoRoot, file.createIfMissing ?? false)));
	const seen = new Map<string, number>();
	realPaths.forEach((real, index) => {
		const other = seen.get(real);
		if (other !== undefined)
			throw new WriteRefusal(`Refusing to write ${files[other]?.target} and ${files[index]?.target} together: they are the same file ${real}`);
		seen.set(real, index);
	});
	const locks: HeldLock[] = [];
	try {
		for (const real of [...realPaths].sort()) locks.push(await acquireFileLock(real, options));
		const current = await Promise.all(
			realPaths.map(async (real, index) => {
				await assertStillResolvesTo(real, options.repoRoot);
				return readCurrent(real, files[index]?.createIfMissing ?? false);
			}),
		);
		const plan = prepare(current.map((content, index) => ({ path: realPaths[index] ?? '', text: content.text, exists: content.bytes !== null })));
		const written: string[] = [];
		for (const { file, text } of plan.writes) {
			const real = realPaths[file];
			const before = current[file];
			if (real === undefined || before === undefined) throw new Error(`Transaction plan names file ${file}, but only ${files.length} were locked`);
			const bytes = Buffer.from(text, 'utf8');
			if (before.bytes !== null && bytes.equals(before.bytes)) continue;
			try {
				await Promise.all(locks.map((lock) => lock.assertHeld()));
				await replaceFile(real, bytes, before.stats, options.newFileMode ?? DEFAULT_NEW_FILE_MODE, fileSystem);
			} catch (error) {
				if (error instanceof WriteRefusal && error.afterReplace) written.push(real);
				if (written.length === 0) throw error;
				throw new PartialWrite(written, errorMessage(error));
			}
			written.push(real);
		}
		return { result: plan.result, written };
	} finally {
		for (const lock of locks.reverse()) await lock.release().catch(() => false);
	}
}
