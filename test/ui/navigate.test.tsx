/**
 * `h` sign-off history, `:` go-to with completion, `y` copy with OSC 52 (issue 14).
 */
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { clipboardFeature, osc52 } from '../../source/ui/effects/clipboard.js';
import { historyFeature } from '../../source/ui/effects/history-reader.js';
import { buildModel, sampleModel } from './helpers/build-model.js';
import { KEYS, renderApp } from './helpers/render-app.js';
import { tempDirectory, writeFiles } from './helpers/temp.js';

const lines = (frame: string) => frame.split('\n');
const rowOf = (frame: string, text: string) => lines(frame).find((line) => line.includes(text)) ?? '';

function historyLine(
	subject: string,
	previous: string,
	status: string,
	name: string,
	signedAt: string,
	note: string,
	extra: Record<string, unknown> = {},
): string {
	return JSON.stringify({
		subject,
		kind: subject.startsWith('gate') ? 'gate' : 'signal',
		previous_status: previous,
		record: {
			status,
			reviewer: { name, email: `${name.toLowerCase()}@example.invalid` },
			signed_at: signedAt,
			head: 'abcdef0123456789abcdef0123456789abcdef01',
			dirty: false,
			note,
			evidence: [],
			...extra,
		},
		prev_sha256: null,
	});
}

// As appended: oldest first. Two lines are not sign-offs; unknown fields are kept by the reader.
const HISTORY = [
	historyLine('G3-002', 'NO-GO', 'PARTIAL', 'Ada', '2026-02-13T10:00:00Z', 'unit tests pass'),
	'{"this line": "is not a sign-off"}',
	'not json at all',
	historyLine('G1-002', 'NO-GO', 'BLOCKED-EXTERNAL', 'Bob', '2026-02-14T12:30:00Z', 'waiting on the vendor', {
		blocked: { owner: 'Vendor', until: '2026-03-01' },
	}),
	historyLine('gate 2', 'PARTIAL', 'GO', 'Bob', '2026-02-15T08:00:00Z', 'all signals closed', { version: 2 }),
].join('\n');

const HISTORY_FILE = 'docs/audits/test/signoffs.jsonl';

test.serial('h: who signed what, when, at which HEAD, with which note, newest first; / filters; Enter opens the subject', async (t) => {
	const root = tempDirectory(t);
	writeFiles(root, { [HISTORY_FILE]: `${HISTORY}\n` });
	const app = await renderApp(sampleModel({ root }), { viewport: { columns: 80, rows: 24 }, features: [historyFeature()] });
	t.teardown(() => app.close());
	await app.press('h');
	let frame = await app.waitFor((text) => text.includes('Sign-off history 3 sign-offs'));
	t.is(lines(frame)[0], 'Audit > Sign-off history');
	t.regex(frame, /Sign-off history 3 sign-offs {2}2 problems:\n {2}docs\/audits\/test\/signoffs\.jsonl:2: not a sign-off record \(and 1 more\)\n/);
	t.regex(frame, /Signed +Subject +Verdict +By +HEAD +Note/);
	const rows = lines(frame).filter((line) => /^[> ] 2026-/.test(line));
	t.deepEqual(
		rows.map((row) => row.slice(2, 18)),
		['2026-02-15 08:00', '2026-02-14 12:30', '2026-02-13 10:00'],
	);
	// The verdict column (acted on) keeps its width; the free-text note gives way at 80 columns.
	t.regex(rows[0] ?? '', /^> 2026-02-15 08:00 gate 2 +PARTIAL -> GO +Bob +abcdef0 all sign/);
	t.regex(rows[1] ?? '', /G1-002 +NO-GO -> BLOCKED-EXTERNAL +Bob/);
	await app.press('/', 'ada');
	frame = app.frame();
	t.is(lines(frame).filter((line) => /^[> ] 2026-/.test(line)).length, 1);
	await app.press(KEYS.enter, KEYS.enter);
	t.is(lines(app.frame())[0], 'Audit > Sign-off history > G3-002');
	// d on a history line shows the whole record.
	await app.press(KEYS.escape, 'd');
	frame = app.frame();
	t.regex(frame, /Sign-off of G3-002/);
	t.regex(frame, /Was +NO-GO/);
	t.regex(frame, /Note +unit tests pass/);
	// Wrapped, never cut.
	t.regex(frame, /Line +1 of docs\/audits\/test\/signoffs\.jsonl \(format 1, sha256\n +[0-9a-f]{12}\)\n/);
});

test.serial('h reads the history through the sign-off module: a symlink out of the repository is not followed, bad UTF-8 is named', async (t) => {
	const outside = tempDirectory(t);
	writeFiles(outside, { 'elsewhere.jsonl': `${HISTORY}\n` });
	const root = tempDirectory(t);
	writeFiles(root, { 'docs/audits/test/gate-tracker.json': '{}' });
	fs.symlinkSync(path.join(outside, 'elsewhere.jsonl'), path.join(root, HISTORY_FILE));
	const app = await renderApp(sampleModel({ root }), { viewport: { columns: 80, rows: 24 }, features: [historyFeature()] });
	t.teardown(() => app.close());
	await app.press('h');
	let frame = await app.waitFor((text) => text.includes('Sign-off history 0 sign-offs'));
	t.regex(frame.replace(/\n {2}/g, ' '), /1 problem: docs\/audits\/test\/signoffs\.jsonl .*not read/);
	t.notRegex(frame, /unit tests pass/);
	fs.rmSync(path.join(root, HISTORY_FILE));
	fs.writeFileSync(path.join(root, HISTORY_FILE), Buffer.concat([Buffer.from(`${HISTORY}\n`), Buffer.from([0xff, 0xfe, 0x0a])]));
	// A reload while the history is on screen reads it again.
	await app.controller.reload([path.join(root, HISTORY_FILE)]);
	frame = await app.waitFor((text) => text.includes('not valid UTF-8'));
	t.regex(frame, /Sign-off history 0 sign-offs {2}1 problem:\n {2}docs\/audits\/test\/signoffs\.jsonl: not valid UTF-8\n/);
});

test.serial(': goes to a gate or signal; Tab completes from the audit ids; a wrong id keeps the prompt open', async (t) => {
	const app = await renderApp(sampleModel(), { viewport: { columns: 80, rows: 24 } });
	t.teardown(() => app.close());
	await app.press(':', 'g3');
	let hint = lines(app.frame()).at(-1) ?? '';
	t.regex(hint, /^:g3▏ {2}G3-001 G3-002 {2}⏎ go {2}tab complete {2}esc cancel$/);
	await app.press(KEYS.tab);
	t.regex(lines(app.frame()).at(-1) ?? '', /^:G3-00▏/);
	await app.press('2', KEYS.enter);
	t.is(lines(app.frame())[0], 'Audit > Gate 3 > G3-002');
	t.regex(app.frame(), /went to G3-002/);
	// Esc walks back the way a person would have come, with the signal highlighted on its gate.
	await app.press(KEYS.escape);
	t.is(lines(app.frame())[0], 'Audit > Gate 3');
	t.regex(rowOf(app.frame(), 'G3-002'), /^> /);
	await app.press(':', '9', KEYS.enter);
	hint = lines(app.frame()).at(-1) ?? '';
	t.regex(hint, /^:9▏ {2}no gate 9 {2}⏎ go/);
	t.is(app.controller.getState().dialog?.kind, 'jump');
	await app.press(KEYS.backspace, 'g3-0', KEYS.enter);
	t.regex(lines(app.frame()).at(-1) ?? '', /"g3-0" could be G3-001, G3-002: Tab completes/);
	await app.press('\u0015', 'gate 1', KEYS.enter);
	t.is(lines(app.frame())[0], 'Audit > Gate 1');
	await app.press(':', KEYS.escape);
	t.is(app.controller.getState().dialog, null);
	t.regex(app.frame(), /go to cancelled/);
});

test.serial('y copies the highlighted row’s own field with OSC 52, sanitized; the status line says what was copied', async (t) => {
	const written: string[] = [];
	const model = buildModel({
		gates: [
			{
				id: 4,
				signals: [{ id: 'G4-001', evidence: ['evidence/gate-4/a.log'] }],
			},
		],
		matrix: [{ name: 'fmt_check', command: 'cargo fmt --all --check\u001B]52;c;ZXZpbA==\u0007\nrm -rf /' }],
	});
	const app = await renderApp(model, { viewport: { columns: 80, rows: 24 }, features: [clipboardFeature((sequence) => written.push(sequence))] });
	t.teardown(() => app.close());
	await app.press('y');
	t.deepEqual(written, [osc52('4')]);
	t.regex(app.frame(), /copied gate number 4 to the clipboard \(OSC 52\)/);
	await app.press(KEYS.enter, 'y');
	t.is(written.at(-1), osc52('G4-001'));
	await app.press(KEYS.enter, 'y');
	t.is(written.at(-1), osc52('evidence/gate-4/a.log'));
	// A command from a status file is sent as one clean line: no escape sequence, no newline to run on paste.
	await app.press('m', 'y');
	t.is(written.at(-1), osc52('cargo fmt --all --check rm -rf /'));
	t.regex(app.frame(), /copied command cargo fmt --all --check rm -rf \/ to the clipboard/);
	t.is(written.length, 4);
});
