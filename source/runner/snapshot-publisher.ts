/**
 * Batches output changes into at most one snapshot per interval (plus a final one), outside React, so a
 * view re-renders a few times per second however fast the command writes. Snapshots are built only when
 * someone listens and only when one is due.
 */

import type { OutputSnapshot } from './output-tail.js';

export type SnapshotListener = (snapshot: OutputSnapshot) => void;

export const DEFAULT_SNAPSHOT_INTERVAL_MS = 75;

export class SnapshotPublisher {
	readonly #produce: () => OutputSnapshot;
	readonly #intervalMs: number;
	readonly #listeners = new Set<SnapshotListener>();
	#timer: NodeJS.Timeout | undefined;
	#lastPublishedAt = Number.NEGATIVE_INFINITY;
	#closed = false;

	constructor(produce: () => OutputSnapshot, intervalMs = DEFAULT_SNAPSHOT_INTERVAL_MS) {
		this.#produce = produce;
		this.#intervalMs = intervalMs;
	}

	/** Returns the unsubscribe function. Listeners added after the final snapshot are never called. */
	subscribe(listener: SnapshotListener): () => void {
		if (this.#closed) return () => {};
		this.#listeners.add(listener);
		return () => {
			this.#listeners.delete(listener);
		};
	}

	/** Something changed: publish now if the interval has passed, otherwise once it has. */
	changed(): void {
		if (this.#closed || this.#timer !== undefined || this.#listeners.size === 0) return;
		const wait = Math.max(0, this.#lastPublishedAt + this.#intervalMs - Date.now());
		// Even a zero wait goes through a timer so that the chunks of one event-loop turn share a snapshot.
		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			this.#publish();
		}, wait);
	}

	/** Publishes the last snapshot (running: false is up to the producer) and stops. */
	publishFinal(): void {
		if (this.#closed) return;
		clearTimeout(this.#timer);
		this.#timer = undefined;
		this.#publish();
		this.#closed = true;
		this.#listeners.clear();
	}

	#publish(): void {
		this.#lastPublishedAt = Date.now();
		if (this.#listeners.size === 0) return;
		const snapshot = this.#produce();
		for (const listener of this.#listeners) {
			try {
				listener(snapshot);
			} catch (error) {
				// A throwing listener is the caller's bug: surface it like an EventEmitter listener would,
				// without turning it into a failure of the command or skipping the other listeners.
				process.nextTick(() => {
					throw error;
				});
			}
		}
	}
}
