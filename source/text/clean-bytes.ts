/**
 * The byte-level fast path of the sanitizer: whether a block of output bytes is already safe to print as
 * it is, so a flood of plain log lines is passed through untouched instead of being decoded, sanitized
 * and encoded again. Clean means exactly what sanitizeText leaves unchanged: valid UTF-8 with no C0
 * control but the newline (a tab is expanded, so it counts), no DEL, no C1 control (U+0080-U+009F, bytes
 * C2 80-9F) and no bidi control (U+202A-U+202E, U+2066-U+2069). Anything else goes the slow, exact way.
 *
 * The control-byte scan is the hot loop (every byte of a 200 MB flood), so it runs as a 16-bytes-at-a-time
 * WebAssembly SIMD loop (clean-bytes.wat, assembled into clean-bytes-wasm.ts by scripts/assemble-wasm.mjs),
 * several times faster than the plain loop, which is the fallback where WebAssembly or its SIMD is
 * missing (bench/rerun.bench.ts prints both rates). Non-ASCII blocks are checked with Node's own isUtf8
 * and a search for the two lead bytes of C1 and bidi controls.
 */

import { isAscii, isUtf8 } from 'node:buffer';
import { SCANNER_BINARY } from './clean-bytes-wasm.js';

/** True when printing the bytes as they are shows what sanitizing them would: valid UTF-8 that sanitizeText leaves unchanged. */
export function isCleanText(bytes: Uint8Array): boolean {
	if (hasControlByte(bytes)) return false;
	if (isAscii(bytes)) return true;
	return isUtf8(bytes) && !hasC1OrBidi(bytes);
}

const SCANNER_MEMORY_BYTES = 17 * 64 * 1024;
const SCAN_PIECE_BYTES = 1024 * 1024;

interface Scanner {
	memory: Uint8Array;
	scan: (length: number) => number;
}

let scanner: Scanner | null | undefined;

function loadScanner(): Scanner | null {
	try {
		const module = new WebAssembly.Module(new Uint8Array(SCANNER_BINARY));
		const exports = new WebAssembly.Instance(module).exports as { memory: WebAssembly.Memory; scan: (length: number) => number };
		const memory = new Uint8Array(exports.memory.buffer);
		if (memory.byteLength < SCANNER_MEMORY_BYTES) return null;
		return { memory, scan: exports.scan };
	} catch {
		// No WebAssembly SIMD here: the plain loop does the same, slower.
		return null;
	}
}

/** Which scan runs here: WebAssembly SIMD, or the plain loop where that is missing. */
export function controlByteScanner(): 'webassembly-simd' | 'javascript' {
	if (scanner === undefined) scanner = loadScanner();
	return scanner === null ? 'javascript' : 'webassembly-simd';
}

/** Whether any byte is a C0 control other than \n, or DEL. */
export function hasControlByte(bytes: Uint8Array): boolean {
	if (scanner === undefined) scanner = loadScanner();
	if (scanner === null) return hasControlByteFrom(bytes, 0);
	for (let start = 0; start < bytes.byteLength; start += SCAN_PIECE_BYTES) {
		const piece = bytes.subarray(start, Math.min(bytes.byteLength, start + SCAN_PIECE_BYTES));
		scanner.memory.set(piece);
		if (scanner.scan(piece.byteLength) !== 0) return true;
		if (hasControlByteFrom(piece, piece.byteLength - (piece.byteLength % 16))) return true;
	}
	return false;
}

function hasControlByteFrom(bytes: Uint8Array, from: number): boolean {
	// The length read once: Buffer's byteLength getter in the loop's condition makes the loop ten times slower.
	const length = bytes.length;
	for (let index = from; index < length; index += 1) {
		const byte = bytes[index] as number;
		if ((byte < 0x20 && byte !== 0x0a) || byte === 0x7f) return true;
	}
	return false;
}

/** C1 controls are C2 80-9F in UTF-8; bidi controls E2 80 AA-AE and E2 81 A6-A9. Valid UTF-8 assumed. */
function hasC1OrBidi(bytes: Uint8Array): boolean {
	const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	for (let at = buffer.indexOf(0xc2); at !== -1; at = buffer.indexOf(0xc2, at + 1)) {
		const next = buffer[at + 1] ?? 0;
		if (next >= 0x80 && next <= 0x9f) return true;
	}
	for (let at = buffer.indexOf(0xe2); at !== -1; at = buffer.indexOf(0xe2, at + 1)) {
		const second = buffer[at + 1] ?? 0;
		const third = buffer[at + 2] ?? 0;
		if ((second === 0x80 && third >= 0xaa && third <= 0xae) || (second === 0x81 && third >= 0xa6 && third <= 0xa9)) return true;
	}
	return false;
}
