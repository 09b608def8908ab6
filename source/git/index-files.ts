import fs from 'node:fs';
import path from 'node:path';

/**
 * The paths git tracks, read from the index file itself instead of a `git ls-files` process: tracker
 * discovery needs only the names, and a process costs more than reading the file. The format is git's
 * documented index (versions 2 to 4, SHA-1 or SHA-256). Anything this reader does not handle (a split or
 * sparse index, an unknown version, a file that does not parse) gives null, and the caller asks git.
 * With `baseName`, only paths ending in `/baseName` (or equal to it) are decoded and returned.
 */
export function readIndexPaths(gitDirectory: string, baseName?: string): string[] | null {
	let bytes: Buffer;
	try {
		bytes = fs.readFileSync(path.join(gitDirectory, 'index'));
	} catch (error) {
		// A repository without commits or staged files has no index yet: nothing is tracked.
		return (error as NodeJS.ErrnoException).code === 'ENOENT' ? [] : null;
	}
	const wanted = baseName === undefined ? null : Buffer.from(`/${baseName}`);
	for (const hashLength of [20, 32]) {
		const paths = parseIndex(bytes, hashLength, wanted);
		if (paths !== null) return paths;
	}
	return null;
}

const HEADER_LENGTH = 12;
const STAT_LENGTH = 40;
const EXTENDED_FLAG = 0x4000;
const NAME_LENGTH_MASK = 0x0fff;
// Extensions that change what the entries mean: the shared part of a split index, sparse directory entries.
const UNSUPPORTED_EXTENSIONS = new Set(['link', 'sdir']);

function parseIndex(bytes: Buffer, hashLength: number, wanted: Buffer | null): string[] | null {
	if (bytes.length < HEADER_LENGTH + hashLength || bytes.toString('latin1', 0, 4) !== 'DIRC') return null;
	const version = bytes.readUInt32BE(4);
	if (version < 2 || version > 4) return null;
	const count = bytes.readUInt32BE(8);
	const end = bytes.length - hashLength;
	const paths: string[] = [];
	let offset = HEADER_LENGTH;
	let previous: Buffer = Buffer.alloc(0);
	for (let entry = 0; entry < count; entry += 1) {
		const flagsAt = offset + STAT_LENGTH + hashLength;
		if (flagsAt + 2 > end) return null;
		const flags = bytes.readUInt16BE(flagsAt);
		const extended = (flags & EXTENDED_FLAG) !== 0;
		if (extended && version < 3) return null;
		let cursor = flagsAt + 2 + (extended ? 2 : 0);
		// The name as [start, stop) of `source`: the index itself, or for version 4 the rebuilt name.
		let source = bytes;
		let start = cursor;
		let stop: number;
		if (version === 4) {
			// The name is the previous name minus `strip` bytes, plus a NUL-terminated suffix.
			const strip = readOffsetVarint(bytes, cursor, end);
			if (strip === null || strip.value > previous.length) return null;
			cursor = strip.next;
			const nul = bytes.indexOf(0, cursor);
			if (nul === -1 || nul >= end) return null;
			previous = Buffer.concat([previous.subarray(0, previous.length - strip.value), bytes.subarray(cursor, nul)]);
			source = previous;
			start = 0;
			stop = previous.length;
			offset = nul + 1;
		} else {
			stop = bytes.indexOf(0, cursor);
			if (stop === -1 || stop >= end) return null;
			// Entries are padded with 1 to 8 NULs to a multiple of 8 bytes.
			offset += (flagsAt + 2 + (extended ? 2 : 0) - offset + (stop - start) + 8) & ~7;
			if (offset > end) return null;
		}
		// The flags carry the name's length (saturated at 0xFFF): a check that the hash length is right.
		const length = stop - start;
		if ((flags & NAME_LENGTH_MASK) !== Math.min(length, NAME_LENGTH_MASK)) return null;
		if (wanted === null || endsWithName(source, start, stop, wanted)) paths.push(source.toString('utf8', start, stop));
	}
	if (!extensionsAreReadable(bytes, offset, end)) return null;
	return paths;
}

// `dir/name` or `name` itself: `wanted` is `/name`. Compared from the last byte back in plain JavaScript:
// almost every entry differs in its last bytes, and a native Buffer.compare per entry cost more than the walk.
function endsWithName(source: Buffer, start: number, stop: number, wanted: Buffer): boolean {
	const length = stop - start;
	// The whole name, or a name whose byte before `wanted` is the slash.
	const compared = length === wanted.length - 1 ? length : wanted.length;
	if (length < compared) return false;
	for (let back = 1; back <= compared; back += 1) {
		if (source[stop - back] !== wanted[wanted.length - back]) return false;
	}
	return true;
}

function extensionsAreReadable(bytes: Buffer, start: number, end: number): boolean {
	let offset = start;
	while (offset < end) {
		if (offset + 8 > end) return false;
		const signature = bytes.toString('latin1', offset, offset + 4);
		if (UNSUPPORTED_EXTENSIONS.has(signature)) return false;
		offset += 8 + bytes.readUInt32BE(offset + 4);
	}
	return offset === end;
}

// git's offset varint (varint.c): each continuation adds one before shifting, so encodings are unique.
function readOffsetVarint(bytes: Buffer, start: number, end: number): { value: number; next: number } | null {
	let cursor = start;
	if (cursor >= end) return null;
	let byte = bytes[cursor++] ?? 0;
	let value = byte & 0x7f;
	while (byte & 0x80) {
		if (cursor >= end) return null;
		byte = bytes[cursor++] ?? 0;
		value = (value + 1) * 128 + (byte & 0x7f);
	}
	return { value, next: cursor };
}
