import test from 'ava';
import { findJsonProblems, formatJsonProblem, parseJsonStrict } from '../../source/json/strict-json.js';

test('valid JSON parses to its value', (t) => {
	t.deepEqual(parseJsonStrict('{"a": [1, {"b": null}], "c": "d"}\n'), { ok: true, value: { a: [1, { b: null }], c: 'd' } });
});

test('duplicate keys are reported at the second occurrence with the first one named', (t) => {
	const result = parseJsonStrict('{\n  "signals": [\n    {"id": "a", "status": "GO", "status": "NO-GO"}\n  ]\n}\n');
	t.false(result.ok);
	if (result.ok) return;
	const [problem, ...others] = result.problems;
	t.deepEqual(others, []);
	t.like(problem, { code: 'duplicate-key', line: 3, column: 33, message: 'duplicate key "status" (first at 3:17)' });
	if (problem !== undefined) t.is(formatJsonProblem('tracker.json', problem), 'tracker.json:3:33: duplicate key "status" (first at 3:17)');
});

test('the same key in sibling or nested objects is not a duplicate, an escaped spelling is', (t) => {
	t.deepEqual(findJsonProblems('{"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}]}'), []);
	t.like(findJsonProblems('{"a": 1, "\\u0061": 2}')[0], { code: 'duplicate-key', line: 1, column: 10 });
});

test('syntax errors carry line:column', (t) => {
	t.like(findJsonProblems('{\n  "a": 1,\n}\n')[0], { code: 'PropertyNameExpected', line: 3, column: 1 });
	t.like(findJsonProblems('{\n  "a": 1\n  "b": 2\n}')[0], { code: 'CommaExpected', line: 3, column: 3 });
	t.like(findJsonProblems('[1, 2,]')[0], { code: 'ValueExpected', line: 1, column: 7 });
	t.like(findJsonProblems('{"a": 1} // note')[0], { code: 'InvalidCommentToken', line: 1, column: 10, message: 'comments are not allowed in JSON' });
	t.like(findJsonProblems('{"a": "open')[0], { code: 'UnexpectedEndOfString', line: 1, column: 7 });
	t.like(findJsonProblems('')[0], { code: 'ValueExpected' });
	t.like(findJsonProblems('{"a": 1}\r\n{"b": 2}')[0], { code: 'EndOfFileExpected', line: 2, column: 1 });
});

test('every problem is reported, in document order', (t) => {
	const problems = findJsonProblems('{\n "a": 1,\n "a": 2,\n "b": [1,],\n "b": 3\n}');
	t.deepEqual(
		problems.map((problem) => `${problem.line}:${problem.column} ${problem.code}`),
		['3:2 duplicate-key', '4:10 ValueExpected', '5:2 duplicate-key'],
	);
});
