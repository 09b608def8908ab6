/**
 * The review UI in tmux: navigation, help, resizing, a rerun, a sign-off, the demo (helpers/tmux.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import stringWidth from 'string-width';
import { LUMEN_TRACKER, readText } from '../helpers/fixture-repo.js';
import { e2e, e2eLumen, MATRIX_TSV, overviewReady } from './helpers/tmux.js';

e2e('open gate 3, see G3-002, open help, back with q; on the top screen q asks, Esc stays, q q quits: exit 0', async (t, terminal) => {
	terminal.start(100, 30);
	let screen = await terminal.waitFor(overviewReady, 'the overview');
	t.regex(screen, /Gate Area +Status +Closed Open Primary Evidence/);
	t.regex(screen, /\d+\/\d+ gates GO/);
	terminal.keys('j', 'j', 'j', 'Enter');
	// The status line is the frame's last: waited for, so the capture is not of a frame tmux is still drawing.
	screen = await terminal.waitFor((text) => text.startsWith('Audit > Gate 3') && /opened gate 3/.test(text), 'gate 3 and its status line');
	t.regex(screen, /G3-002/);
	t.regex(screen, /opened gate 3/);
	terminal.keys('?');
	screen = await terminal.waitFor((text) => text.includes('Help  ? or Esc closes') && /Everywhere keys/.test(text), 'help, down to its last section');
	t.regex(screen, /Gate keys/);
	t.regex(screen, /Everywhere keys/);
	terminal.keys('Escape');
	await terminal.waitFor((text) => text.includes('closed help') && text.includes('G3-002'), 'help closed');
	terminal.keys('q');
	await terminal.waitFor((text) => text.startsWith('Audit\n') && text.includes('back to overview'), 'the overview again');
	// Backing out one q too far asks instead of landing in the shell.
	terminal.keys('q');
	screen = await terminal.waitFor(
		(text) => text.includes('q again to quit, Esc to stay') && /q again to quit {2}esc stay/.test(text),
		'the quit question and its hints',
	);
	t.regex(screen, /q again to quit {2}esc stay/);
	terminal.keys('Escape');
	await terminal.waitFor((text) => text.includes('staying'), 'staying');
	t.false(fs.existsSync(terminal.exitFile));
	terminal.keys('q', 'q');
	t.is(await terminal.exitCode(), 'EXIT=0');
	// The alternate screen is gone: the shell's screen (empty here) is back, with no frame left on it.
	t.false(terminal.screen().includes('Audit date'));
});

e2e('Q quits from a signal screen with exit 0', async (t, terminal) => {
	terminal.start(100, 30);
	await terminal.waitFor(overviewReady, 'the overview');
	terminal.keys('j', 'j', 'j', 'Enter');
	await terminal.waitFor((text) => text.startsWith('Audit > Gate 3'), 'gate 3');
	terminal.keys('j', 'Enter');
	const screen = await terminal.waitFor((text) => text.startsWith('Audit > Gate 3 > G3-002') && /Evidence \(\d+\)/.test(text), 'G3-002 with its evidence');
	t.regex(screen, /Exit test/);
	t.regex(screen, /Evidence \(\d+\)/);
	terminal.keys('Q');
	t.is(await terminal.exitCode(), 'EXIT=0');
});

e2e('at 80x24 no line is wider than 80 on any screen, and a resize re-lays out', async (t, terminal) => {
	terminal.start(80, 24);
	const assertFits = (screen: string, columns: number, rows: number, where: string) => {
		const lines = screen.replace(/\n$/, '').split('\n');
		t.true(lines.length <= rows, where);
		for (const line of lines) t.true(stringWidth(line) <= columns, `${where}: ${line}`);
		// The frame is rows-1 lines, so the terminal's last row stays empty (no full-screen clear per frame).
		t.is(lines[rows - 1]?.trim() ?? '', '', `${where}: last row is free`);
	};
	let screen = await terminal.waitFor(overviewReady, 'the overview');
	assertFits(screen, 80, 24, 'overview');
	terminal.keys('j', 'j', 'j', 'Enter');
	assertFits(await terminal.waitFor((text) => text.startsWith('Audit > Gate 3'), 'gate 3'), 80, 24, 'gate');
	terminal.keys('j', 'Enter');
	assertFits(await terminal.waitFor((text) => text.startsWith('Audit > Gate 3 > G3-002'), 'G3-002'), 80, 24, 'signal');
	terminal.keys('?');
	assertFits(await terminal.waitFor((text) => text.includes('Help'), 'help'), 80, 24, 'help');
	terminal.keys('?', 'f');
	assertFits(await terminal.waitFor((text) => /^Audit.*Findings/.test(text), 'findings'), 80, 24, 'findings');
	terminal.keys('m');
	assertFits(await terminal.waitFor((text) => /^Audit.*Command matrix/.test(text), 'matrix'), 80, 24, 'matrix');
	// One Esc at a time: two that arrive together read as Alt+Esc, as in any terminal program.
	for (const back of ['Audit > Gate 3 > G3-002 > Findings\n', 'Audit > Gate 3 > G3-002\n', 'Audit > Gate 3\n', 'Audit\n']) {
		terminal.keys('Escape');
		screen = await terminal.waitFor((text) => text.startsWith(back), back.trim());
	}

	terminal.tmux('resize-window', '-t', 'review', '-x', '60', '-y', '16');
	screen = await terminal.waitFor((text) => {
		const lines = text.replace(/\n$/, '').split('\n');
		return (
			lines.length <= 16 && lines.every((line) => stringWidth(line) <= 60) && lines[0] === 'Audit' && /Gate Area/.test(text) && /\? help/.test(lines[14] ?? '')
		);
	}, 'the 60x16 layout');
	assertFits(screen, 60, 16, 'after shrinking');
	t.regex(screen, /Gate Area/);

	terminal.tmux('resize-window', '-t', 'review', '-x', '100', '-y', '30');
	screen = await terminal.waitFor((text) => text.startsWith('Audit\n') && /\? help/.test(text.split('\n')[28] ?? ''), 'the 100x30 layout');
	assertFits(screen, 100, 30, 'after growing');
	t.regex(screen, /Primary Evidence/);
	terminal.keys('Q');
	t.is(await terminal.exitCode(), 'EXIT=0');
});

e2eLumen(
	'm, move to an entry, r: the log pane shows its output and exit code; the matrix then shows it; q q exits 0',
	{ e2e_ticks: [1, 'for i in 1 2 3 4; do echo "e2e tick $i"; sleep 0.3; done'] },
	async (t, terminal) => {
		terminal.start(100, 30);
		await terminal.waitFor((text) => text.includes('Audit date') && /^>\s+0 /m.test(text), 'the overview');
		terminal.keys('m');
		await terminal.waitFor((text) => text.startsWith('Audit > Command matrix'), 'the matrix');
		terminal.keys('j', 'j', 'j');
		await terminal.waitFor((text) => /^> e2e_ticks +no +1 /m.test(text), 'e2e_ticks highlighted');
		terminal.keys('r');
		const live = await terminal.waitFor((text) => /^ {2}e2e tick 1$/m.test(text) && /e2e_ticks +running/.test(text), 'live output');
		t.notRegex(live, /^ {2}e2e tick 4$/m);
		const done = await terminal.waitFor((text) => /e2e_ticks +exit 0 · passed in/.test(text), 'the exit code in the pane');
		t.regex(done, /^ {2}e2e tick 4$/m);
		t.regex(done, /HEAD [0-9a-f]{7}/);
		await terminal.waitFor((text) => /e2e_ticks passed in \d+\.\ds \(log /.test(text), 'the recorded result on the status line');
		terminal.keys('Escape');
		await terminal.waitFor((text) => /^> e2e_ticks +no +0 /m.test(text), 'the new exit code in the matrix');
		t.regex(readText(terminal.root, MATRIX_TSV), /^e2e_ticks\t0\t/m);
		terminal.keys('q');
		await terminal.waitFor((text) => text.startsWith('Audit\n'), 'the overview again');
		terminal.keys('Q');
		t.is(await terminal.exitCode(), 'EXIT=0');
	},
);

e2eLumen('s on the overview signs the highlighted gate: note typed, Enter writes it to the tracker', {}, async (t, terminal) => {
	terminal.start(100, 30);
	await terminal.waitFor((text) => text.includes('Audit date') && /^>\s+0 /m.test(text), 'the overview');
	terminal.keys('s');
	await terminal.waitFor((text) => /Records +GO at HEAD [0-9a-f]{7} by E2E Reviewer/.test(text), 'the sign-off dialog');
	terminal.type('checked in tmux');
	await terminal.waitFor((text) => /Note +checked in tmux/.test(text), 'the note');
	terminal.keys('Enter');
	const screen = await terminal.waitFor((text) => /signed gate 0 GO at [0-9a-f]{7} as E2E Reviewer/.test(text), 'the sign-off written');
	t.regex(screen, /^> +0 Re-baseline.* E2E$/m);
	const tracker = JSON.parse(readText(terminal.root, LUMEN_TRACKER)) as { gates: Array<{ id: number; signoff?: { status: string; note: string } }> };
	t.like(tracker.gates.find((gate) => gate.id === 0)?.signoff, { status: 'GO', note: 'checked in tmux' });
	terminal.keys('Q');
	t.is(await terminal.exitCode(), 'EXIT=0');
});

e2eLumen('--demo opens the review of a demo audit, touches nothing here, and removes it on quit', {}, async (t, terminal) => {
	const scratch = path.join(terminal.root, 'tmp-for-demo');
	fs.mkdirSync(scratch);
	const before = fs.readdirSync(terminal.root).sort();
	terminal.start(100, 30, ['--demo'], `TMPDIR=${JSON.stringify(scratch)}`);
	// How fast it shows is a benchmark's question; this one asks what shows.
	const screen = await terminal.waitFor((text) => text.includes('Audit date 2026-11-20') && text.includes('Operations handoff'), 'the demo overview');
	t.regex(screen, /Tracker integrity/);
	const demos = fs.readdirSync(scratch).filter((name) => name.startsWith('arco-review-demo-'));
	t.is(demos.length, 1, 'one demo repository under TMPDIR while it runs');
	terminal.keys('Q');
	t.is(await terminal.exitCode(), 'EXIT=0');
	t.deepEqual(
		fs.readdirSync(scratch).filter((name) => name.startsWith('arco-review-demo-')),
		[],
		'removed on quit',
	);
	t.deepEqual(
		fs
			.readdirSync(terminal.root)
			.filter((name) => name !== '.tui-exit-code')
			.sort(),
		before,
		'nothing in the current folder changed',
	);
});

e2eLumen(
	'the executable runs production React, and a rerun started from it sees the environment as the user set it',
	{ env_probe: [1, 'echo "node_env=[$(printenv NODE_ENV || echo unset)]"'] },
	async (t, terminal) => {
		const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'arco-e2e-modules-')), 'modules.log');
		t.teardown(() => fs.rmSync(path.dirname(log), { recursive: true, force: true }));
		const preload = fileURLToPath(new URL('./helpers/record-loaded.mjs', import.meta.url));
		terminal.start(100, 30, [], `NODE_OPTIONS=--import=${JSON.stringify(preload)} ARCO_TEST_LOADED_LOG=${JSON.stringify(log)}`);
		await terminal.waitFor(overviewReady, 'the overview');
		terminal.keys('m');
		await terminal.waitFor((text) => text.startsWith('Audit > Command matrix'), 'the matrix');
		terminal.keys('G');
		await terminal.waitFor((text) => /^> env_probe /m.test(text), 'env_probe highlighted');
		terminal.keys('r');
		const screen = await terminal.waitFor((text) => /env_probe +exit 0/.test(text), 'the probe run');
		t.regex(screen, /^ {2}node_env=\[unset\]$/m);
		terminal.keys('Q');
		t.is(await terminal.exitCode(), 'EXIT=0');
		const modules = fs.readFileSync(log, 'utf8');
		t.regex(modules, /\/node_modules\/react\/cjs\/react\.production\.js$/m);
		t.regex(modules, /\/node_modules\/react-reconciler\/cjs\/react-reconciler\.production\.js/);
		t.notRegex(modules, /\.development\.js$/m);
	},
);
