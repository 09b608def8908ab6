/**
 * How `rerun` prints a command's output: clean blocks pass through as the same bytes, anything else is
 * sanitised exactly as sanitizeText would, lines wait for their end, and on a terminal a flood is shown
 * a frame at a time with a count of what was not shown and where the full output is.
 */
import { randomBytes } from 'node:crypto';
import test from 'ava';
import { LinePrinter } from '../../source/rerun/line-printer.js';
import { hasControlByte, isCleanText } from '../../source/text/clean-bytes.js';
import { sanitizeText } from '../../source/text/sanitize.js';

function collect(): { chunks: Array<string | Uint8Array>; text: () => string } {
	const chunks: Array<string | Uint8Array> = [];
	return { chunks, text: () => chunks.map((chunk) => (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))).join('') };
}

test('clean lines pass through as the very bytes received, not decoded and encoded again', (t) => {
	const out = collect();
	const printer = new LinePrinter((chunk) => out.chunks.push(chunk));
	const chunk = Buffer.from('plain ascii line\nünïcödé line → ok\n');
	printer.push(chunk);
	printer.flush();
	t.is(out.chunks.length, 1);
	const written = out.chunks[0];
	t.true(written instanceof Uint8Array, 'written as bytes');
	t.is((written as Uint8Array).buffer, chunk.buffer, 'the same memory: no copy, no re-encoding');
});

test('a block with escape sequences or controls is sanitised exactly as sanitizeText does', (t) => {
	const raw = 'ok\n\u001b[31mred\u001b[0m\tx\nprogress 1\rprogress 2\n\u202eevil\n\u0085c1\n';
	const out = collect();
	const printer = new LinePrinter((chunk) => out.chunks.push(chunk));
	printer.push(Buffer.from(raw));
	printer.flush();
	t.is(out.text(), sanitizeText(raw));
	t.notRegex(out.text(), /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
});

test('a line waits for its end; a character split across chunks survives; the last line gets its newline', (t) => {
	const out = collect();
	const printer = new LinePrinter((chunk) => out.chunks.push(chunk));
	const euro = Buffer.from('price: €\n');
	printer.push(euro.subarray(0, 8));
	t.is(out.text(), '', 'nothing before the newline');
	printer.push(euro.subarray(8));
	printer.push(Buffer.from('no newline at the end'));
	printer.flush();
	t.is(out.text(), 'price: €\nno newline at the end\n');
});

test('an endless line is printed in pieces without splitting a character', (t) => {
	const out = collect();
	const printer = new LinePrinter((chunk) => out.chunks.push(chunk));
	const line = '€'.repeat(30_000); // 90,000 bytes, no newline
	printer.push(Buffer.from(line));
	t.true(out.text().length > 0, 'printed before the line ended');
	printer.flush();
	t.is(out.text().replace(/\n/g, ''), line);
	t.false(out.text().includes('\ufffd'));
});

test('on a terminal a flood is shown a frame at a time: the first lines, a count of the rest, the latest lines', (t) => {
	const out = collect();
	const printer = new LinePrinter((chunk) => out.chunks.push(chunk), { lines: 3, intervalMs: 60_000, logPath: 'logs/flood.log' });
	const lines = Array.from({ length: 10 }, (_, index) => `line ${index + 1}\n`);
	printer.push(Buffer.from(lines.slice(0, 4).join('')));
	printer.push(Buffer.from(lines.slice(4).join('')));
	t.is(out.text(), 'line 1\nline 2\nline 3\n', 'the frame is full after three lines');
	printer.flush();
	t.is(out.text(), 'line 1\nline 2\nline 3\n\u2026 4 lines not shown (full output in logs/flood.log)\nline 8\nline 9\nline 10\n');
});

test('on a terminal a quiet command is printed as it comes', (t) => {
	const out = collect();
	const printer = new LinePrinter((chunk) => out.chunks.push(chunk), { lines: 100, intervalMs: 60_000, logPath: 'x.log' });
	printer.push(Buffer.from('one\n'));
	printer.push(Buffer.from('two\n'));
	t.is(out.text(), 'one\ntwo\n');
	printer.flush();
	t.is(out.text(), 'one\ntwo\n');
});

test('isCleanText is true exactly when sanitizeText would change nothing (random bytes, mostly printable)', (t) => {
	const alphabet = Buffer.from('abc XYZ 019 -_./\n', 'latin1');
	const specials = [0x00, 0x07, 0x08, 0x09, 0x0b, 0x0d, 0x1b, 0x1f, 0x7f, 0x80, 0x9b, 0xc2, 0xe2, 0xff, 0x81, 0xaa, 0xa6];
	let clean = 0;
	for (let round = 0; round < 3000; round += 1) {
		const random = randomBytes(40);
		const bytes = Buffer.from(
			random.map((byte, index) => (byte < 10 && index % 7 === 0 ? (specials[byte % specials.length] as number) : (alphabet[byte % alphabet.length] as number))),
		);
		const expected = sanitizeText(bytes.toString('utf8')) === bytes.toString('utf8') && !bytes.toString('utf8').includes('\ufffd');
		t.is(isCleanText(bytes), expected, JSON.stringify(bytes.toString('latin1')));
		if (expected) clean += 1;
	}
	t.true(clean > 100 && clean < 2900, `both kinds were tried (${clean} clean)`);
});

test('isCleanText: valid UTF-8 text is clean; C1, bidi, invalid UTF-8 and every control but \\n are not', (t) => {
	t.true(isCleanText(Buffer.from('déjà vu → ✓ 日本\n')));
	t.false(isCleanText(Buffer.from('a\u0085b\n')), 'C1 NEL');
	t.false(isCleanText(Buffer.from('a\u009bb\n')), 'C1 CSI');
	t.false(isCleanText(Buffer.from('a\u202eb\n')), 'bidi override');
	t.false(isCleanText(Buffer.from('a\u2067b\n')), 'bidi isolate');
	t.false(isCleanText(Buffer.from([0x61, 0xff, 0x0a])), 'invalid UTF-8');
	for (let byte = 0; byte < 0x20; byte += 1) {
		if (byte !== 0x0a) t.false(isCleanText(Buffer.from([0x61, byte, 0x0a])), `C0 ${byte}`);
	}
	t.false(isCleanText(Buffer.from('a\u007fb')), 'DEL');
});

test('the control scan finds a control byte at every position of blocks of every length (the 16-byte SIMD blocks and their tails)', (t) => {
	for (let length = 1; length <= 70; length += 1) {
		const block = Buffer.alloc(length, 0x61);
		t.false(hasControlByte(block));
		for (let at = 0; at < length; at += 1) {
			for (const control of [0x00, 0x1b, 0x7f]) {
				block[at] = control;
				t.true(hasControlByte(block), `length ${length}, ${control} at ${at}`);
				block[at] = 0x61;
			}
			block[at] = 0x0a;
			t.false(hasControlByte(block), 'a newline is not a control here');
			block[at] = 0x61;
		}
	}
	const large = Buffer.alloc(3 * 1024 * 1024 + 5, 0x61);
	t.false(hasControlByte(large));
	large[large.length - 1] = 0x1b;
	t.true(hasControlByte(large), 'found past the first megabyte, in the tail');
	large[large.length - 1] = 0x61;
	large[1024 * 1024 + 17] = 0x07;
	t.true(hasControlByte(large), 'found in the second piece');
});
