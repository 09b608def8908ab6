import test from 'ava';
import { OutputTail, splitIntoRows } from '../../source/runner/output-tail.js';

function tail(options: Partial<{ tailLines: number; maxLineWidth: number }> = {}): OutputTail {
	return new OutputTail({ tailLines: options.tailLines ?? 100, maxLineWidth: options.maxLineWidth ?? 1000 });
}

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

test('lines of both streams land in one tail in arrival order', (t) => {
	const output = tail();
	output.push('stdout', bytes('one\ntwo\n'));
	output.push('stderr', bytes('warn\n'));
	output.push('stdout', bytes('three\n'));
	t.deepEqual(output.snapshot(true), { lines: ['one', 'two', 'warn', 'three'], totalLines: 4, bytes: 19, running: true });
});

test('a character split at every byte boundary survives, per stream', (t) => {
	const text = 'é€𝄞 done\n';
	const encoded = bytes(text);
	for (let cut = 1; cut < encoded.length; cut += 1) {
		const output = tail();
		output.push('stdout', encoded.subarray(0, cut));
		// Bytes on the other stream in between must not disturb the stdout decoder.
		output.push('stderr', bytes('x'));
		output.push('stdout', encoded.subarray(cut));
		output.finish();
		t.deepEqual(output.snapshot(false).lines, ['é€𝄞 done', 'x'], `cut at ${cut}`);
	}
});

test('invalid and truncated UTF-8 become U+FFFD', (t) => {
	const output = tail();
	output.push('stdout', Buffer.from([0x61, 0xff, 0x62, 0x0a, 0xe2, 0x82]));
	output.finish();
	t.deepEqual(output.snapshot(false).lines, ['a\uFFFDb', '\uFFFD']);
});

test('carriage returns: last state wins, CRLF ends a line, split \\r\\n across chunks too', (t) => {
	const output = tail();
	output.push('stdout', bytes('10%\r20%\r30%\nwindows\r'));
	output.push('stdout', bytes('\nnext\r\r\nbar 1\rbar 2'));
	t.deepEqual(output.snapshot(true).lines, ['30%', 'windows', 'next', 'bar 2']);
	output.push('stdout', bytes('\r'));
	t.deepEqual(output.snapshot(true).lines.at(-1), 'bar 2', 'a trailing \\r shows the line until something overwrites it');
	output.push('stdout', bytes('bar 3'));
	t.deepEqual(output.snapshot(true).lines.at(-1), 'bar 3');
	output.finish();
	const { lines, totalLines } = output.snapshot(false);
	t.deepEqual({ lines, totalLines }, { lines: ['30%', 'windows', 'next', 'bar 3'], totalLines: 4 });
});

test('an unterminated line shows in progress and counts once when finished', (t) => {
	const output = tail();
	output.push('stdout', bytes('done\npartial'));
	t.deepEqual(output.snapshot(true), { lines: ['done', 'partial'], totalLines: 2, bytes: 12, running: true });
	output.push('stdout', bytes(' line\n'));
	t.deepEqual(output.snapshot(true), { lines: ['done', 'partial line'], totalLines: 2, bytes: 18, running: true });
});

test('the tail keeps only the last lines and counts all of them', (t) => {
	const output = tail({ tailLines: 3 });
	for (let index = 0; index < 10; index += 1) output.push('stdout', bytes(`line ${index}\n`));
	output.push('stderr', bytes('in progress'));
	t.deepEqual(output.snapshot(true), { lines: ['line 8', 'line 9', 'in progress'], totalLines: 11, bytes: 70 + 11, running: true });
});

test('long lines are split into rows of the display width', (t) => {
	const output = tail({ maxLineWidth: 10 });
	output.push('stdout', bytes(`${'a'.repeat(25)}\n${'b'.repeat(10)}\n\n`));
	t.deepEqual(output.snapshot(true).lines, ['a'.repeat(10), 'a'.repeat(10), 'a'.repeat(5), 'b'.repeat(10), '']);
});

test('a giant line without newline stays bounded: rows stream out as it grows', (t) => {
	const output = tail({ tailLines: 50, maxLineWidth: 100 });
	const chunk = bytes('z'.repeat(65_536));
	for (let index = 0; index < 200; index += 1) output.push('stdout', chunk); // 13 MB, no newline
	const snapshot = output.snapshot(true);
	t.is(snapshot.lines.length, 50);
	t.true(snapshot.lines.every((line) => line.length <= 100 && /^z+$/.test(line)));
	// Everything but the bounded in-progress remainder has already become rows.
	const total = 200 * 65_536;
	t.true(snapshot.totalLines >= Math.floor(total / 100) - 5 && snapshot.totalLines <= Math.ceil(total / 100));
	output.finish();
	const finished = output.snapshot(false);
	t.is(finished.totalLines, total / 100);
	t.is(finished.lines.join('').length, 50 * 100);
});

test('a line made only of escape sequences does not accumulate', (t) => {
	const output = tail({ maxLineWidth: 100 });
	const chunk = bytes('\u001B[0m'.repeat(10_000));
	for (let index = 0; index < 100; index += 1) output.push('stdout', chunk);
	output.push('stdout', bytes('visible\n'));
	t.deepEqual(output.snapshot(true).lines, ['visible']);
});

test('an escape sequence arriving in pieces is still removed', (t) => {
	const output = tail();
	output.push('stdout', bytes('before \u001B]0;ti'));
	output.push('stdout', bytes('tle\u0007\u001B['));
	output.push('stdout', bytes('31mafter\n'));
	t.deepEqual(output.snapshot(true).lines, ['before after']);
});

test('escape sequences cut by a row split inside a long line are not shown as text', (t) => {
	const output = tail({ maxLineWidth: 10 });
	// Pushed in pieces so that the line is compacted while the OSC sequence is still open.
	output.push('stdout', bytes(`${'a'.repeat(300)}\u001B]8;;https://exa`));
	output.push('stdout', bytes('mple.com\u0007link\u001B]8;;\u0007\n'));
	const joined = output.snapshot(true).lines.join('');
	t.is(joined, `${'a'.repeat(300)}link`);
});

test('control characters, C1 and bidi controls are removed; tabs expand', (t) => {
	const output = tail();
	output.push('stdout', bytes('a\u0000b\u0007c\u0085d\u202Ee\u2066f\u007Fg\bh\n\tx\n'));
	t.deepEqual(output.snapshot(true).lines, ['abcdefgh', '    x']);
});

test('a line with tabs that grows past the width is split after expansion', (t) => {
	const output = tail({ maxLineWidth: 8 });
	output.push('stdout', bytes('\t\t\tx\n'));
	t.deepEqual(output.snapshot(true).lines, ['        ', '    x']);
});

test('splitIntoRows never splits a surrogate pair', (t) => {
	t.deepEqual(splitIntoRows('ab𝄞cd', 3), ['ab', '𝄞c', 'd']);
	t.deepEqual(splitIntoRows('abc', 3), ['abc']);
	t.deepEqual(splitIntoRows('', 3), ['']);
});
