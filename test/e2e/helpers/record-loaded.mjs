// Preload for `node --import`: at exit, writes the CommonJS modules that were actually run (loaded) into
// $ARCO_TEST_LOADED_LOG. Resolving alone does not count: importing a CommonJS package from an ES module
// makes Node look at every file it could re-export (React's development and production builds alike).
import fs from 'node:fs';
import { createRequire } from 'node:module';

const logFile = process.env.ARCO_TEST_LOADED_LOG;
if (logFile) {
	const require = createRequire(import.meta.url);
	process.on('exit', () => {
		const loaded = Object.values(require.cache).flatMap((module) => (module?.loaded ? [module.filename] : []));
		fs.writeFileSync(logFile, `${loaded.join('\n')}\n`);
	});
}
