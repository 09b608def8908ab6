import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { watchFiles } from '../../source/ui/effects/watch.js';
import { replaceByRename, tempDirectory, writeFiles } from './helpers/temp.js';

/**
 * What a watcher reported, and a way to wait for its next report. No timeouts of our own: a report that
 * never comes fails by ava's timeout. That nothing else was reported is shown by a later change to a
 * marker file: reports come in order, so one that was due would be there before the marker's.
 */
function recorder() {
	const calls: string[][] = [];
	const waiting: Array<{ count: number; resolve: () => void }> = [];
	const onChange = (changed: string[]) => {
		calls.push(changed);
		for (const waiter of waiting.filter((candidate) => calls.length >= candidate.count)) waiter.resolve();
	};
	/** Resolves once `count` reports came in. */
	const reports = (count: number) =>
		new Promise<string[][]>((resolve) => {
			if (calls.length >= count) resolve(calls);
			else waiting.push({ count, resolve: () => resolve(calls) });
		});
	return { calls, onChange, reports };
}

test.serial('a file replaced by rename is reported once, after the burst settles', async (t) => {
	const root = tempDirectory(t);
	writeFiles(root, { 'docs/gate-tracker.json': '{}', 'docs/marker.json': '{}' });
	const tracker = path.join(root, 'docs/gate-tracker.json');
	const marker = path.join(root, 'docs/marker.json');
	const { onChange, reports } = recorder();
	const watcher = watchFiles([tracker, marker], onChange, { debounceMs: 100 });
	t.teardown(() => watcher.close());
	t.is(watcher.modes.get(path.join(root, 'docs')), 'watch');
	replaceByRename(tracker, '{"a":1}');
	replaceByRename(tracker, '{"a":2}');
	t.deepEqual(await reports(1), [[tracker]]);
	// The watch survives the replace: a second edit is seen too, and the burst gave no second report.
	replaceByRename(marker, '{"b":1}');
	t.deepEqual(await reports(2), [[tracker], [marker]]);
	replaceByRename(tracker, '{"a":3}');
	t.deepEqual(await reports(3), [[tracker], [marker], [tracker]]);
});

test.serial('changes to other files in the directory are ignored', async (t) => {
	const root = tempDirectory(t);
	writeFiles(root, { 'docs/gate-tracker.json': '{}', 'docs/notes.md': '' });
	const tracker = path.join(root, 'docs/gate-tracker.json');
	const { onChange, reports } = recorder();
	const watcher = watchFiles([tracker], onChange, { debounceMs: 50 });
	t.teardown(() => watcher.close());
	fs.writeFileSync(path.join(root, 'docs/notes.md'), 'edited');
	// The tracker's change is reported; the notes' change before it was not.
	replaceByRename(tracker, '{"a":1}');
	t.deepEqual(await reports(1), [[tracker]]);
});

test.serial('when fs.watch fails the files are polled instead', async (t) => {
	const root = tempDirectory(t);
	writeFiles(root, { 'evidence/status.tsv': 'a\n' });
	const file = path.join(root, 'evidence/status.tsv');
	const { onChange, reports, calls } = recorder();
	const watcher = watchFiles([file], onChange, {
		debounceMs: 50,
		pollIntervalMs: 50,
		watchDirectory: () => {
			throw Object.assign(new Error('inotify limit'), { code: 'ENOSPC' });
		},
	});
	t.teardown(() => watcher.close());
	t.is(watcher.modes.get(path.join(root, 'evidence')), 'poll');
	// Polling compares with a first look taken after it starts: keep changing the file until it is seen.
	const reported = reports(1);
	for (let version = 1; calls.length === 0; version += 1) {
		replaceByRename(file, `a\n${'b\n'.repeat(version)}`);
		await Promise.race([reported, new Promise((resolve) => setTimeout(resolve, 50))]);
	}
	t.deepEqual((await reported)[0], [file]);
});

test.serial('nothing is reported after close', async (t) => {
	const root = tempDirectory(t);
	writeFiles(root, { 'x.json': '{}' });
	const file = path.join(root, 'x.json');
	const closed = recorder();
	const watcher = watchFiles([file], closed.onChange, { debounceMs: 50 });
	watcher.close();
	// A second watcher on the same file, opened after the first: its report comes after the first one's would.
	const open = recorder();
	const witness = watchFiles([file], open.onChange, { debounceMs: 50 });
	t.teardown(() => witness.close());
	replaceByRename(file, '{"b":1}');
	await open.reports(1);
	t.deepEqual(closed.calls, []);
});
