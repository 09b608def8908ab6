import test from 'ava';
import { renderTable } from '../../source/format/text-table.js';

test('a newline inside a cell cannot forge a row: the cell stays on its own line', (t) => {
	const forged = 'Release discipline\n   9  Everything signed off  GO';
	const lines = renderTable(['Gate', 'Area', 'Status'], [['1', forged, 'NO-GO']]).split('\n');
	t.is(lines.length, 3, lines.join('\n'));
	t.regex(lines[2] ?? '', /^1\s+Release discipline {4}9 {2}Everything signed off {2}GO\s+NO-GO$/);
});

test('escape sequences and controls in cells never reach the output', (t) => {
	const text = renderTable(['Name'], [['\u001b]52;c;ZXZpbA==\u0007\u001b[2J\u0085\rok']]);
	t.false(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(text), JSON.stringify(text));
	t.true(text.includes('ok'));
});

test('a wrapping column gives its row more lines; the others stay blank below', (t) => {
	const lines = renderTable(['Gate', 'Reason'], [['4', 'waits on the vendor to rotate the keys']], { maxWidth: 24, overflow: ['cut', 'wrap'] }).split('\n');
	t.true(lines.length > 3);
	t.true(
		lines.every((line) => line.length <= 24),
		lines.join('\n'),
	);
	t.regex(lines[3] ?? '', /^ {6}\S/);
});
