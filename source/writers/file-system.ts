/**
 * The few file-system calls whose failure decides whether a write is whole: the writers take them
 * through this object so tests can make each one fail in turn. Everything else (stat, read, unlink)
 * goes to node:fs directly.
 */

import type { FileHandle } from 'node:fs/promises';
import { open, rename } from 'node:fs/promises';

export type { FileHandle };

export interface WriterFileSystem {
	/** Always an exclusive create (`wx`): lock files and temp files must never reuse an existing file. */
	open(path: string, mode: number): Promise<FileHandle>;
	/** Writes all of `data` from the start of the file. */
	write(handle: FileHandle, data: Uint8Array): Promise<void>;
	fsync(handle: FileHandle): Promise<void>;
	rename(from: string, to: string): Promise<void>;
	/** Makes a rename in `directory` durable. */
	fsyncDirectory(directory: string): Promise<void>;
}

// Some file systems cannot fsync a directory; there the rename is as durable as it can be made.
const DIRECTORY_FSYNC_UNSUPPORTED = new Set(['EINVAL', 'ENOTSUP', 'EISDIR']);

export const nodeFileSystem: WriterFileSystem = {
	open: (path, mode) => open(path, 'wx', mode),
	write: (handle, data) => handle.writeFile(data),
	fsync: (handle) => handle.sync(),
	rename: (from, to) => rename(from, to),
	async fsyncDirectory(directory) {
		const handle = await open(directory, 'r');
		try {
			await handle.sync();
		} catch (error) {
			if (!DIRECTORY_FSYNC_UNSUPPORTED.has(errorCode(error) ?? '')) throw error;
		} finally {
			await handle.close();
		}
	},
};

/** The `code` of a Node system error (`ENOENT`, `EEXIST`, ...), if it has one. */
export function errorCode(error: unknown): string | undefined {
	if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
	return typeof error.code === 'string' ? error.code : undefined;
}

/** The message of anything thrown, on one line. */
export function errorMessage(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	return message.replace(/\s*[\r\n]+\s*/g, ' ');
}
