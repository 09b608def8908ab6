/**
 * Follows a log file that a command appends to, handing every new byte on as it arrives.
 *
 * Once it has read everything, the follower sleeps until the file grows (fs.watch) instead of polling, and
 * it reads at most every MIN_INTERVAL_MS: a flood is read in large chunks a few times per frame rather
 * than once per write of the command, and a trickle still shows within a frame. The watch is there only
 * while the follower waits: kept through a flood, it would deliver an event for every write the command
 * makes (tens of thousands for 200 MB, measured as most of the following's CPU time). Where the file
 * cannot be watched it polls. Nothing here knows about processes: the caller says when the writer is
 * done and wakes the follower when that changes. Without a reader (nobody wants the output) it only
 * waits for the writer to be done, and looks at the last byte.
 */

import { type FSWatcher, watch } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { lastByteOf } from './log-file.js';

// The most read at once: memory stays bounded however fast the command prints.
const CHUNK_BYTES = 1024 * 1024;
// A read smaller than this is copied out, so the large read buffer is reused instead of handed on.
const COPY_BELOW_BYTES = 64 * 1024;
// A growing file wakes the follower at most this often.
const MIN_INTERVAL_MS = 10;
// A watch can miss an event (some file systems): look anyway this often.
const WATCH_FALLBACK_MS = 1000;
// Where the file cannot be watched, how often it is checked for new output.
const POLL_MS = 50;
// Once the writer's leader exited, how often we look whether the writer is done.
const DRAIN_POLL_MS = 25;

export interface FollowOptions {
	/** The file, for the watch. */
	path: string;
	/** A descriptor of our own for reading, so following never moves the offset the writer appends at; null to read nothing. */
	reader: FileHandle | null;
	/** Where the output starts (after the header). */
	offset: number;
	/** New bytes; the chunk is the receiver's to keep. */
	onChunk: (chunk: Buffer) => void;
	/** Whether nothing more will be written (checked before each read: the read after it is the last). */
	writerDone: () => boolean;
	/** Whether the writer's main process exited (then its stragglers are waited for by polling). */
	writerExited: () => boolean;
}

export class LogFollower {
	readonly #options: FollowOptions;
	#offset: number;
	// Ends the current sleep: any sleep on wake() (the writer exited), only a wait for output when the file grows.
	#wake: (() => void) | null = null;
	#sleepIsForOutput = false;
	#grew = true;
	#watcher: FSWatcher | null = null;
	#watchFailed = false;
	#lastReadAt = Number.NEGATIVE_INFINITY;

	constructor(options: FollowOptions) {
		this.#options = options;
		this.#offset = options.offset;
	}

	/** Something the follower waits for changed (the writer exited): look again now. */
	wake(): void {
		this.#wake?.();
	}

	/** Follows until the writer is done and everything is read; returns the last byte read (-1 for none). */
	async follow(): Promise<number> {
		const { reader, onChunk, writerDone, writerExited } = this.#options;
		if (reader === null) {
			// Woken when the writer's main process exits; then polled until its stragglers are gone.
			while (!writerDone()) await this.#sleep(writerExited() ? DRAIN_POLL_MS : WATCH_FALLBACK_MS);
			return lastByteOf(this.#options.path, this.#options.offset);
		}
		let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
		let lastByte = -1;
		try {
			for (;;) {
				// Decided before reading, so the read that follows is the final one when it finds nothing.
				const finished = writerDone();
				this.#grew = false;
				this.#lastReadAt = performance.now();
				const { bytesRead } = await reader.read(buffer, 0, buffer.byteLength, this.#offset);
				if (bytesRead > 0) {
					this.#offset += bytesRead;
					lastByte = buffer[bytesRead - 1] ?? -1;
					if (bytesRead < COPY_BELOW_BYTES) onChunk(Buffer.from(buffer.subarray(0, bytesRead)));
					else {
						onChunk(buffer.subarray(0, bytesRead));
						buffer = Buffer.allocUnsafe(CHUNK_BYTES);
					}
				}
				if (bytesRead === buffer.byteLength) continue;
				if (finished) {
					if (bytesRead === 0) break;
					continue;
				}
				await this.#idle(reader);
			}
		} finally {
			this.#stopWatching();
		}
		return lastByte;
	}

	async #idle(reader: FileHandle): Promise<void> {
		if (this.#options.writerExited()) {
			await this.#sleep(DRAIN_POLL_MS);
			return;
		}
		if (!this.#startWatching()) {
			await this.#sleep(POLL_MS);
			return;
		}
		try {
			// What was written between the last read and the start of the watch raised no event.
			const { size } = await reader.stat();
			if (size <= this.#offset && !this.#grew) await this.#sleep(WATCH_FALLBACK_MS, true);
		} finally {
			this.#stopWatching();
		}
		// Growth does not cut this short: output that keeps coming is read in batches, not write by write.
		const wait = this.#lastReadAt + MIN_INTERVAL_MS - performance.now();
		if (wait > 0 && !this.#options.writerExited()) await this.#sleep(wait);
	}

	#startWatching(): boolean {
		if (this.#watchFailed) return false;
		try {
			// Not persistent: the child process keeps the loop alive while it runs, not this watch.
			this.#watcher = watch(this.#options.path, { persistent: false }, () => {
				this.#grew = true;
				if (this.#sleepIsForOutput) this.#wake?.();
			});
			this.#watcher.on('error', () => {
				this.#stopWatching();
				this.#watchFailed = true;
				this.#wake?.();
			});
		} catch {
			this.#watchFailed = true;
			return false;
		}
		return true;
	}

	#stopWatching(): void {
		this.#watcher?.close();
		this.#watcher = null;
	}

	#sleep(ms: number, forOutput = false): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(done, ms);
			const wake = (): void => {
				if (this.#wake === wake) this.#wake = null;
				done();
			};
			function done(): void {
				clearTimeout(timer);
				resolve();
			}
			this.#wake = wake;
			this.#sleepIsForOutput = forOutput;
		});
	}
}
