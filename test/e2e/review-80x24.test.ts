/**
 * Issue 14 in a real terminal at 80x24: the detail pane, the sign-off history, go-to, copy through tmux's
 * clipboard, list counts, the sign-off dialog's fields and the race a second reviewer wins, and one reload
 * message for a partner's sign-off. Every line of every screen fits 80 columns.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ExecutionContext } from 'ava';
import stringWidth from 'string-width';
import { LUMEN_TRACKER, PROJECT_ROOT, readText } from '../helpers/fixture-repo.js';
import { e2e, e2eLumen, overviewReady, type Terminal } from './helpers/tmux.js';

const lines = (screen: string) => screen.replace(/\n$/, '').split('\n');

function assertFits(t: ExecutionContext, screen: string, where: string): void {
	const rows = lines(screen);
	t.true(rows.length <= 24, where);
	for (const line of rows) t.true(stringWidth(line) <= 80, `${where}: ${line}`);
}

/** The text of the screen with the detail pane's wrapping undone (label column cut off). */
const unwrapped = (screen: string) =>
	lines(screen)
		.map((line) => line.slice(15).trim())
		.join(' ');

async function openSignal(terminal: Terminal, id: string): Promise<string> {
	terminal.keys(':');
	await terminal.waitFor((text) => /^:▏/m.test(text), 'the go-to prompt');
	terminal.type(id);
	terminal.keys('Enter');
	return await terminal.waitFor((text) => text.split('\n')[0]?.endsWith(`> ${id}`) ?? false, id);
}

e2e(
	'd shows the highlighted row whole, wrapped to 80 columns; Enter opens it, Esc closes it',
	async (t, terminal) => {
		terminal.start(80, 24);
		await terminal.waitFor(overviewReady, 'the overview');
		terminal.keys('j', 'j', 'j', 'Enter');
		await terminal.waitFor((text) => text.startsWith('Audit > Gate 3'), 'gate 3');
		terminal.keys('j');
		await terminal.waitFor((text) => /^> G3-002 /m.test(text), 'G3-002 highlighted');
		terminal.keys('d');
		let screen = await terminal.waitFor((text) => text.includes('Detail G3-002'), 'the detail pane');
		assertFits(t, screen, 'detail');
		t.regex(screen, /G3-002 · Timer callback ingestion path with OIDC-validated invocation/);
		t.regex(screen, /Code paths \(3\)\n +missing +crates\/arco-flow\/src\/bin\/arco_flow_dispatcher\.rs/);
		t.true(unwrapped(screen).includes('End-to-end callback test passes with auth contract enforced'));
		for (const line of lines(screen)) t.false(line.endsWith('…'), line);
		terminal.keys('G');
		screen = await terminal.waitFor((text) => /Sign-off\n/.test(text) && /↑ \d+ above/.test(text), 'the end of the detail');
		assertFits(t, screen, 'detail, end');
		t.regex(screen, /G3-002 has not been signed off/);
		terminal.keys('Enter');
		await terminal.waitFor((text) => text.startsWith('Audit > Gate 3 > G3-002\n'), 'the signal screen');
		terminal.keys('Q');
		t.is(await terminal.exitCode(), 'EXIT=0');
	},
	{ snapshotOnly: true },
);

e2e(': goes to a signal with Tab completion; y copies its id into tmux with set-clipboard', async (t, terminal) => {
	terminal.start(80, 24, [], '', [['set-clipboard', 'on']]);
	await terminal.waitFor(overviewReady, 'the overview');
	terminal.keys(':');
	terminal.type('g3-00');
	let screen = await terminal.waitFor((text) => /^:g3-00▏ {2}G3-001 G3-002/m.test(text), 'the completions');
	assertFits(t, screen, 'go-to prompt');
	terminal.keys('Tab');
	await terminal.waitFor((text) => /^:G3-00▏/m.test(text), 'the completed prefix');
	terminal.type('2');
	terminal.keys('Enter');
	screen = await terminal.waitFor((text) => text.startsWith('Audit > Gate 3 > G3-002\n'), 'G3-002 by its id');
	terminal.keys('Escape');
	screen = await terminal.waitFor((text) => text.startsWith('Audit > Gate 3\n') && /^> G3-002 /m.test(text), 'its gate, G3-002 highlighted');
	terminal.keys('y');
	screen = await terminal.waitFor((text) => text.includes('copied signal id G3-002 to the clipboard'), 'the copy on the status line');
	t.is(terminal.tmux('show-buffer'), 'G3-002');
	terminal.keys('Q');
	t.is(await terminal.exitCode(), 'EXIT=0');
});

e2e(
	'lists that do not fit say how many rows are above and below',
	async (t, terminal) => {
		terminal.start(80, 24);
		await terminal.waitFor(overviewReady, 'the overview');
		terminal.keys('f');
		// The counts line is the frame's last: a capture taken while tmux is still drawing the frame lacks it.
		let screen = await terminal.waitFor(
			(text) => text.startsWith('Audit > Findings') && /↓ \d+ below {2}\(1-\d+ of \d+\)/.test(text),
			'the findings and their counts line',
		);
		const total = Number(/Findings (\d+)/.exec(screen)?.[1] ?? '0');
		t.true(total > 15, `66d6c8c has ${total} findings`);
		t.regex(screen, new RegExp(`↓ \\d+ below {2}\\(1-\\d+ of ${total}\\)`));
		assertFits(t, screen, 'findings');
		terminal.keys('G');
		screen = await terminal.waitFor((text) => new RegExp(`↑ \\d+ above {2}\\(\\d+-${total} of ${total}\\)`).test(text), 'the end of the list');
		assertFits(t, screen, 'findings, end');
		terminal.keys('Q');
		t.is(await terminal.exitCode(), 'EXIT=0');
	},
	{ snapshotOnly: true },
);

e2eLumen('the sign-off note never changes the status; BLOCKED-EXTERNAL asks for owner, ticket and until and records them', {}, async (t, terminal) => {
	terminal.start(80, 24);
	await terminal.waitFor(overviewReady, 'the overview');
	await openSignal(terminal, 'G2-002');
	terminal.keys('s');
	let screen = await terminal.waitFor((text) => /Records +PARTIAL at HEAD [0-9a-f]{7} by E2E Reviewer/.test(text), 'the sign-off dialog');
	terminal.type('3 nodes fail');
	screen = await terminal.waitFor((text) => /Note +3 nodes fail▏/.test(text), 'the note');
	t.regex(screen, /\[PARTIAL\]/);
	terminal.keys('Right', 'Right');
	screen = await terminal.waitFor((text) => /\[BLOCKED-EXTERNAL\]/.test(text) && /Until/.test(text), 'the block fields');
	assertFits(t, screen, 'sign-off dialog');
	t.regex(screen, /Owner +\(who it waits on\)/);
	terminal.keys('Enter');
	screen = await terminal.waitFor((text) => /▸Owner +▏/.test(text), 'the cursor on the owner');
	t.regex(screen, /BLOCKED-EXTERNAL needs an owner/);
	terminal.type('Vendor Ops');
	terminal.keys('Tab');
	terminal.type('OPS-12');
	terminal.keys('Tab');
	terminal.type('2026-12-31');
	screen = await terminal.waitFor((text) => /▸Until +2026-12-31▏/.test(text), 'the until date');
	t.regex(screen, /Note +3 nodes fail/);
	terminal.keys('Enter');
	screen = await terminal.waitFor((text) => /signed G2-002 BLOCKED-EXTERNAL at [0-9a-f]{7} as E2E Reviewer/.test(text), 'the sign-off written');
	t.regex(screen, /Blocked +on Vendor Ops · ticket OPS-12 · until 2026-12-31/);
	const tracker = JSON.parse(readText(terminal.root, LUMEN_TRACKER)) as { signals: Array<{ id: string; blocked?: unknown; signoff?: { note: string } }> };
	const signal = tracker.signals.find((candidate) => candidate.id === 'G2-002');
	t.like(signal, { blocked: { owner: 'Vendor Ops', ticket: 'OPS-12', until: '2026-12-31' }, signoff: { note: '3 nodes fail' } });
	terminal.keys('Q');
	t.is(await terminal.exitCode(), 'EXIT=0');
});

/** Every event the app traced (ARCO_TUI_TRACE): status-line messages and loads, in order. */
type TraceEvent = { kind: 'status'; text: string } | { kind: 'load'; outcome: string; changed: string[] } | { kind: 'note'; text: string };

function traced(file: string): TraceEvent[] {
	if (!fs.existsSync(file)) return [];
	// A line being appended right now may be incomplete: it is read next time.
	return fs
		.readFileSync(file, 'utf8')
		.split('\n')
		.flatMap((line) => {
			try {
				return [JSON.parse(line) as TraceEvent];
			} catch {
				return [];
			}
		});
}

async function untilTraced(file: string, condition: (events: TraceEvent[]) => boolean, what: string): Promise<void> {
	let reported = Date.now();
	while (!condition(traced(file))) {
		if (Date.now() - reported > 30_000) {
			reported = Date.now();
			console.error(`still waiting for ${what}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** Replaces a file as the writers do: the app sees the old bytes or the new, never half of them. */
function replaceFile(file: string, bytes: Buffer): void {
	fs.writeFileSync(`${file}.arco-e2e`, bytes);
	fs.renameSync(`${file}.arco-e2e`, file);
}

e2eLumen(
	"a partner's sign-off from another terminal arrives as one message, never half; the race it wins offers u, which signs over it",
	{},
	async (t, terminal) => {
		const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'arco-e2e-partner-'));
		t.teardown(() => fs.rmSync(scratch, { recursive: true, force: true }));
		const trace = path.join(scratch, 'trace.jsonl');
		terminal.start(80, 24, [], `ARCO_TUI_TRACE=${JSON.stringify(trace)}`);
		await terminal.waitFor(overviewReady, 'the overview');
		await openSignal(terminal, 'G1-002');
		terminal.keys('s');
		await terminal.waitFor((text) => /Records +NO-GO at HEAD [0-9a-f]{7} by E2E Reviewer/.test(text), 'the sign-off dialog');
		terminal.type('still failing');
		await terminal.waitFor((text) => /Note +still failing▏/.test(text), 'the note');
		// Bob signs the same signal first, from a second terminal: with the real CLI, in a copy of the repository
		// at the same HEAD. His files land here one at a time, in the order the sign-off writes them, and the app
		// reads each state before the next file comes: the states a reader can see between the writes.
		const partner = path.join(scratch, 'partner');
		fs.cpSync(terminal.root, partner, { recursive: true });
		execFileSync(
			process.execPath,
			[path.join(PROJECT_ROOT, 'bin', 'arco-review.js'), 'signoff', 'G1-002', '--status', 'PARTIAL', '--note', 'half of it works'],
			{
				cwd: partner,
				env: { ...process.env, CI: 'true', GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'user.name', GIT_CONFIG_VALUE_0: 'Bob' },
				stdio: 'ignore',
			},
		);
		const audit = path.dirname(LUMEN_TRACKER);
		const writes = [`${audit}/signoffs.jsonl`, `${audit}/signal-ledger.md`, LUMEN_TRACKER];
		for (const file of writes) {
			const loadsBefore = traced(trace).filter((event) => event.kind === 'load').length;
			replaceFile(path.join(terminal.root, file), fs.readFileSync(path.join(partner, file)));
			if (file === LUMEN_TRACKER) break;
			await untilTraced(
				trace,
				(events) =>
					events
						.filter((event) => event.kind === 'load')
						.slice(loadsBefore)
						.some((event) => event.kind === 'load' && event.changed.some((changed) => changed.endsWith(file))),
				`the app to read ${file}`,
			);
		}
		let screen = await terminal.waitFor((text) => text.includes('reloaded: G1-002 NO-GO -> PARTIAL by Bob'), 'one message for the sign-off');
		t.regex(screen, /Now +PARTIAL/);
		// Every status line the app showed, not only the ones a capture caught: one message, nothing of the halves.
		const statuses = traced(trace).flatMap((event) => (event.kind === 'status' ? [event.text] : []));
		t.deepEqual(
			statuses.filter((text) => text.startsWith('reloaded')),
			['reloaded: G1-002 NO-GO -> PARTIAL by Bob'],
		);
		t.false(
			statuses.some((text) => /ledger status edited|interrupted|findings \d+ -> \d+/.test(text)),
			statuses.join('\n'),
		);
		const loads = traced(trace).flatMap((event) => (event.kind === 'load' ? [event.outcome] : []));
		t.is(loads.at(-1), 'shown');
		t.true(
			loads.slice(0, -1).every((outcome) => outcome === 'held'),
			loads.join(' '),
		);
		terminal.keys('Enter');
		screen = await terminal.waitFor((text) => /changed on disk since it was loaded/.test(text.replace(/\n/g, ' ')), 'the refusal');
		t.regex(screen, /u takes the state on disk/);
		terminal.keys('u');
		screen = await terminal.waitFor((text) => /now PARTIAL, signed PARTIAL by Bob/.test(text.replace(/\n/g, ' ')), 'the new state taken');
		t.regex(screen, /Note +still failing▏/);
		terminal.keys('Enter');
		await terminal.waitFor((text) => /signed G1-002 NO-GO at [0-9a-f]{7} as E2E Reviewer/.test(text), 'signed over it');
		const tracker = JSON.parse(readText(terminal.root, LUMEN_TRACKER)) as { signals: Array<{ id: string; status: string; signoff?: { note: string } }> };
		t.like(
			tracker.signals.find((signal) => signal.id === 'G1-002'),
			{ status: 'NO-GO', signoff: { note: 'still failing' } },
		);
		// h: both sign-offs, newest first.
		terminal.keys('h');
		screen = await terminal.waitFor((text) => /Sign-off history 2 sign-offs/.test(text), 'the history');
		assertFits(t, screen, 'history');
		const rows = lines(screen).filter((line) => /^[> ] \d{4}-/.test(line));
		t.regex(rows[0] ?? '', /G1-002 +PARTIAL -> NO-GO +E2E Reviewer/);
		t.regex(rows[1] ?? '', /G1-002 +NO-GO -> PARTIAL +Bob/);
		terminal.keys('Q');
		t.is(await terminal.exitCode(), 'EXIT=0');
	},
);

e2eLumen('a paste into the sign-off note (tmux paste-buffer, bracketed) is the note on one line: it submits nothing, runs no key', {}, async (t, terminal) => {
	terminal.start(80, 24);
	await terminal.waitFor(overviewReady, 'the overview');
	await openSignal(terminal, 'G2-002');
	terminal.keys('s');
	await terminal.waitFor((text) => /Records +PARTIAL at HEAD [0-9a-f]{7} by E2E Reviewer/.test(text), 'the sign-off dialog');
	terminal.tmux('set-buffer', '-b', 'arco', 'first line\nxq');
	terminal.tmux('paste-buffer', '-p', '-b', 'arco', '-t', 'review');
	const screen = await terminal.waitFor((text) => /Note +first line xq▏/.test(text), 'the pasted note');
	t.regex(screen, /Sign off G2-002/);
	t.notRegex(screen, /signing G2-002|signed G2-002/);
	terminal.keys('Escape');
	await terminal.waitFor((text) => text.includes('sign-off of G2-002 cancelled: nothing written'), 'cancelled');
	t.notRegex(readText(terminal.root, LUMEN_TRACKER), /first line/);
	terminal.keys('Q');
	t.is(await terminal.exitCode(), 'EXIT=0');
});

e2eLumen(
	'columns a user acts on keep their width at 80 columns: a long matrix name and the gate screen ids stay whole, free text gives way',
	{ release_candidate_integration_suite: [0, 'sh -c "echo run the release candidate integration suite against staging with every flag set"'] },
	async (t, terminal) => {
		terminal.start(80, 24);
		await terminal.waitFor(overviewReady, 'the overview');
		terminal.keys('m');
		let screen = await terminal.waitFor((text) => text.startsWith('Audit > Command matrix') && text.includes('release_candidate'), 'the matrix and its row');
		assertFits(t, screen, 'matrix');
		const row = lines(screen).find((line) => line.includes('release_candidate')) ?? '';
		t.regex(row, /^[> ] release_candidate_integration_suite +no +0 +2026-03-03 08:03 sh -c .*…$/);
		terminal.keys('Escape');
		await terminal.waitFor(overviewReady, 'the overview again');
		terminal.keys('j', 'j', 'j', 'Enter');
		screen = await terminal.waitFor(
			(text) => text.startsWith('Audit > Gate 3\n') && /^[> ] G3-002 +Rollback drill +Platform.* NO-GO +ok 1\/1/m.test(text),
			'gate 3 and its signals',
		);
		assertFits(t, screen, 'gate');
		// Ids and statuses whole; the title and owner (free text) are what gave way.
		t.regex(screen, /^[> ] G3-001 Staging deploy with .*… +Platform.* BLOCKED-EXTERNAL +ok 1\/1/m);
		t.regex(screen, /^[> ] G3-002 +Rollback drill +Platform.* NO-GO +ok 1\/1/m);
		terminal.keys('Q');
		t.is(await terminal.exitCode(), 'EXIT=0');
	},
);

e2eLumen('hints show a key only where it acts at 80x24: no r, R or A without commands, no l before a run', {}, async (t, terminal) => {
	terminal.start(80, 24);
	await terminal.waitFor(overviewReady, 'the overview');
	// The frame leaves the terminal's last row free: the hints are on the last line drawn.
	const hintLine = (text: string) =>
		lines(text)
			.filter((line) => line.trim() !== '')
			.at(-1) ?? '';
	let screen = await openSignal(terminal, 'G1-002');
	t.notRegex(hintLine(screen), /\br rerun|R rerun|A rerun/);
	terminal.keys('A');
	await terminal.waitFor((text) => text.includes('A: no commands recorded for G1-002'), 'why A does nothing');
	screen = await openSignal(terminal, 'G1-001');
	t.regex(hintLine(screen), /A rerun all/);
	// The preview pane of an evidence file: scrolling and closing; no run yet, so no l.
	terminal.keys('Enter');
	screen = await terminal.waitFor((text) => /esc close/.test(hintLine(text)) && !text.startsWith('Audit > Gate 1 > G1-001\nG1-001 · '), 'the preview pane');
	t.notRegex(hintLine(screen), /l run log|x cancel/);
	terminal.keys('l');
	await terminal.waitFor((text) => text.includes('l: no rerun in this session yet'), 'why l does nothing');
	terminal.keys('Q');
	t.is(await terminal.exitCode(), 'EXIT=0');
});
