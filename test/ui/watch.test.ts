import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { watchFiles } from '../../source/ui/effects/watch.js';
import { replaceByRename, tempDirectory, writeFiles } from './helpers/temp.js';

function nextChange(timeoutMs = 3000) {
	const calls: string[][] = [];
	let wake: () => void = () => {};
	const onChange = (changed: string[]) => {
		calls.push(changed);
		wake();
	};
	const waitForCall = () =>
		new Promise<string[]>((resolve, reject) => {
			if (calls.length > 0) return resolve(calls[calls.length - 1]!);
			const timer = setTimeout(() => reject(new Error('no change reported')), timeoutMs);
			wake = () => {
				clearTimeout(timer);
				resolve(calls[calls.length - 1]!);
			};
		});
	return { calls, onChange, waitForCall };
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test.serial('a file replaced by rename is reported once, after the burst settles', async (t) => {
	const root = tempDirectory(t);
	writeFiles(root, { 'docs/gate-tracker.json': '{}', 'docs/other.md': '' });
	const tracker = path.join(root, 'docs/gate-tracker.json');
	const { calls, onChange, waitForCall } = nextChange();
	const watcher = watchFiles([tracker], onChange, { debounceMs: 100 });
	t.teardown(() => watcher.close());
	t.is(watcher.modes.get(path.join(root, 'docs')), 'watch');
	replaceByRename(tracker, '{"a":1}');
	replaceByRename(tracker, '{"a":2}');
	t.deepEqual(await waitForCall(), [tracker]);
	await settle(250);
	t.is(calls.length, 1);
	// The watch survives the replace: a second edit is seen too.
	replaceByRename(tracker, '{"a":3}');
	await settle(400);
	t.is(calls.length, 2);
});

test.serial('changes to other files in the directory are ignored', async (t) => {
	const root = tempDirectory(t);
	writeFiles(root, { 'docs/gate-tracker.json': '{}', 'docs/notes.md': '' });
	const { calls, onChange } = nextChange();
	const watcher = watchFiles([path.join(root, 'docs/gate-tracker.json')], onChange, { debounceMs: 50 });
	t.teardown(() => watcher.close());
	fs.writeFileSync(path.join(root, 'docs/notes.md'), 'edited');
	await settle(300);
	t.is(calls.length, 0);
});

test.serial('when fs.watch fails the files are polled instead', async (t) => {
	const root = tempDirectory(t);
	writeFiles(root, { 'evidence/status.tsv': 'a\n' });
	const file = path.join(root, 'evidence/status.tsv');
	const { onChange, waitForCall } = nextChange();
	const watcher = watchFiles([file], onChange, {
		debounceMs: 50,
		pollIntervalMs: 50,
		watchDirectory: () => {
			throw Object.assign(new Error('inotify limit'), { code: 'ENOSPC' });
		},
	});
	t.teardown(() => watcher.close());
	t.is(watcher.modes.get(path.join(root, 'evidence')), 'poll');
	await settle(120);
	replaceByRename(file, 'a\nb\n');
	t.deepEqual(await waitForCall(), [file]);
});

test.serial('nothing is reported after close', async (t) => {
	const root = tempDirectory(t);
	writeFiles(root, { 'x.json': '{}' });
	const { calls, onChange } = nextChange();
	const watcher = watchFiles([path.join(root, 'x.json')], onChange, { debounceMs: 50 });
	watcher.close();
	replaceByRename(path.join(root, 'x.json'), '{"b":1}');
	await settle(200);
	t.is(calls.length, 0);
});
