import test from 'ava';
import { setJsonValues } from '../../source/writers/json-edit.js';
import { editElements, readElementDocument } from '../../source/writers/json-elements.js';

const TRACKER = `{
  "schema_version": "1.0",
  "gates": [
    {
      "id": 0,
      "status": "GO"
    },
    { "id": 1, "status": "NO-GO", "note": "a \\"quoted\\" }] brace" }
  ],
  "signals": [
    {
      "id": "G0-001",
      "status": "PARTIAL",
      "a\\\\": 1,
      "a\\"b": 2
    },
    {
      "id": "G0-002",
      "status": "GO",
      "signoff": {
        "status": "GO"
      }
    }
  ],
  "big": 12345678901234567890
}
`;

test('the spans of the requested arrays hold exactly their elements', (t) => {
	const document = readElementDocument(TRACKER, ['gates', 'signals'], 'gate-tracker.json');
	const elements = (name: string) => document.spans.get(name)!.map(({ start, end }) => JSON.parse(TRACKER.slice(start, end)) as { id: unknown });
	t.deepEqual(
		elements('gates').map((gate) => gate.id),
		[0, 1],
	);
	t.deepEqual(
		elements('signals').map((signal) => signal.id),
		['G0-001', 'G0-002'],
	);
	t.is(document.spans.get('big'), undefined);
});

test('edits inside elements give the bytes a whole-document edit gives, for every layout', (t) => {
	const layouts = {
		spaces: TRACKER,
		tabs: TRACKER.replace(/^( +)/gm, (indent) => '\t'.repeat(indent.length / 2)),
		crlf: TRACKER.replace(/\n/g, '\r\n'),
		bom: `\uFEFF${TRACKER}`,
		oneLine: JSON.stringify(JSON.parse(TRACKER.replace('12345678901234567890', '1'))),
	};
	const record = { status: 'GO', reviewer: { name: 'R', email: 'r@x' }, evidence: [{ path: 'a', sha256: 'b' }] };
	for (const [name, text] of Object.entries(layouts)) {
		const document = readElementDocument(text, ['gates', 'signals'], 'tracker');
		const edited = editElements(
			document,
			[
				{
					array: 'signals',
					index: 0,
					edits: [
						{ path: ['status'], value: 'GO' },
						{ path: ['signoff'], value: record },
					],
				},
				{ array: 'signals', index: 1, edits: [{ path: ['signoff', 'status'], value: 'NO-GO' }] },
				{ array: 'gates', index: 1, edits: [{ path: ['blocked'], value: { owner: 'Ops' } }] },
			],
			'tracker',
		);
		const whole = setJsonValues(
			text,
			[
				{ path: ['signals', 0, 'status'], value: 'GO' },
				{ path: ['signals', 0, 'signoff'], value: record },
				{ path: ['signals', 1, 'signoff', 'status'], value: 'NO-GO' },
				{ path: ['gates', 1, 'blocked'], value: { owner: 'Ops' } },
			],
			'tracker',
		);
		t.is(edited, whole, name);
	}
});

test('duplicate keys anywhere, and invalid JSON, are refused naming line and column', (t) => {
	const duplicateInElement = TRACKER.replace('"status": "PARTIAL",', '"status": "PARTIAL",\n      "status": "GO",');
	t.throws(() => readElementDocument(duplicateInElement, ['signals'], 'gate-tracker.json'), {
		message: /^Cannot edit gate-tracker\.json:\d+:\d+: .*duplicate.*status/i,
	});
	const duplicateAtRoot = TRACKER.replace('"big":', '"gates": [], "big":');
	t.throws(() => readElementDocument(duplicateAtRoot, ['signals'], 'gate-tracker.json'), { message: /duplicate/i });
	const escapedDuplicate = TRACKER.replace('"a\\"b": 2', '"a\\"b": 2, "a\\u0022b": 3');
	t.throws(() => readElementDocument(escapedDuplicate, ['signals'], 'gate-tracker.json'), { message: /duplicate/i });
	t.throws(() => readElementDocument(TRACKER.replace('"GO"\n    },', '"GO",\n    },'), ['gates'], 'gate-tracker.json'), {
		message: /^Cannot edit gate-tracker\.json:\d+:\d+: /,
	});
	t.notThrows(() => readElementDocument(TRACKER, ['signals'], 'gate-tracker.json'));
});

test('an element index that does not exist, or two edits of one element, are refused', (t) => {
	const document = readElementDocument(TRACKER, ['signals'], 'tracker');
	t.throws(() => editElements(document, [{ array: 'signals', index: 2, edits: [{ path: ['status'], value: 'GO' }] }], 'tracker'), {
		message: /no such element/,
	});
	t.throws(
		() =>
			editElements(
				document,
				[
					{ array: 'signals', index: 0, edits: [{ path: ['status'], value: 'GO' }] },
					{ array: 'signals', index: 0, edits: [{ path: ['status'], value: 'NO-GO' }] },
				],
				'tracker',
			),
		{ message: /twice/ },
	);
});

test('arrays holding scalars beside objects still give every element its span', (t) => {
	const text = '{\n  "signals": [\n    "stray",\n    { "id": "G0-001", "status": "NO-GO" },\n    7\n  ]\n}\n';
	const document = readElementDocument(text, ['signals'], 'tracker');
	t.deepEqual(
		document.spans.get('signals')!.map(({ start, end }) => text.slice(start, end)),
		['"stray"', '{ "id": "G0-001", "status": "NO-GO" }', '7'],
	);
	t.is(editElements(document, [{ array: 'signals', index: 1, edits: [{ path: ['status'], value: 'GO' }] }], 'tracker'), text.replace('"NO-GO"', '"GO"'));
});
