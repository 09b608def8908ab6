// Module resolve hook (runs on the loader thread): appends each resolved URL to $ARCO_TEST_MODULE_LOG.
import fs from 'node:fs';

const logFile = process.env.ARCO_TEST_MODULE_LOG;

export async function resolve(specifier, context, nextResolve) {
	const result = await nextResolve(specifier, context);
	if (logFile) fs.appendFileSync(logFile, `${result.url}\n`);
	return result;
}
