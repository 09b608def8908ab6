import { isCleanText } from '../text/clean-bytes.js';
import { sanitizeText } from '../text/sanitize.js';

/** Lines longer than this are printed in pieces, so one endless line cannot hold memory. */
const MAX_PENDING_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

/** Where printed output goes: strings for our own text, bytes for output passed through untouched. */
export type PrintSink = (chunk: string | Uint8Array) => void;

/** On a terminal, at most `lines` lines are printed per `intervalMs`; the rest is summed up, pointing at the log. */
export interface FrameLimit {
	lines: number;
	intervalMs: number;
	/** Shown in the note, where every byte is. */
	logPath: string;
}

/**
 * Prints a command's raw output for a terminal or a pipe. Complete lines go out as blocks: a block that
 * is already clean (clean-bytes.ts: valid UTF-8, no control character but the newline) is passed through
 * as the same bytes; any other is decoded and sanitized (escape sequences and controls dropped, a `\r`
 * progress line in its last state, tabs expanded). A last line without its newline waits for the rest.
 *
 * With a frame limit (a terminal), a flood is not pushed through the terminal line by line: once a
 * frame's lines are printed, later lines of that frame are counted and only the last ones kept, and at
 * the frame's end `… N lines not shown (full output in <log>)` comes before them. The log has them all.
 */
export class LinePrinter {
	readonly #write: PrintSink;
	readonly #limit: FrameLimit | null;
	#pending: Buffer = Buffer.alloc(0);
	#frameTimer: NodeJS.Timeout | null = null;
	#printedInFrame = 0;
	#hidden = 0;
	#held: Buffer = Buffer.alloc(0);

	constructor(write: PrintSink, limit: FrameLimit | null = null) {
		this.#write = write;
		this.#limit = limit;
	}

	push(chunk: Uint8Array): void {
		const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
		const lastNewline = bytes.lastIndexOf(NEWLINE);
		if (lastNewline === -1) {
			this.#pending = this.#pending.byteLength === 0 ? Buffer.from(bytes) : Buffer.concat([this.#pending, bytes]);
			if (this.#pending.byteLength > MAX_PENDING_BYTES) this.#breakLongLine();
			return;
		}
		let complete = bytes.subarray(0, lastNewline + 1);
		if (this.#pending.byteLength > 0) {
			// Only the line the pending bytes begin is put together; the rest of the chunk is not copied.
			const firstEnd = bytes.indexOf(NEWLINE) + 1;
			this.#lines(Buffer.concat([this.#pending, bytes.subarray(0, firstEnd)]));
			complete = bytes.subarray(firstEnd, lastNewline + 1);
		}
		this.#pending = Buffer.from(bytes.subarray(lastNewline + 1));
		if (complete.byteLength > 0) this.#lines(complete);
	}

	/** Prints what is left: kept lines of the last frame and a last line without a newline. */
	flush(): void {
		if (this.#pending.byteLength > 0) {
			const rest = this.#pending;
			this.#pending = Buffer.alloc(0);
			this.#lines(Buffer.concat([rest, Buffer.from('\n')]));
		}
		this.#endFrame();
	}

	#breakLongLine(): void {
		const cut = characterBoundary(this.#pending, MAX_PENDING_BYTES);
		const piece = this.#pending.subarray(0, cut);
		this.#pending = Buffer.from(this.#pending.subarray(cut));
		this.#lines(Buffer.concat([piece, Buffer.from('\n')]));
	}

	/** A block of complete lines. */
	#lines(block: Buffer): void {
		if (this.#limit === null) {
			this.#write(isCleanText(block) ? block : sanitizeText(block.toString('utf8')));
			return;
		}
		this.#framed(isCleanText(block) ? block : Buffer.from(sanitizeText(block.toString('utf8'))), this.#limit);
	}

	#framed(block: Buffer, limit: FrameLimit): void {
		if (this.#frameTimer === null) {
			this.#frameTimer = setTimeout(() => this.#endFrame(), limit.intervalMs);
			this.#frameTimer.unref();
		}
		const room = limit.lines - this.#printedInFrame;
		if (this.#hidden === 0 && room > 0) {
			const shown = firstLines(block, room);
			this.#write(shown.bytes);
			this.#printedInFrame += shown.count;
			if (shown.bytes.byteLength === block.byteLength) return;
			block = block.subarray(shown.bytes.byteLength);
		}
		this.#hidden += countLines(block);
		// Copied, so a kept line does not pin the whole chunk it came in.
		const tail = lastLines(block, limit.lines);
		this.#held = Buffer.from(tail.complete ? tail.bytes : lastLines(Buffer.concat([this.#held, block]), limit.lines).bytes);
	}

	#endFrame(): void {
		if (this.#frameTimer !== null) clearTimeout(this.#frameTimer);
		this.#frameTimer = null;
		if (this.#limit !== null && this.#hidden > 0) {
			const notShown = this.#hidden - countLines(this.#held);
			if (notShown > 0)
				this.#write(`\u2026 ${notShown.toLocaleString('en-US')} ${notShown === 1 ? 'line' : 'lines'} not shown (full output in ${this.#limit.logPath})\n`);
			this.#write(this.#held);
		}
		this.#printedInFrame = 0;
		this.#hidden = 0;
		this.#held = Buffer.alloc(0);
	}
}

/** The first `count` lines of a block of complete lines, and how many that is. */
function firstLines(block: Buffer, count: number): { bytes: Buffer; count: number } {
	let end = 0;
	let taken = 0;
	while (taken < count) {
		const newline = block.indexOf(NEWLINE, end);
		if (newline === -1) break;
		end = newline + 1;
		taken += 1;
	}
	return { bytes: block.subarray(0, end), count: taken };
}

/** The last `count` lines of a block of complete lines; `complete` when the block had that many. */
function lastLines(block: Buffer, count: number): { bytes: Buffer; complete: boolean } {
	let start = block.byteLength - 1;
	for (let found = 0; found < count; found += 1) {
		const newline = start <= 0 ? -1 : block.lastIndexOf(NEWLINE, start - 1);
		if (newline === -1) return { bytes: block, complete: found + 1 >= count };
		start = newline;
	}
	return { bytes: block.subarray(start + 1), complete: true };
}

function countLines(block: Buffer): number {
	let count = 0;
	for (let at = block.indexOf(NEWLINE); at !== -1; at = block.indexOf(NEWLINE, at + 1)) count += 1;
	return count;
}

/** The largest cut at or below `limit` that does not split a UTF-8 character. */
function characterBoundary(bytes: Buffer, limit: number): number {
	let cut = Math.min(limit, bytes.byteLength);
	// Continuation bytes are 10xxxxxx: back off to the byte that starts the character.
	while (cut > 0 && cut < bytes.byteLength && ((bytes[cut] as number) & 0xc0) === 0x80 && limit - cut < 4) cut -= 1;
	return cut;
}
