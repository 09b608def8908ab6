import test from 'ava';
import { displayWidth, fit, truncate, truncateStart, wrap } from '../../source/text/text-fit.js';

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

test('wrap fills at most maxLines and ellipsizes what is left', (t) => {
	t.deepEqual(wrap('one two three', 20, 2), ['one two three']);
	t.deepEqual(wrap('one two three four', 9, 2), ['one two', 'three fo…']);
	t.deepEqual(wrap('', 10, 2), []);
	t.deepEqual(wrap('averyveryverylongword next', 8, 2), ['averyve…', 'next']);
	for (const line of wrap('漢字 漢字漢字 漢字漢字漢字', 6, 3)) t.true(displayWidth(line) <= 6);
});

test('truncateStart keeps the end of a path', (t) => {
	t.is(truncateStart('release_evidence/phase-3/command-logs/fmt_check.log', 20), '…-logs/fmt_check.log');
	t.is(truncateStart('short.log', 20), 'short.log');
	t.is(truncateStart('漢字/漢字.log', 7), '…字.log');
	t.is(fit('a/b/c/d.log', 8, 'left', true), '…c/d.log');
});
