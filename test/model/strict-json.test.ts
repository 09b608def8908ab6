/**
 * The loader's JSON: JSON.parse decides validity, a count of keys decides whether a key appears twice in
 * one object (JSON.parse would silently keep the last), and the full visitor says where.
 */
import test from 'ava';
import { UserError } from '../../source/errors.js';
import { parseJsonOrRefuse } from '../../source/json/parse-json.js';
import { findJsonProblems, mayHaveDuplicateKeys } from '../../source/json/strict-json.js';

const duplicated = [
	'{"a": 1, "a": 2}',
	'{"gates": [{"id": 1, "name": "x", "id": 2}]}',
	'{"a": {"b": "c:d"}, "a": {"b": "e"}}',
	'{"a": "x", "b": {"c": 1}, "b": {"c": 1}}',
	'{"k:1": 1, "k:1": "v:2"}',
	'{"a": 1, "\\u0061": 2}',
	'{"__proto__": 1, "__proto__": 2}',
];
const clean = [
	'{}',
	'[]',
	'{"a": "x:y", "b": ["c:d", {"e:f": "g:h"}], "c": {"a": 1}}',
	'{"a": 1, "b": {"a": 1}, "c": [{"a": 1}, {"a": 2}]}',
	'{"colon\\"key:": "value with \\" and : inside"}',
	'{"__proto__": {"x": 1}}',
	'  [ {"a" : 1 } , {"a":2} ]  ',
];

test('every text with a duplicate key is caught, in any object at any depth', (t) => {
	for (const text of duplicated) {
		t.true(mayHaveDuplicateKeys(text, JSON.parse(text)), text);
		t.is(findJsonProblems(text)[0]?.code, 'duplicate-key', text);
	}
});

test('texts without a duplicate key pass without the full visitor, colons inside strings included', (t) => {
	for (const text of clean) {
		t.false(mayHaveDuplicateKeys(text, JSON.parse(text)), text);
		t.deepEqual(findJsonProblems(text), [], text);
	}
});

test('a colon spelt as an escape cannot hide a duplicate: the count steps aside and the visitor decides', (t) => {
	const text = '{"a": "\\u003a", "a": 1}';
	t.true(mayHaveDuplicateKeys(text, JSON.parse(text)));
	const error = t.throws(() => parseJsonOrRefuse(text, 'tracker.json'), { instanceOf: UserError });
	t.regex(error?.message ?? '', /^tracker\.json:1:17: duplicate key "a" \(first at 1:2\) \(invalid JSON\)$/);
	t.deepEqual(parseJsonOrRefuse('{"a": "\\u003a"}', 'tracker.json'), { a: ':' });
});

test('syntax errors name line and column; a byte-order mark is not part of the JSON', (t) => {
	const error = t.throws(() => parseJsonOrRefuse('{\n  "a": 1\n  "b": 2\n}', 'tracker.json'), { instanceOf: UserError });
	t.regex(error?.message ?? '', /^tracker\.json:3:3: comma expected \(invalid JSON\)$/);
	t.deepEqual(parseJsonOrRefuse('\uFEFF{"a": [1, 2]}', 'tracker.json'), { a: [1, 2] });
});
