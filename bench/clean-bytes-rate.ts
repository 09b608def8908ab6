/**
 * Prints `{"scanner": ..., "cpuMs": N, "bytes": N}`: the CPU time isCleanText takes over 64 MB of clean
 * 100-byte lines (the rerun's hot loop), scanned in 1 MB blocks as the printer sees them, eight times after
 * a warm-up. bench/rerun.bench.ts runs it as it is (WebAssembly SIMD) and with `--no-expose-wasm` (the
 * plain loop), and reports the two rates.
 */
import { controlByteScanner, isCleanText } from '../source/text/clean-bytes.js';

const BLOCK = Buffer.from(`${'0123456789'.repeat(9)}abcdefghi\n`.repeat(10_486));
const BLOCKS = 64;
const ROUNDS = 8;

function scanAll(): void {
	for (let block = 0; block < BLOCKS; block += 1) if (!isCleanText(BLOCK)) throw new Error('a clean block was not clean');
}

scanAll();
const before = process.cpuUsage();
for (let round = 0; round < ROUNDS; round += 1) scanAll();
const used = process.cpuUsage(before);
process.stdout.write(
	`${JSON.stringify({ scanner: controlByteScanner(), cpuMs: (used.user + used.system) / 1000, bytes: BLOCK.byteLength * BLOCKS * ROUNDS })}\n`,
);
