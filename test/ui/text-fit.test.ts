import test from 'ava';
import { breakLongWord, wrapAtMost as wrap } from '../../source/format/wrap-text.js';
import { displayWidth, fit, truncate, truncateStart } from '../../source/text/text-fit.js';

test('truncate cuts by terminal cells and marks the cut', (t) => {
	t.is(truncate('abcdef', 10), 'abcdef');
	t.is(truncate('abcdef', 4), 'abc…');
	t.is(truncate('abcdef', 0), '');
	t.is(truncate('漢字漢字', 5), '漢字…');
	t.true(displayWidth(truncate('漢字漢字', 4)) <= 4);
	t.is(truncate('e\u0301e\u0301e\u0301', 2), 'e\u0301…');
	t.true(displayWidth(truncate('👩‍👩‍👧‍👦👩‍👩‍👧‍👦👩‍👩‍👧‍👦', 5)) <= 5);
});

test('fit pads to the width on either side', (t) => {
	t.is(fit('ab', 4), 'ab  ');
	t.is(fit('ab', 4, 'right'), '  ab');
	t.is(fit('漢字漢', 5), '漢字…');
	t.is(displayWidth(fit('漢字漢字', 5)), 5);
});

test('wrapAtMost fills at most maxLines and ellipsizes what is left; a long word is broken, not cut', (t) => {
	t.deepEqual(wrap('one two three', 20, 2), ['one two three']);
	t.deepEqual(wrap('one two three four', 9, 2), ['one two', 'three fo…']);
	t.deepEqual(wrap('', 10, 2), []);
	t.deepEqual(wrap('averyveryverylongword next', 8, 3), ['averyver', 'yverylon', 'gword n…']);
	t.deepEqual(wrap('see crates/arco-flow/src/dispatch.rs now', 16, 4), ['see', 'crates/', 'arco-flow/src/', 'dispatch.rs now']);
	for (const line of wrap('漢字 漢字漢字 漢字漢字漢字', 6, 3)) t.true(displayWidth(line) <= 6);
});

test('breakLongWord cuts between whole characters by the cells they take, after a / where one fits', (t) => {
	t.deepEqual(breakLongWord('short', 10), ['short']);
	t.deepEqual(breakLongWord('release_evidence/phase-3/command-logs/fmt_check.log', 20), ['release_evidence/', 'phase-3/', 'command-logs/', 'fmt_check.log']);
	// Two cells each: never split, never past the width (slicing by UTF-16 index made 7-cell pieces of 6).
	const wide = breakLongWord('漢字漢字漢字漢字', 7);
	t.deepEqual(wide, ['漢字漢', '字漢字', '漢字']);
	const emoji = breakLongWord('👩‍👩‍👧‍👦🇩🇪e\u0301👩‍👩‍👧‍👦🇩🇪e\u0301', 4);
	t.is(emoji.join(''), '👩‍👩‍👧‍👦🇩🇪e\u0301👩‍👩‍👧‍👦🇩🇪e\u0301');
	for (const piece of emoji) t.true(displayWidth(piece) <= 4, piece);
	t.deepEqual(emoji, ['👩‍👩‍👧‍👦🇩🇪', 'e\u0301👩‍👩‍👧‍👦', '🇩🇪e\u0301']);
});

test('truncateStart keeps the end of a path', (t) => {
	t.is(truncateStart('release_evidence/phase-3/command-logs/fmt_check.log', 20), '…-logs/fmt_check.log');
	t.is(truncateStart('short.log', 20), 'short.log');
	t.is(truncateStart('漢字/漢字.log', 7), '…字.log');
	t.is(fit('a/b/c/d.log', 8, 'left', true), '…c/d.log');
});
