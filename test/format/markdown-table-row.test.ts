import test from 'ava';
import { isTableRow, tableRowCells, tableRowValues } from '../../source/format/markdown-table-row.js';

test('cells lie between pipes; the outer pipes are optional; each cell is trimmed', (t) => {
	t.deepEqual(tableRowValues('| G1-001 | GO | `a.md` |'), ['G1-001', 'GO', '`a.md`']);
	t.deepEqual(tableRowValues('  | a |b|'), ['a', 'b']);
	t.deepEqual(tableRowValues('| a | b'), ['a', 'b']);
	t.deepEqual(tableRowValues('a | b |'), ['a', 'b']);
	t.deepEqual(tableRowValues('| a |  |\r'), ['a', '']);
	t.deepEqual(tableRowValues('   '), []);
});

test('a pipe after a backslash is text, also at the end of the row', (t) => {
	t.deepEqual(tableRowValues('| a \\| b | c |'), ['a | b', 'c']);
	t.deepEqual(tableRowValues('| a | b \\|'), ['a', 'b |']);
	t.deepEqual(tableRowValues('| `x\\|y` | \\ |'), ['`x|y`', '\\']);
});

test('each span points at the raw text between its pipes, so one cell can be replaced byte for byte', (t) => {
	const line = '|  G1-001 | PARTIAL  | a \\| b |\r';
	const cells = tableRowCells(line);
	t.deepEqual(
		cells.map((cell) => line.slice(cell.start, cell.end)),
		['  G1-001 ', ' PARTIAL  ', ' a \\| b '],
	);
	const status = cells[1];
	if (!status) return t.fail('no status cell');
	t.is(`${line.slice(0, status.start)} GO${line.slice(status.end)}`, '|  G1-001 | GO| a \\| b |\r');
});

test('a table row starts with a pipe, after any indentation', (t) => {
	t.true(isTableRow('| a |'));
	t.true(isTableRow('   | a |'));
	t.false(isTableRow('a | b'));
	t.false(isTableRow(''));
});
