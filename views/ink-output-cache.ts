import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Ink 6 builds every frame from scratch: each line of the frame is tokenized into styled characters
 * (@alcalzone/ansi-tokenize walks every character with a grapheme segmenter), the lines that did not
 * change as well, and that is most of the CPU a key press costs. Ink keeps a cache of those tokens for
 * one frame; this makes the same cache live across frames (bounded, least recently used), so a line that
 * did not change is tokenized once. What Ink writes is byte for byte the same.
 *
 * It reaches into Ink's internals (build/output.js, whose `caches` object has getStyledChars and
 * getStringWidth), and it hands the same token arrays to several frames, which is safe because Ink 6.8
 * only reads them. So it is guarded: with an Ink other than the version it was checked against (pinned
 * exactly in package.json), or functions of another shape, it changes nothing and says why in its
 * result; test/ui/ink-output-cache.test.tsx renders the same frames with and without it and compares
 * them byte for byte, and fails when the pinned Ink no longer takes it. Deleting the call in
 * start-tui.tsx turns it off.
 */

/** Lines kept: a few frames' worth, so scrolling a long list reuses the rows it scrolls past. */
const LINE_LIMIT = 1024;
/** Characters' widths kept (Ink measures each character of each line). */
const WIDTH_LIMIT = 4096;
const INSTALLED = Symbol.for('arco-review.ink-output-cache');
/** The Ink whose output.js this was read against and tested with. */
export const CHECKED_INK_VERSION = '6.8.0';

export type OutputCacheResult = { installed: true } | { installed: false; reason: string };

let result: Promise<OutputCacheResult> | null = null;

/** Installs the cache once per process; later calls return the first answer. */
export function installOutputCache(): Promise<OutputCacheResult> {
	result ??= install().catch((error: unknown) => ({ installed: false, reason: error instanceof Error ? error.message : String(error) }));
	return result;
}

interface Caches {
	getStyledChars?: Computed<unknown>;
	getStringWidth?: Computed<number>;
}

async function install(): Promise<OutputCacheResult> {
	const inkEntry = createRequire(import.meta.url).resolve('ink');
	const buildDirectory = path.dirname(inkEntry);
	const manifest = JSON.parse(fs.readFileSync(path.join(buildDirectory, '..', 'package.json'), 'utf8')) as { version?: string };
	if (manifest.version !== CHECKED_INK_VERSION) {
		return { installed: false, reason: `ink ${manifest.version ?? '?'} is not ${CHECKED_INK_VERSION}, the version the output cache was checked against` };
	}
	const module = (await import(pathToFileURL(path.join(buildDirectory, 'output.js')).href)) as {
		default?: new (options: { width: number; height: number }) => { caches?: Caches };
	};
	const Output = module.default;
	if (typeof Output !== 'function') return { installed: false, reason: "ink's output module has no default class" };
	const prototype = Object.getPrototypeOf(new Output({ width: 0, height: 0 }).caches ?? {}) as Caches & { [INSTALLED]?: boolean };
	const styledChars = prototype.getStyledChars;
	const stringWidth = prototype.getStringWidth;
	if (typeof styledChars !== 'function' || typeof stringWidth !== 'function' || styledChars.length !== 1 || stringWidth.length !== 1)
		return { installed: false, reason: "ink's output caches are not the expected shape (one-argument getStyledChars and getStringWidth)" };
	if (prototype[INSTALLED]) return { installed: true };
	prototype.getStyledChars = lru(styledChars, LINE_LIMIT);
	prototype.getStringWidth = remembered(stringWidth, WIDTH_LIMIT);
	prototype[INSTALLED] = true;
	return { installed: true };
}

type Computed<T> = (this: unknown, ...args: unknown[]) => T;

/**
 * `compute` with a process-wide memory of its answers, emptied when full (for small keys asked very
 * often). A call that is not the one-string-argument call it was checked with goes straight through.
 */
function remembered<T>(compute: Computed<T>, limit: number): Computed<T> {
	const kept = new Map<string, T>();
	return function cached(this: unknown, ...args: unknown[]): T {
		const [key] = args;
		if (args.length !== 1 || typeof key !== 'string') return compute.apply(this, args);
		let value = kept.get(key);
		if (value === undefined) {
			if (kept.size >= limit) kept.clear();
			value = compute.apply(this, args);
			kept.set(key, value);
		}
		return value;
	};
}

/** `compute` with a process-wide, bounded, least-recently-used memory of its answers (same pass-through). */
function lru<T>(compute: Computed<T>, limit: number): Computed<T> {
	const kept = new Map<string, T>();
	return function cached(this: unknown, ...args: unknown[]): T {
		const [key] = args;
		if (args.length !== 1 || typeof key !== 'string') return compute.apply(this, args);
		const hit = kept.get(key);
		if (hit !== undefined) {
			kept.delete(key);
			kept.set(key, hit);
			return hit;
		}
		const value = compute.apply(this, args);
		kept.set(key, value);
		if (kept.size > limit) {
			const oldest = kept.keys().next().value;
			if (oldest !== undefined) kept.delete(oldest);
		}
		return value;
	};
}
