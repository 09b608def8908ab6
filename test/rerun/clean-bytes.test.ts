/**
 * The byte-level fast path of the sanitizer (source/text/clean-bytes.ts): its WebAssembly scanner is the
 * text in clean-bytes.wat, assembled by scripts/assemble-wasm.mjs; both the WebAssembly scan and the plain
 * loop it falls back to agree with sanitizeText on every byte at every position.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import test from 'ava';
import { controlByteScanner } from '../../source/text/clean-bytes.js';
import { cleanBytesMismatches } from './helpers/clean-bytes-differential.js';

const run = promisify(execFile);
const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

test('the scanner\u2019s bytes are what clean-bytes.wat assembles to (wabt)', async (t) => {
	const result = await run(process.execPath, ['scripts/assemble-wasm.mjs', '--check'], { cwd: PROJECT }).then(
		() => 0,
		(error: { code?: number; stderr?: string }) => {
			t.log(error.stderr);
			return error.code ?? 1;
		},
	);
	t.is(result, 0, 'run `node scripts/assemble-wasm.mjs` after editing clean-bytes.wat');
});

test('WebAssembly SIMD scan: clean exactly when printing the bytes shows what the sanitizer would, for every byte at every position', (t) => {
	t.is(controlByteScanner(), 'webassembly-simd');
	t.deepEqual(cleanBytesMismatches(), []);
});

test('the plain loop, where WebAssembly is missing, agrees the same way', async (t) => {
	const helper = path.join(PROJECT, 'test', 'rerun', 'helpers', 'clean-bytes-differential.ts');
	const { stdout } = await run(process.execPath, ['--no-expose-wasm', '--import=tsx', helper], { cwd: PROJECT, maxBuffer: 1024 * 1024 });
	t.deepEqual(JSON.parse(stdout), { scanner: 'javascript', mismatches: [] });
});
