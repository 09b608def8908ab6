/**
 * Large outputs: memory must not follow the output size. Heap measurements in the test process are too
 * noisy to assert on, so these tests check what the bound implies: the tail holds exactly `tailLines`
 * rows, every line was counted, and every byte reached the log file, which is streamed, not buffered.
 */

import { mkdtemp, open, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { startRun } from '../../source/runner/index.js';

async function tempDir(): Promise<string> {
	return mkdtemp(path.join(os.tmpdir(), 'arco-flood-'));
}

async function headAndTail(filePath: string, length: number): Promise<{ head: string; tail: string; size: number }> {
	const { size } = await stat(filePath);
	const file = await open(filePath, 'r');
	try {
		const head = Buffer.alloc(Math.min(length, size));
		await file.read(head, 0, head.length, 0);
		const tail = Buffer.alloc(Math.min(length, size));
		await file.read(tail, 0, tail.length, size - tail.length);
		return { head: head.toString('latin1'), tail: tail.toString('latin1'), size };
	} finally {
		await file.close();
	}
}

/** Byte length of the header (`# ...` lines at the start) and footer (`# ...` lines at the end). */
function frameLengths(head: string, tail: string): { header: number; footer: number } {
	const header = head.match(/^(?:# [a-z_]+: [^\n]*\n)+/)?.[0].length ?? 0;
	const footer = tail.match(/(?:# [a-z_]+: [^\n]*\n)+$/)?.[0].length ?? 0;
	return { header, footer };
}

test('a 150 MB flood of lines: bounded tail, exact counts, every byte in the log', async (t) => {
	const dir = await tempDir();
	const logPath = path.join(dir, 'flood.log');
	const line = 'flood 0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ !?';
	const lineCount = 2_000_000;
	const producedBytes = (line.length + 1) * lineCount;
	let largestSnapshot = 0;
	const handle = startRun({
		command: `yes '${line}' | head -n ${lineCount}; echo the end`,
		cwd: dir,
		logPath,
		tailLines: 500,
		onSnapshot: (snapshot) => {
			largestSnapshot = Math.max(largestSnapshot, snapshot.lines.length);
		},
	});
	const result = await handle.done;
	t.is(result.outcome.kind, 'passed');

	const snapshot = handle.snapshot();
	t.is(snapshot.totalLines, lineCount + 1);
	t.is(snapshot.lines.length, 500);
	t.is(largestSnapshot, 500);
	t.is(snapshot.lines.at(-1), 'the end');
	t.is(snapshot.lines.at(-2), line);
	t.is(snapshot.bytes, producedBytes + 'the end\n'.length);

	const { head, tail, size } = await headAndTail(logPath, 4096);
	const { header, footer } = frameLengths(head, tail);
	t.true(head.startsWith(`# command: yes '${line}'`));
	t.true(tail.endsWith('# exit_code: 0\n'));
	t.is(size - header - footer, snapshot.bytes);
});

test('one 60 MB line without a newline: split into rows, bounded tail, all bytes logged', async (t) => {
	const dir = await tempDir();
	const logPath = path.join(dir, 'giant.log');
	const length = 60_000_000;
	const handle = startRun({ command: `head -c ${length} /dev/zero | tr '\\000' g`, cwd: dir, logPath, tailLines: 200, maxLineWidth: 1000 });
	const result = await handle.done;
	t.is(result.outcome.kind, 'passed');

	const snapshot = handle.snapshot();
	t.is(snapshot.totalLines, length / 1000);
	t.is(snapshot.lines.length, 200);
	t.true(snapshot.lines.every((row) => row.length === 1000 && /^g+$/.test(row)));

	const { head, tail, size } = await headAndTail(logPath, 4096);
	const { header, footer } = frameLengths(head, tail.slice(tail.lastIndexOf('g') + 1));
	// The output did not end with a newline, so the footer starts on a line of its own.
	t.true(tail.includes('g\n# end_utc: '));
	t.is(size - header - footer - 1, length);
});
