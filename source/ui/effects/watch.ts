import fs from 'node:fs';
import path from 'node:path';

/**
 * Tells the controller when audit files change on disk. Writers replace files by rename (atomic
 * write), which a watch on the file itself would miss after the first replace, so the watch is on
 * each file's directory, filtered by name. Bursts (temp file, rename, chmod) are debounced into one
 * call. Where fs.watch is unavailable or fails (network filesystems, inotify limits) the files are
 * polled instead.
 */

export interface FileWatcher {
	close(): void;
	/** How each directory is watched, for diagnostics and tests. */
	readonly modes: ReadonlyMap<string, 'watch' | 'poll'>;
}

export interface WatchOptions {
	debounceMs?: number;
	pollIntervalMs?: number;
	/** Skip fs.watch entirely (tests of the fallback, or filesystems known not to notify). */
	forcePolling?: boolean;
	/** Injected for tests that make fs.watch fail. */
	watchDirectory?: (directory: string, listener: (event: string, filename: string | null) => void) => fs.FSWatcher;
}

export const DEFAULT_DEBOUNCE_MS = 150;
export const DEFAULT_POLL_INTERVAL_MS = 300;

export function watchFiles(files: string[], onChange: (changed: string[]) => void, options: WatchOptions = {}): FileWatcher {
	const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
	const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
	const watchDirectory =
		options.watchDirectory ?? ((directory, listener) => fs.watch(directory, { persistent: true }, (event, filename) => listener(event, filename)));

	const byDirectory = new Map<string, Set<string>>();
	for (const file of new Set(files.map((file) => path.resolve(file)))) {
		const directory = path.dirname(file);
		const names = byDirectory.get(directory) ?? new Set<string>();
		names.add(path.basename(file));
		byDirectory.set(directory, names);
	}

	const modes = new Map<string, 'watch' | 'poll'>();
	const watchers = new Map<string, fs.FSWatcher>();
	const polled: Array<{ file: string; listener: (current: fs.Stats, previous: fs.Stats) => void }> = [];
	const pending = new Set<string>();
	let timer: NodeJS.Timeout | null = null;
	let closed = false;

	const flush = () => {
		timer = null;
		if (closed || pending.size === 0) return;
		const changed = [...pending].sort();
		pending.clear();
		onChange(changed);
	};
	const mark = (file: string) => {
		if (closed) return;
		pending.add(file);
		if (timer) clearTimeout(timer);
		timer = setTimeout(flush, debounceMs);
	};

	const poll = (directory: string, names: Set<string>) => {
		modes.set(directory, 'poll');
		for (const name of names) {
			const file = path.join(directory, name);
			const listener = (current: fs.Stats, previous: fs.Stats) => {
				if (current.mtimeMs !== previous.mtimeMs || current.size !== previous.size || current.ino !== previous.ino) mark(file);
			};
			polled.push({ file, listener });
			fs.watchFile(file, { persistent: true, interval: pollIntervalMs }, listener);
		}
	};

	for (const [directory, names] of byDirectory) {
		if (options.forcePolling) {
			poll(directory, names);
			continue;
		}
		try {
			const watcher = watchDirectory(directory, (_event, filename) => {
				// Some platforms give no name; then any of this directory's files may have changed.
				if (filename === null) for (const name of names) mark(path.join(directory, name));
				else if (names.has(String(filename))) mark(path.join(directory, String(filename)));
			});
			watcher.on('error', () => {
				// The directory went away or the watch broke: polling keeps working on the paths themselves.
				watcher.close();
				watchers.delete(directory);
				if (!closed) poll(directory, names);
			});
			watchers.set(directory, watcher);
			modes.set(directory, 'watch');
		} catch {
			poll(directory, names);
		}
	}

	return {
		modes,
		close() {
			closed = true;
			if (timer) clearTimeout(timer);
			for (const watcher of watchers.values()) watcher.close();
			// Only this watcher's listeners: another watcher (the next model's) may poll the same file.
			for (const { file, listener } of polled) fs.unwatchFile(file, listener);
		},
	};
}
