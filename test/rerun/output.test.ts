/**
 * What `rerun` prints while a command runs: the command's output streamed and sanitised (no escape
 * sequence, control character or bidi override from the child reaches our stdout; a `\r` progress line
 * shows its last state; a character split across writes survives), while the log keeps the raw bytes.
 * And a 50 MB flood goes through whole, into the log byte for byte.
 */
import fs from 'node:fs';
import test, { type ExecutionContext } from 'ava';
import { main } from '../../source/cli.js';
import { LUMEN_EVIDENCE as E } from '../helpers/fixture-repo.js';
import { until } from '../helpers/wait.js';
import { addRows, assertCleanStderr, LUMEN, logFrame, makeRepo, type RerunJson, readBytes, runBinary, startBinary } from './helpers/rerun-kit.js';

const MATRIX = `${E}/phase-1/command-matrix-status.tsv`;

/** Adds rows to the lumen matrix file (command, exit_code, start_utc, end_utc, cmd). */
function withMatrixRows(t: ExecutionContext, rows: Record<string, string>) {
	const repo = makeRepo(t, LUMEN);
	addRows(
		repo.root,
		MATRIX,
		Object.entries(rows).map(([name, command]) => [name, '0', '2026-03-03T08:03:00Z', '2026-03-03T08:03:01Z', command]),
	);
	return repo;
}

// printf (dash's built-in) turns the octal escapes into raw bytes: OSC 52 (clipboard), OSC 0 (title),
// CSI 2J (clear screen), SGR colours, a bidi override, C1 CSI, BEL, backspace, and a \r progress line.
const NASTY =
	"printf '\\033]52;c;aGVsbG8=\\007\\033[2Jclean\\033[31m red\\033[0m\\rprogress 1\\rprogress 2\\n'; " +
	"printf 'err \\033]0;pwned\\007line\\342\\200\\256rev\\302\\233Kx\\010y\\n' >&2; " +
	"printf 'split \\342\\202'; sleep 0.3; printf '\\254 euro\\n'; printf 'no newline at the end'";

test('escape sequences and control characters never reach stdout; \\r shows the last state; the log keeps the raw bytes', async (t) => {
	const repo = withMatrixRows(t, { nasty_output: NASTY });
	const result = await runBinary(['rerun', 'nasty_output'], { cwd: repo.root });
	t.is(result.code, 0, result.stderr);
	assertCleanStderr(t, result.stderr);
	const stdout = result.stdout;
	t.false(stdout.includes(0x1b), 'no ESC byte');
	t.false(stdout.includes(0x07), 'no BEL');
	t.false(stdout.includes(0x0d), 'no carriage return');
	t.false(stdout.includes(0x08), 'no backspace');
	const text = stdout.toString('utf8');
	t.notRegex(text, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/, 'no C0/C1/bidi control characters');
	t.false(text.includes('\ufffd'), 'no replacement character: the euro sign split across two writes survived');
	t.regex(text, /^==> nasty_output: /m);
	t.regex(text, /^<== nasty_output: passed/m);
	// The command's own output, without our banners (which quote the command text).
	const output = text
		.split('\n')
		.filter((line) => !line.startsWith('==> ') && !line.startsWith('<== '))
		.join('\n');
	t.regex(output, /^progress 2$/m, 'the progress line in its last state');
	t.notRegex(output, /progress 1|clean/, 'overwritten states are not shown');
	t.regex(output, /^split € euro$/m);
	t.regex(output, /^no newline at the end$/m, 'a last line without a newline is printed');
	t.regex(output, /^err line/m, 'stderr is streamed too');
	t.notRegex(output, /pwned|aGVsbG8/, 'the contents of OSC strings are dropped with them');

	const report = await runBinary(['matrix', '--all', '--json'], { cwd: repo.root });
	t.is(report.code, 0);
	const log = fs.readdirSync(`${repo.root}/${E}/phase-1/command-logs`).find((name) => name.startsWith('nasty_output'));
	const raw = logFrame(readBytes(repo.root, `${E}/phase-1/command-logs/${log}`)).body;
	for (const bytes of ['\x1b]52;c;aGVsbG8=\x07', '\x1b[2J', '\x1b[31m', '\rprogress 1\rprogress 2\n', '\x1b]0;pwned\x07', 'x\x08y']) {
		t.true(raw.includes(Buffer.from(bytes, 'latin1')), `the log has the raw bytes ${JSON.stringify(bytes)}`);
	}
	t.true(raw.includes(Buffer.from('\u202e', 'utf8')) && raw.includes(Buffer.from([0xc2, 0x9b])), 'bidi override and C1 CSI kept raw in the log');
	// stdout and stderr are separate pipes: the log has their bytes in arrival order, possibly between the
	// two halves of the split character, which only the display decodes per stream.
	t.true(raw.includes(Buffer.from('split \xe2\x82', 'latin1')) && raw.includes(Buffer.from('\xac euro\n', 'latin1')));
	t.true(raw.includes(Buffer.from('no newline at the end')));
});

test('the command text shown in the banner is sanitised too', async (t) => {
	const repo = withMatrixRows(t, { evil_name: "echo '\u001b]0;title\u0007' > /dev/null; echo done" });
	const result = await runBinary(['rerun', 'evil_name'], { cwd: repo.root });
	t.is(result.code, 0, result.stderr);
	t.false(result.stdout.includes(0x1b));
	t.false(result.stdout.includes(0x07));
	t.regex(result.stdout.toString(), /^done$/m);
});

test('--json prints only the JSON report, however much the command prints', async (t) => {
	const repo = withMatrixRows(t, { chatty: 'i=0; while [ $i -lt 2000 ]; do echo "line $i"; i=$((i+1)); done; printf \'\\033[2J\'' });
	const result = await runBinary(['rerun', 'chatty', '--json'], { cwd: repo.root });
	t.is(result.code, 0, result.stderr);
	const report = JSON.parse(result.stdout.toString()) as RerunJson;
	t.like(report.runs[0], { name: 'chatty', outcome: 'passed' });
	t.false(result.stdout.includes(0x1b));
});

test('a 50 MB flood: streamed through whole, the log holds every byte, exit 0', async (t) => {
	const lines = 524_288;
	const line = `${'0123456789'.repeat(9)}abcdefghi`; // 99 characters + newline = 100 bytes
	const repo = withMatrixRows(t, { flood: `yes ${line} | head -n ${lines}` });
	const result = await runBinary(['rerun', 'flood'], { cwd: repo.root, keepStdout: false });
	t.is(result.code, 0, result.stderr);
	assertCleanStderr(t, result.stderr);
	const banner = Buffer.byteLength(`==> flood: yes ${line} | head -n ${lines}\n`);
	t.true(result.stdoutBytes >= lines * 100 + banner, `stdout had ${result.stdoutBytes} bytes`);
	const log = `${E}/phase-1/command-logs/flood.log`;
	const size = fs.statSync(`${repo.root}/${log}`).size;
	const frame = logFrame(readBytes(repo.root, log));
	t.is(frame.body.length, lines * 100, 'the log body is exactly the 52,428,800 bytes printed');
	t.is(size, frame.header.length + lines * 100 + frame.footer.length);
	t.true(frame.body.subarray(0, 100).equals(Buffer.from(`${line}\n`)));
	t.true(frame.body.subarray(-100).equals(Buffer.from(`${line}\n`)));
	t.regex(frame.footer, /# exit_code: 0\n$/);
});

test('on a terminal a flood is shown a frame at a time: every line is either shown or counted, the last is shown, the log has them all', async (t) => {
	const repo = withMatrixRows(t, { counting: 'seq 1 200000' });
	const written: string[] = [];
	const code = await main(['rerun', 'counting'], {
		cwd: repo.root,
		env: { ...process.env, ARCO_TRACKER: undefined },
		stdout: { write: (chunk: string) => written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')), isTTY: true, columns: 100 },
		stderr: { write: () => true },
		stdinIsTty: false,
	});
	t.is(code, 0);
	const lines = written.join('').split('\n');
	const shown = lines.filter((line) => /^\d+$/.test(line)).map(Number);
	const NOTE = /^\u2026 ([\d,]+) lines? not shown \(full output in (\S+)\)$/;
	const notes = lines.map((line) => NOTE.exec(line)).filter((match) => match !== null);
	t.true(notes.length >= 1, 'a flood is cut on a terminal');
	const hidden = notes.reduce((sum, match) => sum + Number((match?.[1] ?? '0').replace(/,/g, '')), 0);
	t.is(shown.length + hidden, 200_000, 'each line is either shown or counted');
	// A frame prints at most 100 lines, and its note comes with at most its last 100: however many frames the
	// flood spans (the machine's load decides that), no more than 200 lines stand between two notes.
	const runs: number[] = [0];
	for (const line of lines) {
		if (NOTE.test(line)) runs.push(0);
		else if (/^\d+$/.test(line)) runs[runs.length - 1] = (runs.at(-1) ?? 0) + 1;
	}
	t.true((runs[0] ?? 0) <= 100, `${runs[0]} lines before the first note`);
	t.deepEqual(
		runs.filter((count) => count > 200),
		[],
		'at most 200 lines between two notes',
	);
	t.is(shown.at(-1), 200_000, 'the latest line is on screen at the end');
	t.deepEqual(
		shown,
		[...shown].sort((a, b) => a - b),
		'in order',
	);
	// While it runs, every byte is in the log being written: the note names that one.
	const running = notes[0]?.[2] ?? '';
	t.regex(running, new RegExp(`^${E}/phase-1/command-logs/counting\\.\\d{8}T\\d{6}Z(-\\d+)?\\.log$`));
	t.true(
		notes.every((match) => match?.[2] === running),
		'every note names the same log',
	);
	// Recorded, the log takes the entry's name; the last line says where it is.
	const recorded = `${E}/phase-1/command-logs/counting.log`;
	t.true((lines.at(-2) ?? '').includes(`; log ${recorded};`), lines.at(-2));
	t.is(logFrame(readBytes(repo.root, recorded)).body.toString().split('\n').length, 200_001, 'the log holds every line');
});

test('what a cancelled run keeps is printed sanitised: escape sequences in the recorded row never reach the terminal', async (t) => {
	const repo = makeRepo(t, LUMEN);
	const batch = `${E}/gate-2/batch-a/command-matrix-status.tsv`;
	// A recorded timestamp carrying a title change and a screen clear (the row is untrusted text).
	addRows(repo.root, batch, [['2026-03-03T13:05:00Z\u001b]0;PWNED\u0007\u001b[2J', 'waits', 'echo started; sleep 3600', '0', 'PASS', '']]);
	const running = startBinary(['rerun', 'gate-2/batch-a/waits'], { cwd: repo.root });
	await until(() => running.stdoutSoFar().includes('started\n'), { what: 'the command to start' });
	running.child.kill('SIGINT');
	const result = await running.done;
	t.is(result.code, 130, result.stderr);
	assertCleanStderr(t, result.stderr);
	for (const byte of [0x1b, 0x07]) t.false(result.stdout.includes(byte), `no byte ${byte} on stdout`);
	t.regex(
		result.stdout.toString(),
		/^<== gate-2\/batch-a\/waits: cancelled after \d+\.\ds; recorded result kept \(exit 0 at 2026-03-03T13:05:00Z\); log \S+$/m,
	);
});
