import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { describeError } from '../../errors.js';
import type { PathRef } from '../../model/types.js';
import { isInsideDirectory } from '../../paths/inside.js';
import type { Preview } from '../state/preview-target.js';

/**
 * Reading evidence files for the preview. Paths come from trackers, ledgers and TSVs, so they are
 * checked here again even when the loader already validated them: a file may have been replaced by a
 * symlink since the model was built, and a log path from a TSV never went through RepoPaths at all.
 */

export interface PreviewLimits {
	maxBytes: number;
	maxLines: number;
	maxEntries: number;
}

export const DEFAULT_PREVIEW_LIMITS: PreviewLimits = { maxBytes: 1024 * 1024, maxLines: 20_000, maxEntries: 500 };

const BINARY_SNIFF_BYTES = 8192;

export async function readPreview(root: string, ref: PathRef, limits: PreviewLimits = DEFAULT_PREVIEW_LIMITS): Promise<Preview> {
	if (ref.problem !== null) return unavailable(`not shown: path refused (${ref.problem})`);
	if (ref.path === null || ref.path === '') return unavailable('not shown: no usable path');
	const located = await locateInside(root, ref.path);
	if (typeof located !== 'string') return located;
	try {
		const stats = await fs.stat(located);
		if (stats.isDirectory()) return await readDirectory(located, limits);
		if (!stats.isFile()) return unavailable('not shown: not a regular file');
		return await readTextFile(located, limits);
	} catch (error) {
		return unavailable(`cannot read: ${describeError(error)}`);
	}
}

/** The real path of `relative` when it is inside the real root; otherwise why it is refused. */
async function locateInside(root: string, relative: string): Promise<string | Preview> {
	if (relative.includes('\0')) return unavailable('not shown: path contains a NUL byte');
	if (path.isAbsolute(relative)) return unavailable('not shown: absolute path');
	let realRoot: string;
	try {
		realRoot = await fs.realpath(root);
	} catch (error) {
		return unavailable(`cannot read: ${describeError(error)}`);
	}
	const lexical = path.resolve(realRoot, relative);
	if (!isInsideDirectory(realRoot, lexical, { allowSame: true })) return unavailable('not shown: path leaves the repository');
	let real: string;
	try {
		real = await fs.realpath(lexical);
	} catch {
		return unavailable('missing: file does not exist');
	}
	if (!isInsideDirectory(realRoot, real, { allowSame: true })) return unavailable('not shown: symlink leads outside the repository');
	return real;
}

async function readDirectory(directory: string, limits: PreviewLimits): Promise<Preview> {
	const entries = await fs.readdir(directory, { withFileTypes: true });
	const names = entries.map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name)).sort((a, b) => a.localeCompare(b));
	return { kind: 'directory', lines: names.slice(0, limits.maxEntries), truncated: names.length > limits.maxEntries };
}

async function readTextFile(file: string, limits: PreviewLimits): Promise<Preview> {
	// O_NONBLOCK: a FIFO swapped in after the stat must not hang the UI on open.
	const handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
	try {
		const stats = await handle.stat();
		if (!stats.isFile()) return unavailable('not shown: not a regular file');
		const length = Math.min(stats.size, limits.maxBytes);
		const buffer = Buffer.alloc(length);
		let filled = 0;
		while (filled < length) {
			const { bytesRead } = await handle.read(buffer, filled, length - filled, filled);
			if (bytesRead === 0) break;
			filled += bytesRead;
		}
		const bytes = buffer.subarray(0, filled);
		if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return unavailable(`not shown: binary file (${stats.size} bytes)`);
		const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
		const lines = text.split('\n');
		if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
		const cutByBytes = stats.size > limits.maxBytes;
		const cutByLines = lines.length > limits.maxLines;
		return { kind: 'text', lines: cutByLines ? lines.slice(0, limits.maxLines) : lines, truncated: cutByBytes || cutByLines };
	} finally {
		await handle.close();
	}
}

function unavailable(reason: string): Preview {
	return { kind: 'unavailable', reason };
}
