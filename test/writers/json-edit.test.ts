import test from 'ava';
import { parseJsonStrict } from '../../source/json/strict-json.js';
import { detectJsonLayout, setJsonValue, setJsonValues } from '../../source/writers/json-edit.js';
import { changedLines } from './helpers/line-diff.js';

const TWO_SPACES = `{
  "schema_version": "1.0",
  "threshold": 1.0e3,
  "big_id": 12345678901234567890,
  "x-vendor": {"keep": [1,2], "nested": {"a": null}},
  "order": {"10": "ten", "2": "two", "b": 1, "a": 2},
  "signals": [
    {
      "id": "G1-001",
      "status": "NO-GO",
      "owner": "ops"
    },
    {
      "id": "G1-002",
      "status": "PARTIAL",
      "tags": [1,2]
    }
  ]
}
`;

const TABS = TWO_SPACES.replace(/^( {2})+/gm, (indent) => '\t'.repeat(indent.length / 2));

test('replacing a status changes exactly one line and keeps every other byte', (t) => {
	const edited = setJsonValue(TWO_SPACES, ['signals', 1, 'status'], 'GO');
	t.deepEqual(changedLines(TWO_SPACES, edited), {
		start: 14,
		removed: ['      "status": "PARTIAL",\n'],
		added: ['      "status": "GO",\n'],
	});
});

test('inserting an object value in a two-space file: only the previous last line gains a comma', (t) => {
	const signoff = { status: 'GO', reviewer: { name: 'Ada', email: 'ada@example.com' }, evidence: [{ path: 'a.log', sha256: 'ab' }], dirty: false };
	const edited = setJsonValue(TWO_SPACES, ['signals', 0, 'signoff'], signoff);
	const diff = changedLines(TWO_SPACES, edited);
	t.deepEqual(diff.removed, ['      "owner": "ops"\n']);
	t.deepEqual(diff.added, [
		'      "owner": "ops",\n',
		'      "signoff": {\n',
		'        "status": "GO",\n',
		'        "reviewer": {\n',
		'          "name": "Ada",\n',
		'          "email": "ada@example.com"\n',
		'        },\n',
		'        "evidence": [\n',
		'          {\n',
		'            "path": "a.log",\n',
		'            "sha256": "ab"\n',
		'          }\n',
		'        ],\n',
		'        "dirty": false\n',
		'      }\n',
	]);
	const parsed = parseJsonStrict(edited);
	t.true(parsed.ok);
	if (parsed.ok) t.deepEqual((parsed.value as { signals: Array<{ signoff: unknown }> }).signals[0]?.signoff, signoff);
});

test('inserting in a tab-indented file uses tabs at the right depth', (t) => {
	const edited = setJsonValue(TABS, ['signals', 1, 'signoff'], { status: 'GO', evidence: [] });
	const diff = changedLines(TABS, edited);
	t.deepEqual(diff.removed, ['\t\t\t"tags": [1,2]\n']);
	t.deepEqual(diff.added, ['\t\t\t"tags": [1,2],\n', '\t\t\t"signoff": {\n', '\t\t\t\t"status": "GO",\n', '\t\t\t\t"evidence": []\n', '\t\t\t}\n']);
});

test('replacing a value with an object formats it at the depth of its line', (t) => {
	const edited = setJsonValue(TABS, ['signals', 0, 'status'], { value: 'GO' });
	const diff = changedLines(TABS, edited);
	t.deepEqual(diff.removed, ['\t\t\t"status": "NO-GO",\n']);
	t.deepEqual(diff.added, ['\t\t\t"status": {\n', '\t\t\t\t"value": "GO"\n', '\t\t\t},\n']);
});

test('number spellings, big integers, unknown fields, key order and the trailing newline survive', (t) => {
	const edited = setJsonValues(TWO_SPACES, [
		{ path: ['signals', 0, 'status'], value: 'GO' },
		{ path: ['signals', 1, 'signoff'], value: { status: 'GO' } },
		{ path: ['order', 'c'], value: 3 },
	]);
	t.true(edited.includes('"threshold": 1.0e3,'));
	t.true(edited.includes('"big_id": 12345678901234567890,'));
	t.true(edited.includes('"x-vendor": {"keep": [1,2], "nested": {"a": null}},'));
	// A one-line object stays on one line; integer-like keys keep their place.
	t.true(edited.includes('"order": {"10": "ten", "2": "two", "b": 1, "a": 2,"c": 3},'));
	t.true(edited.endsWith('}\n'));
	t.false(edited.endsWith('\n\n'));
});

test('a file without a trailing newline gets none', (t) => {
	const text = '{\n  "a": 1\n}';
	t.is(setJsonValue(text, ['a'], 2), '{\n  "a": 2\n}');
});

test('CRLF files keep CRLF on inserted lines', (t) => {
	const text = TWO_SPACES.replace(/\n/g, '\r\n');
	const edited = setJsonValue(text, ['signals', 0, 'signoff'], { status: 'GO' });
	t.false(/[^\r]\n/.test(edited));
	t.true(edited.includes('"owner": "ops",\r\n      "signoff": {\r\n        "status": "GO"\r\n      }\r\n'));
});

test('a minified file stays minified', (t) => {
	const text = '{"signals":[{"id":"a","status":"NO-GO"}],"n":1.0e3}';
	t.is(setJsonValue(text, ['signals', 0, 'signoff'], { status: 'GO' }), '{"signals":[{"id":"a","status":"NO-GO","signoff": {"status":"GO"}}],"n":1.0e3}');
});

test('detects indentation and line endings', (t) => {
	t.deepEqual(detectJsonLayout(TWO_SPACES), { insertSpaces: true, tabSize: 2, eol: '\n' });
	t.deepEqual(detectJsonLayout(TABS), { insertSpaces: false, tabSize: 4, eol: '\n' });
	t.deepEqual(detectJsonLayout('{\r\n    "a": {\r\n        "b": 1\r\n    }\r\n}\r\n'), { insertSpaces: true, tabSize: 4, eol: '\r\n' });
});

test('refuses edits that would guess', (t) => {
	t.throws(() => setJsonValue(TWO_SPACES, ['signals', 2, 'status'], 'GO', 'tracker.json'), {
		message: /tracker\.json at signals\[2\]\.status: signals\[2\] does not exist/,
	});
	// Writing one past the end would append silently; only existing elements are replaced.
	t.throws(() => setJsonValue(TWO_SPACES, ['signals', 2], {}, 'tracker.json'), { message: /tracker\.json at signals\[2\]: the array has 2 element/ });
	t.throws(() => setJsonValue(TWO_SPACES, ['gates', 0, 'status'], 'GO'), { message: /gates\[0\] does not exist/ });
	t.throws(() => setJsonValue(TWO_SPACES, ['signals', 'x'], 'GO'), { message: /parent is an array/ });
	t.throws(() => setJsonValue(TWO_SPACES, ['threshold', 'x'], 'GO'), { message: /parent is a number/ });
	t.throws(() => setJsonValue(TWO_SPACES, ['signals', 0, 'status'], Number.NaN), { message: /non-finite/ });
	t.throws(() => setJsonValue(TWO_SPACES, ['signals', 0, 'status'], undefined), { message: /new value is of type undefined/ });
	t.throws(() => setJsonValue(TWO_SPACES, [], {}), { message: /whole document/ });
});

test('refuses to edit a file with duplicate keys or syntax errors, naming line:column', (t) => {
	t.throws(() => setJsonValue('{\n  "a": 1,\n  "a": 2\n}\n', ['a'], 3, 'tracker.json'), {
		message: /^Cannot edit tracker\.json:3:3: duplicate key "a" \(first at 2:3\)$/,
	});
	t.throws(() => setJsonValue('{\n  "a": 1,\n}\n', ['a'], 3, 'tracker.json'), { message: /^Cannot edit tracker\.json:3:1: / });
});

test('removing a property takes its lines (and one comma) and nothing else; first, middle and last, spaces, tabs and one line', (t) => {
	const middle = setJsonValues(TWO_SPACES, [{ path: ['signals', 0, 'status'], value: null, remove: true }]);
	t.deepEqual(changedLines(TWO_SPACES, middle), { start: 9, removed: ['      "status": "NO-GO",\n'], added: [] });
	const last = setJsonValues(TWO_SPACES, [{ path: ['signals', 1, 'tags'], value: null, remove: true }]);
	t.deepEqual(changedLines(TWO_SPACES, last), {
		start: 14,
		removed: ['      "status": "PARTIAL",\n', '      "tags": [1,2]\n'],
		added: ['      "status": "PARTIAL"\n'],
	});
	const first = setJsonValues(TWO_SPACES, [{ path: ['signals', 0, 'id'], value: null, remove: true }]);
	t.deepEqual(changedLines(TWO_SPACES, first), { start: 8, removed: ['      "id": "G1-001",\n'], added: [] });
	const tabs = setJsonValues(TABS, [{ path: ['signals', 0, 'id'], value: null, remove: true }]);
	t.deepEqual(changedLines(TABS, tabs), { start: 8, removed: ['\t\t\t"id": "G1-001",\n'], added: [] });
	t.is(setJsonValues('{"id":"A","blocked":{"owner":"x"}}', [{ path: ['blocked'], value: null, remove: true }]), '{"id":"A"}');
	// Nothing to remove: nothing changes.
	t.is(setJsonValues(TWO_SPACES, [{ path: ['signals', 0, 'blocked'], value: null, remove: true }]), TWO_SPACES);
	for (const text of [middle, last, first, tabs]) t.true(parseJsonStrict(text).ok);
	t.throws(() => setJsonValues(TWO_SPACES, [{ path: ['signals', 0], value: null, remove: true }]), { message: /not a property of an object/ });
});
