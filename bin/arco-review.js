#!/usr/bin/env node
// Thin executable: all behaviour lives in source/, bundled into dist/ by `npm ci` (prepare) and `npm test` (pretest).
let cli;
try {
	cli = await import('../dist/cli.js');
} catch (error) {
	if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
	process.stderr.write('arco-review: not built yet: run `npm ci` (or `npm run build`) in the arco-review folder\n');
	process.exit(2);
}
process.exitCode = await cli.main(process.argv.slice(2));
