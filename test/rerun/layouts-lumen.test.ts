/**
 * `rerun NAME` on one entry of every status TSV of our lumen-audit fixture, one process each (it always
 * runs, and has every layout of the real snapshots): the row is rewritten in place or appended in the
 * file's own layout, every other byte unchanged. The checks are in helpers/layout-check.ts.
 */
import test from 'ava';
import { rerunKeepsLayout } from './helpers/layout-check.js';
import { LUMEN, listTsvFiles } from './helpers/rerun-kit.js';

const LUMEN_FILES = listTsvFiles(LUMEN);

test('lumen-audit has its 8 status TSVs', (t) => {
	t.is(LUMEN_FILES.length, 8);
});

for (const tsv of LUMEN_FILES) {
	test(`lumen-audit ${tsv.replace(/^release_evidence\/[^/]+\//, '')}: rerun writes the row back in the file's layout`, (t) => rerunKeepsLayout(t, LUMEN, tsv));
}
