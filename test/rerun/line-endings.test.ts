/**
 * Status files edited by hand on other systems: CRLF line endings and a missing final newline. A rerun
 * keeps the file's line endings on the row it writes and leaves every other byte as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { commitAll, LUMEN_EVIDENCE as E } from '../helpers/fixture-repo.js';
import { assertCleanStderr, LUMEN, linesOf, makeRepo, type RerunJson, read, readAllStatusFiles, runBinary, statusFile } from './helpers/rerun-kit.js';

const REWRITE_CRLF = `${E}/phase-1/command-matrix-status.tsv`;
const APPEND_CRLF = `${E}/gate-1/g1-001-command-status.tsv`;
const REWRITE_NO_EOL = `${E}/gate-2/batch-a/command-matrix-status.tsv`;
const APPEND_NO_EOL = `${E}/gate-2/g2-refresh-command-status.tsv`;

test("CRLF files and files without a final newline: the row is written with the file's own line endings", async (t) => {
	const repo = makeRepo(t, LUMEN);
	const edit = (file: string, change: (text: string) => string): string => {
		const text = change(read(repo.root, file));
		fs.writeFileSync(path.join(repo.root, file), text);
		return text;
	};
	const rewriteCrlf = edit(REWRITE_CRLF, (text) => text.replace(/\n/g, '\r\n'));
	const appendCrlf = edit(APPEND_CRLF, (text) => text.replace(/\n/g, '\r\n'));
	const rewriteNoEol = edit(REWRITE_NO_EOL, (text) => text.replace(/\n$/, ''));
	const appendNoEol = edit(APPEND_NO_EOL, (text) => text.replace(/\n$/, ''));
	commitAll(repo.root, 'hand-edited files');
	const before = await readAllStatusFiles(repo.root);
	for (const file of [REWRITE_CRLF, APPEND_CRLF, REWRITE_NO_EOL, APPEND_NO_EOL]) t.deepEqual(statusFile(before, file).problems, [], file);

	// ingest_dedup is the last row of its file, the one without a final newline.
	const names = ['fmt_check', 'G1-001/release_docs_presence', 'gate-2/batch-a/ingest_dedup', 'gate-2/g2-refresh/tracker_jq_validate'];
	const result = await runBinary(['rerun', ...names, '--json'], { cwd: repo.root });
	assertCleanStderr(t, result.stderr);
	const report = JSON.parse(result.stdout.toString()) as RerunJson;
	t.deepEqual(
		report.runs.map((run) => run.name),
		names,
	);

	// Rewrite, CRLF: one line changed, still ending in \r\n, like every other line.
	const rewritten = linesOf(read(repo.root, REWRITE_CRLF));
	const rewriteChanged = rewritten.flatMap((line, index) => (line === linesOf(rewriteCrlf)[index] ? [] : [index]));
	t.deepEqual(rewriteChanged, [1]);
	t.true(
		rewritten.every((line) => line.endsWith('\r\n')),
		'every line ends in CRLF',
	);
	t.regex(rewritten[1] ?? '', /^fmt_check\t0\t\S+\t\S+\tcargo fmt --all --check\r\n$/);

	// Append, CRLF: the original is a prefix, one CRLF line appended.
	const appended = read(repo.root, APPEND_CRLF);
	t.true(appended.startsWith(appendCrlf));
	t.regex(appended.slice(appendCrlf.length), /^G1-001\ttest -f RELEASE\.md && test -f CHANGELOG\.md\t\S+\t\S+\t1\t\S+\.log\r\n$/);

	// Rewrite, no final newline: the last row rewritten, still without one.
	const noEol = read(repo.root, REWRITE_NO_EOL);
	t.false(noEol.endsWith('\n'));
	const noEolLines = linesOf(noEol);
	t.deepEqual(noEolLines.slice(0, -1), linesOf(rewriteNoEol).slice(0, -1));
	t.regex(noEolLines.at(-1) ?? '', /^\S+\tingest_dedup\tcargo test -p lumen ingest::dedup\t0\tPASS\t\S+\.log$/);

	// Append, no final newline: the last row keeps its bytes and the new row starts on a line of its own.
	const appendedNoEol = read(repo.root, APPEND_NO_EOL);
	t.true(appendedNoEol.startsWith(appendNoEol));
	t.regex(appendedNoEol.slice(appendNoEol.length), /^\nverification\tjq \. docs\/audits\/[^\t]+\t\S+\t\S+\t\d+\t\S+\.log\n$/);

	const after = await readAllStatusFiles(repo.root);
	for (const file of [REWRITE_CRLF, APPEND_CRLF, REWRITE_NO_EOL, APPEND_NO_EOL]) {
		t.deepEqual(statusFile(after, file).problems, [], file);
		t.is(statusFile(after, file).entries.length, statusFile(before, file).entries.length, file);
	}
});
