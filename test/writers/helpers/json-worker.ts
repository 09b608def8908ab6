/**
 * Child process for the concurrency and SIGKILL tests, run as `node --import tsx json-worker.ts MODE ...`.
 *   counter FILE ROOT KEY TIMES GO_FILE      prints `ready`, waits for GO_FILE to exist, then increments counters[KEY] TIMES times
 *   loop FILE ROOT                            writes the next versioned document forever; prints `ready` after the first
 *   hold FILE ROOT                            takes FILE's lock, prints `locked`, and waits to be signalled
 */
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseJsonStrict } from '../../../source/json/strict-json.js';
import { acquireFileLock } from '../../../source/writers/file-lock.js';
import { setJsonValue } from '../../../source/writers/json-edit.js';
import { updateFileUnderLock } from '../../../source/writers/safe-write.js';
import { nextVersion } from './versioned-document.js';

const [mode, file, repoRoot, ...rest] = process.argv.slice(2);
if (file === undefined || repoRoot === undefined) throw new Error('usage: json-worker.ts MODE FILE ROOT ...');

if (mode === 'counter') {
	const [key, times, goFile] = rest;
	if (key === undefined || goFile === undefined) throw new Error('counter needs KEY, TIMES and GO_FILE');
	process.stdout.write('ready\n');
	// Polled, not slept: every writer starts as soon as the start file appears.
	while (!existsSync(goFile)) await sleep(2);
	for (let index = 0; index < Number(times); index += 1) {
		await updateFileUnderLock(file, (current) => setJsonValue(current, ['counters', key], counterValue(current, key) + 1, file), { repoRoot });
	}
} else if (mode === 'loop') {
	await updateFileUnderLock(file, nextVersion, { repoRoot });
	process.stdout.write('ready\n');
	for (;;) await updateFileUnderLock(file, nextVersion, { repoRoot });
} else if (mode === 'hold') {
	await acquireFileLock(file);
	process.stdout.write('locked\n');
	setInterval(() => undefined, 60_000);
} else {
	throw new Error(`unknown mode ${String(mode)}`);
}

function counterValue(text: string, key: string): number {
	const parsed = parseJsonStrict(text);
	if (!parsed.ok) throw new Error(`${file} is not strict JSON`);
	const counters = (parsed.value as { counters?: Record<string, unknown> }).counters ?? {};
	const value = counters[key];
	return typeof value === 'number' ? value : 0;
}
