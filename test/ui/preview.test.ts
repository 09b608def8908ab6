import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { readPreview } from '../../source/ui/effects/preview-reader.js';
import { targetForLog } from '../../source/ui/state/preview-target.js';
import { pathRef } from './helpers/build-model.js';
import { tempDirectory, writeFiles } from './helpers/temp.js';

test('a text file is read line by line', async (t) => {
	const root = tempDirectory(t);
	writeFiles(root, { 'evidence/a.log': 'first\nsecond\r\nthird\n' });
	t.deepEqual(await readPreview(root, pathRef('evidence/a.log')), { kind: 'text', lines: ['first', 'second\r', 'third'], truncated: false });
});

test('long files are cut at the line and byte limits and say so', async (t) => {
	const root = tempDirectory(t);
	writeFiles(root, { 'big.log': Array.from({ length: 50 }, (_, index) => `line ${index}`).join('\n') });
	const byLines = await readPreview(root, pathRef('big.log'), { maxBytes: 1 << 20, maxLines: 10, maxEntries: 10 });
	t.like(byLines, { kind: 'text', truncated: true });
	t.is(byLines.kind === 'text' ? byLines.lines.length : 0, 10);
	const byBytes = await readPreview(root, pathRef('big.log'), { maxBytes: 20, maxLines: 100, maxEntries: 10 });
	t.like(byBytes, { kind: 'text', truncated: true });
});

test('a directory lists its entries', async (t) => {
	const root = tempDirectory(t);
	writeFiles(root, { 'gate-1/b.md': '', 'gate-1/a/x.log': '' });
	t.deepEqual(await readPreview(root, pathRef('gate-1/')), { kind: 'directory', lines: ['a/', 'b.md'], truncated: false });
});

test('refused, missing, absolute and escaping paths are never read', async (t) => {
	const root = tempDirectory(t);
	const outside = tempDirectory(t);
	writeFiles(outside, { 'secret.txt': 'secret' });
	const reasons = async (ref: Parameters<typeof readPreview>[1]) => {
		const preview = await readPreview(root, ref);
		t.is(preview.kind, 'unavailable');
		return preview.kind === 'unavailable' ? preview.reason : '';
	};
	t.regex(await reasons(pathRef({ written: '/etc/passwd', path: null, problem: 'absolute' })), /refused \(absolute\)/);
	t.regex(await reasons(pathRef('missing.log')), /missing/);
	t.regex(await reasons(targetForLog(path.join(outside, 'secret.txt')).ref), /absolute/);
	t.regex(await reasons(targetForLog(`../${path.basename(outside)}/secret.txt`).ref), /leaves the repository/);
	t.regex(await reasons(targetForLog('a\u0000b').ref), /NUL/);
});

test('a symlink inside the repository that leads outside is refused', async (t) => {
	const root = tempDirectory(t);
	const outside = tempDirectory(t);
	writeFiles(outside, { 'secret.txt': 'secret' });
	fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'link.log'));
	const preview = await readPreview(root, pathRef('link.log'));
	t.deepEqual(preview, { kind: 'unavailable', reason: 'not shown: symlink leads outside the repository' });
});

test('binary files and FIFOs are not shown', async (t) => {
	const root = tempDirectory(t);
	writeFiles(root, { 'image.png': Buffer.from([0x89, 0x50, 0x00, 0x01]) });
	t.like(await readPreview(root, pathRef('image.png')), { kind: 'unavailable' });
	execFileSync('mkfifo', [path.join(root, 'pipe')]);
	// Would block forever if it were opened for reading without a writer.
	t.deepEqual(await readPreview(root, pathRef('pipe')), { kind: 'unavailable', reason: 'not shown: not a regular file' });
});
