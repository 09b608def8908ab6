/**
 * A terminal for rendering Ink in-process without a TTY: the output side counts what Ink writes (and keeps
 * it when asked), the input side feeds keys to Ink's raw-mode reader. Used by view tests and the TUI benches.
 */
import { EventEmitter } from 'node:events';

// Ink brackets each frame in synchronized-update markers on a TTY: those writes are not frames.
const SYNC_MARKERS = /\u001B\[\?2026[hl]/g;

export class FakeTerminalOutput extends EventEmitter {
	isTTY = true;
	columns = 100;
	rows = 30;
	/** Every write, markers included. */
	writes = 0;
	/** Writes that drew something. */
	frames = 0;
	/** Everything written, when constructed with `keep` (benches leave it off to stay small). */
	output = '';

	constructor(private readonly keep = true) {
		super();
	}

	write = (chunk: string): boolean => {
		this.writes += 1;
		if (this.keep) this.output += chunk;
		if (chunk.replace(SYNC_MARKERS, '') !== '') {
			this.frames += 1;
			this.emit('frame', chunk);
		}
		return true;
	};
}

/** Enough of a TTY's input side for Ink's raw-mode reader. */
export class FakeTerminalInput extends EventEmitter {
	isTTY = true;
	private pending: string | null = null;
	setEncoding(): void {}
	setRawMode(): void {}
	resume(): void {}
	pause(): void {}
	ref(): void {}
	unref(): void {}
	read = (): string | null => {
		const data = this.pending;
		this.pending = null;
		return data;
	};
	type(data: string): void {
		this.pending = data;
		this.emit('readable');
	}
}
