/**
 * `rerun` on one entry of every status TSV of the real snapshot arco-6ba74a9 (22 files, 7 layouts), all
 * named in one `rerun NAME... --json` (a process per file would cost a second each): each row is rewritten
 * in place or appended in its file's own layout, every other byte unchanged, and each file is checked by its
 * own test. Skipped with a notice without ../shared (a failure under CI=true). The checks are in
 * helpers/layout-check.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { sharedFixtures, sharedTest } from '../helpers/shared-fixtures.js';
import { type Batch, baselineOf, checkBatchAsAWhole, checkBatchFile, rerunBatch } from './helpers/layout-check.js';
import { LUMEN, listTsvFiles } from './helpers/rerun-kit.js';

const SIX = 'arco-6ba74a9';
const sharedBase = sharedFixtures();
const SIX_FILES = sharedBase !== null && fs.existsSync(path.join(sharedBase, SIX)) ? listTsvFiles(path.join(sharedBase, SIX)) : [];

let batch: Promise<Batch> | null = null;
function batchFor(fixture: string): Promise<Batch> {
	batch ??= rerunBatch(fixture, SIX_FILES);
	return batch;
}
test.after.always(async () => {
	if (batch) (await batch.catch(() => null))?.setup.repo.cleanup();
});

sharedTest(`${SIX} has 22 status TSVs in 7 layouts, and lumen-audit has every one of those layouts`, SIX, async (t, fixture) => {
	t.is(SIX_FILES.length, 22);
	const six = await baselineOf(fixture);
	const lumen = await baselineOf(LUMEN);
	const sixLayouts = new Set(six.files.map((file) => file.layout));
	t.true(sixLayouts.size >= 7, [...sixLayouts].join('\n'));
	const lumenLayouts = new Set(lumen.files.map((file) => file.layout));
	t.deepEqual(
		[...sixLayouts].filter((layout) => !lumenLayouts.has(layout)),
		[],
		'layouts of the real snapshot missing from lumen-audit',
	);
	// Both ways of writing back are exercised on both fixtures.
	t.true(six.files.some((file) => file.append_style) && six.files.some((file) => !file.append_style));
	t.true(lumen.files.some((file) => file.append_style) && lumen.files.some((file) => !file.append_style));
});

sharedTest(`${SIX}: one rerun of an entry of every TSV exits by the outcomes and writes nothing else`, SIX, async (t, fixture) => {
	checkBatchAsAWhole(t, await batchFor(fixture));
});

for (const tsv of SIX_FILES) {
	const title = `${SIX} ${tsv.replace(/^release_evidence\/[^/]+\//, '')}: the row is written back in the file's layout`;
	sharedTest(title, SIX, async (t, fixture) => checkBatchFile(t, await batchFor(fixture), tsv));
}
