import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package version; found by walking up, since this file runs both from source/ (tests) and from the dist/ bundle. */
export function packageVersion(): string {
	let directory = path.dirname(fileURLToPath(import.meta.url));
	for (;;) {
		const candidate = path.join(directory, 'package.json');
		try {
			const manifest = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: unknown; version?: unknown };
			if (manifest.name === 'arco-review' && typeof manifest.version === 'string') return manifest.version;
		} catch {
			// not here; keep walking up
		}
		const parent = path.dirname(directory);
		if (parent === directory) return 'unknown';
		directory = parent;
	}
}
