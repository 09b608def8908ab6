import { sanitizeText } from '../text/sanitize.js';

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
		const lines = this.take(source, decoder.decode(chunk, { stream: true }));
		if (lines !== '') this.write(lines);
	}

	/** Prints what is left of each stream (a last line without a newline). */
	flush(): void {
		let out = '';
		for (const [source, decoder] of this.decoders) out += this.take(source, decoder.decode());
		for (const text of this.pending.values()) if (text !== '') out += `${sanitizeText(text)}\n`;
		this.pending.clear();
		if (out !== '') this.write(out);
	}

	// Complete lines are sanitised and written as one block per chunk: one write per line would turn a
	// flood of short lines into a flood of syscalls.
	private take(source: string, text: string): string {
		const buffer = (this.pending.get(source) ?? '') + text;
		const lastNewline = buffer.lastIndexOf('\n');
		let out = lastNewline === -1 ? '' : sanitizeText(buffer.slice(0, lastNewline + 1));
		let rest = buffer.slice(lastNewline + 1);
		while (rest.length > MAX_PENDING_CHARACTERS) {
			out += sanitizeText(`${rest.slice(0, MAX_PENDING_CHARACTERS)}\n`);
			rest = rest.slice(MAX_PENDING_CHARACTERS);
		}
		this.pending.set(source, rest);
		return out;
	}
}
