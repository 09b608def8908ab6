/**
 * The exhaustive comparison of clean-bytes.ts against the sanitizer it stands in for: a block is clean
 * exactly when printing its bytes as they are shows what the slow path (decode, sanitizeText, encode) would.
 * Every byte value at every position of a 40-byte block (two 16-byte SIMD blocks and a tail), every pair
 * of bytes (C1 controls, invalid UTF-8) and every byte pair after E2 (bidi controls, across a block edge).
 *
 * Run directly (`node --import tsx ...`), it prints `{"scanner": ..., "mismatches": [...]}`: the test runs
 * it in a Node without WebAssembly to cover the plain loop too.
 */
import { fileURLToPath } from 'node:url';
import { controlByteScanner, isCleanText } from '../../../source/text/clean-bytes.js';
import { sanitizeText } from '../../../source/text/sanitize.js';

function printsTheSame(bytes: Buffer): boolean {
	return Buffer.from(sanitizeText(bytes.toString('utf8')), 'utf8').equals(bytes);
}

/** Descriptions of the blocks where isCleanText and the slow path disagree (none, when all is well). */
export function cleanBytesMismatches(): string[] {
	const mismatches: string[] = [];
	const check = (bytes: Buffer): void => {
		if (isCleanText(bytes) !== printsTheSame(bytes) && mismatches.length < 20) mismatches.push(bytes.toString('hex'));
	};
	for (let byte = 0; byte < 256; byte += 1) {
		for (let position = 0; position < 40; position += 1) {
			const block = Buffer.alloc(40, 0x61);
			block[position] = byte;
			check(block);
			// The same byte last in blocks of every length up to 40: the SIMD part and the tail.
			check(block.subarray(0, position + 1));
		}
	}
	for (let first = 0; first < 256; first += 1) {
		for (let second = 0; second < 256; second += 1) {
			// A pair at the start, and one straddling the edge of the first 16-byte block.
			check(Buffer.from([first, second, 0x0a]));
			const straddling = Buffer.alloc(20, 0x61);
			straddling[15] = first;
			straddling[16] = second;
			check(straddling);
			// Three-byte characters led by E2: the bidi controls E2 80 AA-AE and E2 81 A6-A9, split across the edge.
			const bidi = Buffer.alloc(20, 0x61);
			bidi[14] = 0xe2;
			bidi[15] = first;
			bidi[16] = second;
			check(bidi);
		}
	}
	return mismatches;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	console.log(JSON.stringify({ scanner: controlByteScanner(), mismatches: cleanBytesMismatches() }));
}
