/**
 * The bounded, display-ready tail of a command's output. Raw bytes go to the log file elsewhere; this
 * keeps only what a screen can show, so memory stays flat for a gigabyte of output or one giant line:
 * at most `tailLines` finished lines, plus one bounded in-progress line per stream.
 *
 * Each stream has its own streaming UTF-8 decoder (a character split across chunks survives; invalid
 * bytes become U+FFFD) and its own in-progress line, so a progress bar on stderr does not wipe
 * half-written stdout text. Finished lines of both streams share one tail in arrival order.
 */

import { sanitizeLine } from '../text/sanitize.js';

export type OutputSource = 'stdout' | 'stderr';

/** What a view needs to draw the output pane. `lines` are sanitized and at most `maxLineWidth` long. */
export interface OutputSnapshot {
	/** The last display lines, oldest first; in-progress lines (latest `\r` state) come last. */
	lines: string[];
	/** Display lines produced so far, in-progress ones included; `totalLines - lines.length` scrolled away. */
	totalLines: number;
	/** Raw bytes received from stdout and stderr. */
	bytes: number;
	running: boolean;
}

export interface OutputTailOptions {
	tailLines: number;
	maxLineWidth: number;
}

// An escape sequence cut in two when a giant line is compacted would show its second half as text, so a
// sequence starting this close to the end is held back raw until more input arrives.
const ESCAPE_HOLD_BACK = 256;
const ESCAPE_INTRODUCERS = ['\u001B', '\u009B', '\u009D', '\u0090', '\u0098', '\u009E', '\u009F'];
const LINE_BREAK = /[\r\n]/g;

export class OutputTail {
	readonly #finished: LineRing;
	readonly #streams: Record<OutputSource, LineAssembler>;
	readonly #tailLines: number;
	#bytes = 0;

	constructor(options: OutputTailOptions) {
		this.#tailLines = options.tailLines;
		this.#finished = new LineRing(options.tailLines);
		const keep = (line: string, raw: boolean): void => this.#finished.push(line, raw);
		this.#streams = {
			stdout: new LineAssembler(options.maxLineWidth, keep),
			stderr: new LineAssembler(options.maxLineWidth, keep),
		};
	}

	push(source: OutputSource, chunk: Uint8Array): void {
		this.#bytes += chunk.byteLength;
		this.#streams[source].push(chunk);
		this.#finished.settle();
	}

	/** The streams have ended: flush the decoders and finish any unterminated line. */
	finish(): void {
		this.#streams.stdout.finish();
		this.#streams.stderr.finish();
		this.#finished.settle();
	}

	snapshot(running: boolean): OutputSnapshot {
		const inProgress = [...this.#streams.stdout.inProgressLines(), ...this.#streams.stderr.inProgressLines()];
		const finishedWanted = Math.max(0, this.#tailLines - inProgress.length);
		const lines = [...this.#finished.last(finishedWanted), ...inProgress].slice(-this.#tailLines);
		return { lines, totalLines: this.#finished.total + inProgress.length, bytes: this.#bytes, running };
	}
}

/**
 * Fixed-capacity ring of the most recent display lines; counts every line ever pushed.
 *
 * Short lines arrive raw and are sanitized in `settle`, once per chunk and only for the lines still in
 * the ring: a chunk of 30 000 tiny lines costs 2 000 sanitizations, not 30 000. `settle` also copies
 * each kept line, because a substring can keep its whole source chunk alive in V8, and 2 000 lines from
 * 2 000 different 64 KiB chunks would otherwise pin a quarter of a gigabyte.
 */
class LineRing {
	readonly #slots: string[] = [];
	readonly #raw: boolean[] = [];
	readonly #capacity: number;
	#next = 0;
	#unsettled = 0;
	total = 0;

	constructor(capacity: number) {
		this.#capacity = capacity;
	}

	/** `raw` lines must be known to make exactly one display row once sanitized. */
	push(line: string, raw: boolean): void {
		if (this.#slots.length < this.#capacity) {
			this.#slots.push(line);
			this.#raw.push(raw);
		} else {
			this.#slots[this.#next] = line;
			this.#raw[this.#next] = raw;
		}
		this.#next = (this.#next + 1) % this.#capacity;
		this.#unsettled = Math.min(this.#unsettled + 1, this.#capacity);
		this.total += 1;
	}

	settle(): void {
		const size = this.#slots.length;
		for (let back = 1; back <= this.#unsettled; back += 1) {
			const index = (this.#next - back + size) % size;
			const line = this.#slots[index] ?? '';
			const clean = this.#raw[index] ? sanitizeLine(line) : line;
			// A sanitizer that changed something already built a new string.
			this.#slots[index] = clean === line ? detachedCopy(line) : clean;
			this.#raw[index] = false;
		}
		this.#unsettled = 0;
	}

	/** Up to `count` most recent lines, oldest first. Call `settle` first. */
	last(count: number): string[] {
		const size = this.#slots.length;
		const available = Math.min(count, size);
		const out: string[] = [];
		for (let back = available; back >= 1; back -= 1) out.push(this.#slots[(this.#next - back + size) % size] ?? '');
		return out;
	}
}

// Concatenation plus slice forces V8 to flatten into a fresh string, so the copy no longer points into
// the (much larger) decoded chunk it was cut from. Short strings are always copied anyway.
function detachedCopy(text: string): string {
	return text.length < 16 ? text : ` ${text}`.slice(1);
}

/**
 * Turns one stream's bytes into display lines. `#pending` holds the current line since its last `\r`;
 * it may begin with text that was already sanitized during compaction, which is harmless because
 * sanitizing is idempotent.
 */
class LineAssembler {
	readonly #decoder = new TextDecoder('utf-8', { fatal: false });
	readonly #maxLineWidth: number;
	readonly #compactAbove: number;
	readonly #emit: (line: string, raw: boolean) => void;
	#pending = '';
	// A `\r` is only known to restart the line once the next character is seen: `\r\n` ends it instead.
	#carriageReturnPending = false;
	// Rows of an overlong line already emitted; an empty remainder then adds no extra blank row.
	#currentLineHasRows = false;

	constructor(maxLineWidth: number, emit: (line: string, raw: boolean) => void) {
		this.#maxLineWidth = maxLineWidth;
		this.#compactAbove = 2 * maxLineWidth + ESCAPE_HOLD_BACK;
		this.#emit = emit;
	}

	push(chunk: Uint8Array): void {
		this.#consume(this.#decoder.decode(chunk, { stream: true }));
	}

	finish(): void {
		this.#consume(this.#decoder.decode());
		if (this.#pending !== '') this.#endLine();
		this.#pending = '';
		this.#carriageReturnPending = false;
		this.#currentLineHasRows = false;
	}

	inProgressLines(): string[] {
		return this.#pending === '' ? [] : splitIntoRows(sanitizeLine(this.#pending), this.#maxLineWidth);
	}

	#consume(text: string): void {
		if (text === '') return;
		if (this.#carriageReturnPending) {
			if (text[0] !== '\n' && text[0] !== '\r') this.#pending = '';
			this.#carriageReturnPending = false;
		}
		if (!text.includes('\r')) {
			// The common case, kept free of per-character work.
			let start = 0;
			for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
				this.#append(text.slice(start, newline));
				this.#endLine();
				start = newline + 1;
			}
			this.#append(text.slice(start));
			return;
		}
		let position = 0;
		while (position < text.length) {
			if (this.#carriageReturnPending) {
				const next = text[position];
				if (next !== '\n' && next !== '\r') this.#pending = '';
				this.#carriageReturnPending = false;
			}
			LINE_BREAK.lastIndex = position;
			const match = LINE_BREAK.exec(text);
			if (match === null) {
				this.#append(text.slice(position));
				return;
			}
			this.#append(text.slice(position, match.index));
			if (match[0] === '\n') this.#endLine();
			else this.#carriageReturnPending = true;
			position = match.index + 1;
		}
	}

	#append(text: string): void {
		if (text === '') return;
		this.#pending = this.#pending === '' ? text : this.#pending + text;
		if (this.#pending.length > this.#compactAbove) this.#compact();
	}

	// Emits the full-width rows of an overlong line so that the line held in memory stays bounded.
	#compact(): void {
		let raw = this.#pending;
		let heldBack = '';
		const escapeStart = lastEscapeIntroducer(raw);
		if (escapeStart !== -1 && raw.length - escapeStart <= ESCAPE_HOLD_BACK) {
			heldBack = raw.slice(escapeStart);
			raw = raw.slice(0, escapeStart);
		}
		const rows = splitIntoRows(sanitizeLine(raw), this.#maxLineWidth);
		const last = rows.pop() ?? '';
		let remainder = last;
		if (last.length >= this.#maxLineWidth) {
			rows.push(last);
			remainder = '';
		}
		for (const row of rows) this.#emit(row, false);
		if (rows.length > 0) this.#currentLineHasRows = true;
		this.#pending = remainder + heldBack;
	}

	#endLine(): void {
		const line = this.#pending;
		this.#pending = '';
		// Sanitizing only removes characters, except that tabs expand: without a tab, a line within the
		// width is one row whatever it holds, so sanitizing can wait until the line is known to be kept.
		if (line.length <= this.#maxLineWidth && !this.#currentLineHasRows && !line.includes('\t')) {
			this.#emit(line, true);
			return;
		}
		const rows = splitIntoRows(sanitizeLine(line), this.#maxLineWidth);
		const emptyRemainder = rows.length === 1 && rows[0] === '';
		if (!(emptyRemainder && this.#currentLineHasRows)) for (const row of rows) this.#emit(row, false);
		this.#currentLineHasRows = false;
	}
}

/** Cuts a sanitized line into rows of at most `width` UTF-16 units without splitting a surrogate pair. Always at least one row. */
export function splitIntoRows(line: string, width: number): string[] {
	if (line.length <= width) return [line];
	const rows: string[] = [];
	let start = 0;
	while (line.length - start > width) {
		let end = start + width;
		if (isHighSurrogate(line.charCodeAt(end - 1)) && end - 1 > start) end -= 1;
		rows.push(line.slice(start, end));
		start = end;
	}
	rows.push(line.slice(start));
	return rows;
}

function isHighSurrogate(code: number): boolean {
	return code >= 0xd800 && code <= 0xdbff;
}

function lastEscapeIntroducer(text: string): number {
	let last = -1;
	for (const introducer of ESCAPE_INTRODUCERS) last = Math.max(last, text.lastIndexOf(introducer));
	return last;
}
