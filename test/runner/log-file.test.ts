import { writeSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { CommandLog, formatLogFooter, formatLogHeader, keepPreviousLog } from '../../source/runner/log-file.js';
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

test('keepPreviousLog renames with the start stamp and a counter, never overwriting', async (t) => {
	const dir = await tempDir();
	const logPath = path.join(dir, 'integrity_verifier_dry_run.log');
	t.is(await keepPreviousLog(logPath, start), null);

	await writeFile(logPath, 'first');
	const firstKept = await keepPreviousLog(logPath, start);
	t.is(firstKept, path.join(dir, 'integrity_verifier_dry_run.20260215T182401Z.log'));

	await writeFile(logPath, 'second');
	const secondKept = await keepPreviousLog(logPath, start);
	t.is(secondKept, path.join(dir, 'integrity_verifier_dry_run.20260215T182401Z-2.log'));

	t.is(await readFile(firstKept ?? '', 'utf8'), 'first');
	t.is(await readFile(secondKept ?? '', 'utf8'), 'second');
	t.deepEqual((await readdir(dir)).sort(), ['integrity_verifier_dry_run.20260215T182401Z-2.log', 'integrity_verifier_dry_run.20260215T182401Z.log']);
});

test('a log name without extension gets the stamp appended', async (t) => {
	const dir = await tempDir();
	const logPath = path.join(dir, 'output');
	await writeFile(logPath, 'x');
	t.is(await keepPreviousLog(logPath, start), path.join(dir, 'output.20260215T182401Z'));
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
