import { writeSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { CommandLog, formatLogFooter, formatLogHeader } from '../../source/runner/log-file.js';
import { keepPreviousLog, placeLog, unplaceLog } from '../../source/runner/log-names.js';
import { formatCompactUtc, formatUtcSeconds } from '../../source/time/utc.js';

const start = new Date('2026-02-15T18:24:01.734Z');

async function tempDir(): Promise<string> {
	return mkdtemp(path.join(os.tmpdir(), 'arco-log-'));
}

test('timestamps in the audit styles', (t) => {
	t.is(formatUtcSeconds(start), '2026-02-15T18:24:01Z');
	t.is(formatCompactUtc(start), '20260215T182401Z');
});

test('header and footer formats', (t) => {
	t.is(formatLogHeader({ command: 'bash -n scripts/rollback.sh', start }), '# command: bash -n scripts/rollback.sh\n# start_utc: 2026-02-15T18:24:01Z\n');
	t.is(
		formatLogHeader({ command: 'make test', start, head: 'deadbeef', dirty: true }),
		'# command: make test\n# start_utc: 2026-02-15T18:24:01Z\n# head: deadbeef\n# dirty: true\n',
	);
	t.is(formatLogHeader({ command: 'echo a\necho b', start }).split('\n').length, 3, 'a newline in the command cannot forge header lines');
	const end = new Date('2026-02-15T18:25:00Z');
	t.is(formatLogFooter({ end, exitCode: 0 }), '# end_utc: 2026-02-15T18:25:00Z\n# exit_code: 0\n');
	t.is(formatLogFooter({ end, exitCode: 124, outcome: 'timed-out' }), '# end_utc: 2026-02-15T18:25:00Z\n# exit_code: 124\n# outcome: timed-out\n');
});

const logOf = (startUtc: string, text: string) => `# command: check\n# start_utc: ${startUtc}\n${text}\n`;

test('keepPreviousLog renames with the stamp of the log\u2019s own start and a counter, never overwriting', async (t) => {
	const dir = await tempDir();
	const logPath = path.join(dir, 'integrity_verifier_dry_run.log');
	t.is(await keepPreviousLog(logPath), null);

	await writeFile(logPath, logOf('2026-02-15T18:24:01Z', 'first'));
	const firstKept = await keepPreviousLog(logPath);
	t.is(firstKept, path.join(dir, 'integrity_verifier_dry_run.20260215T182401Z.log'));

	await writeFile(logPath, logOf('2026-02-15T18:24:01Z', 'second'));
	const secondKept = await keepPreviousLog(logPath);
	t.is(secondKept, path.join(dir, 'integrity_verifier_dry_run.20260215T182401Z-2.log'));

	await writeFile(logPath, logOf('2026-03-01T07:00:00Z', 'third'));
	t.is(await keepPreviousLog(logPath), path.join(dir, 'integrity_verifier_dry_run.20260301T070000Z.log'));

	t.is(await readFile(firstKept ?? '', 'utf8'), logOf('2026-02-15T18:24:01Z', 'first'));
	t.is(await readFile(secondKept ?? '', 'utf8'), logOf('2026-02-15T18:24:01Z', 'second'));
	t.deepEqual((await readdir(dir)).sort(), [
		'integrity_verifier_dry_run.20260215T182401Z-2.log',
		'integrity_verifier_dry_run.20260215T182401Z.log',
		'integrity_verifier_dry_run.20260301T070000Z.log',
	]);
});

test('a log name without extension gets the stamp appended', async (t) => {
	const dir = await tempDir();
	const logPath = path.join(dir, 'output');
	await writeFile(logPath, logOf('2026-02-15T18:24:01Z', 'x'));
	t.is(await keepPreviousLog(logPath), path.join(dir, 'output.20260215T182401Z'));
});

test('a timestamped log takes a name of its own beside the path, the next free one, and replaces nothing', async (t) => {
	const dir = await tempDir();
	const logPath = path.join(dir, 'check.log');
	await writeFile(logPath, 'the recorded log');
	const first = await CommandLog.open(logPath, { command: 'a', start }, 'timestamped');
	const second = await CommandLog.open(logPath, { command: 'b', start }, 'timestamped');
	t.is(first.log.path, path.join(dir, 'check.20260215T182401Z.log'));
	t.is(second.log.path, path.join(dir, 'check.20260215T182401Z-2.log'));
	t.is(first.previousLog, null);
	await first.log.close({ end: start, exitCode: 0 });
	await second.log.close({ end: start, exitCode: 0 });
	t.is(await readFile(logPath, 'utf8'), 'the recorded log');
	t.regex(await readFile(first.log.path, 'utf8'), /^# command: a\n/);
	t.regex(await readFile(second.log.path, 'utf8'), /^# command: b\n/);
});

test('placeLog puts a run\u2019s log at its recorded name, keeping the one there; unplaceLog puts both back', async (t) => {
	const dir = await tempDir();
	const recorded = path.join(dir, 'check.log');
	const running = path.join(dir, 'check.20260301T070000Z.log');
	await writeFile(recorded, logOf('2026-02-15T18:24:01Z', 'old'));
	await writeFile(running, logOf('2026-03-01T07:00:00Z', 'new'));
	const placed = await placeLog(running, { kind: 'replace', path: recorded });
	t.deepEqual(placed, { path: recorded, previous: path.join(dir, 'check.20260215T182401Z.log') });
	t.is(await readFile(recorded, 'utf8'), logOf('2026-03-01T07:00:00Z', 'new'));
	await unplaceLog(placed, running);
	t.is(await readFile(recorded, 'utf8'), logOf('2026-02-15T18:24:01Z', 'old'));
	t.is(await readFile(running, 'utf8'), logOf('2026-03-01T07:00:00Z', 'new'));
	t.deepEqual((await readdir(dir)).sort(), ['check.20260301T070000Z.log', 'check.log']);
});

test('placeLog with a fresh name never takes one another run has: two runs in one second get two logs', async (t) => {
	const dir = await tempDir();
	const name = path.join(dir, '20260301T070000Z_check.log');
	await writeFile(path.join(dir, 'a.log'), 'run a');
	await writeFile(path.join(dir, 'b.log'), 'run b');
	const first = await placeLog(path.join(dir, 'a.log'), { kind: 'fresh', path: name });
	const second = await placeLog(path.join(dir, 'b.log'), { kind: 'fresh', path: name });
	t.deepEqual(first, { path: name, previous: null });
	t.deepEqual(second, { path: path.join(dir, '20260301T070000Z_check-2.log'), previous: null });
	t.is(await readFile(first.path, 'utf8'), 'run a');
	t.is(await readFile(second.path, 'utf8'), 'run b');
});

test('placeLog puts the kept log back when the run\u2019s log cannot take its place', async (t) => {
	const dir = await tempDir();
	const recorded = path.join(dir, 'check.log');
	await writeFile(recorded, logOf('2026-02-15T18:24:01Z', 'old'));
	// The run's log is gone (say, removed by hand): the move fails, and the recorded log must stay where it was.
	await t.throwsAsync(placeLog(path.join(dir, 'missing.log'), { kind: 'replace', path: recorded }), { code: 'ENOENT' });
	t.is(await readFile(recorded, 'utf8'), logOf('2026-02-15T18:24:01Z', 'old'));
	t.deepEqual(await readdir(dir), ['check.log']);
});

test('CommandLog writes output bytes untouched and puts the footer on its own line', async (t) => {
	const dir = await tempDir();
	const logPath = path.join(dir, 'deep', 'er', 'x.log');
	const { log, previousLog } = await CommandLog.open(logPath, { command: 'cmd', start });
	t.is(previousLog, null);
	// What a command writes to the descriptor it is given: no trailing newline, invalid UTF-8.
	const { fd } = await log.outputDescriptor();
	writeSync(fd, Buffer.from([0x6f, 0x6b, 0xff, 0xe2, 0x82]));
	log.noteOutputEnd(0x82);
	await log.close({ end: start, exitCode: 1 });
	const written = await readFile(logPath);
	const header = Buffer.from('# command: cmd\n# start_utc: 2026-02-15T18:24:01Z\n');
	const footer = Buffer.from('\n# end_utc: 2026-02-15T18:24:01Z\n# exit_code: 1\n');
	t.deepEqual(written, Buffer.concat([header, Buffer.from([0x6f, 0x6b, 0xff, 0xe2, 0x82]), footer]));
});
