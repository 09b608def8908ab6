import { sanitizeLine } from '../text/sanitize.js';

/** Lines longer than this are printed in pieces, so one endless line cannot hold memory. */
const MAX_PENDING_CHARACTERS = 64 * 1024;

/**
 * Turns a child's raw output into sanitised lines for a terminal or a pipe: a streaming decoder per
 * stream (a character split across chunks survives), `\r` progress shown in its last state, and no
 * escape sequence from the child ever reaches our stdout.
 */
export class LinePrinter {
	private readonly decoders = new Map<string, TextDecoder>();
	private readonly pending = new Map<string, string>();

	constructor(private readonly write: (text: string) => void) {}

	push(source: string, chunk: Uint8Array): void {
		let decoder = this.decoders.get(source);
		if (!decoder) {
			decoder = new TextDecoder('utf-8', { fatal: false });
			this.decoders.set(source, decoder);
		}
		this.take(source, decoder.decode(chunk, { stream: true }));
	}

	/** Prints what is left of each stream (a last line without a newline). */
	flush(): void {
		for (const [source, decoder] of this.decoders) this.take(source, decoder.decode());
		for (const [source, text] of this.pending) if (text !== '') this.emit(text);
		this.pending.clear();
	}

	private take(source: string, text: string): void {
		let buffer = (this.pending.get(source) ?? '') + text;
		for (let newline = buffer.indexOf('\n'); newline !== -1; newline = buffer.indexOf('\n')) {
			this.emit(buffer.slice(0, newline));
			buffer = buffer.slice(newline + 1);
		}
		while (buffer.length > MAX_PENDING_CHARACTERS) {
			this.emit(buffer.slice(0, MAX_PENDING_CHARACTERS));
			buffer = buffer.slice(MAX_PENDING_CHARACTERS);
		}
		this.pending.set(source, buffer);
	}

	private emit(line: string): void {
		this.write(`${sanitizeLine(line)}\n`);
	}
}
