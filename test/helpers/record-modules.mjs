// Preload for `node --import`: records every module URL the program resolves (ESM, through a resolve hook)
// and every CommonJS module it required (at exit) into $ARCO_TEST_MODULE_LOG, so a test can prove which
// packages a command loaded (e.g. that `status` never loads Ink or React).
import fs from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const logFile = process.env.ARCO_TEST_MODULE_LOG;
register('./record-modules-hooks.mjs', import.meta.url);

if (logFile) {
	const require = createRequire(import.meta.url);
	process.on('exit', () => {
		const loaded = Object.keys(require.cache).map((file) => pathToFileURL(file).href);
		if (loaded.length > 0) fs.appendFileSync(logFile, `${loaded.join('\n')}\n`);
	});
}
