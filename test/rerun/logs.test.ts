/**
 * The logs a rerun writes: `# command:` / `# shell:` / `# start_utc:` / `# head:` / `# dirty: true` header, raw bytes,
 * `# end_utc:` / `# exit_code:` footer; a previous log at the same path kept under a timestamped name;
 * every recorded row pointing at its own run's log, and the model finding the log a rerun just wrote.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { commitAll, LUMEN_EVIDENCE as E } from '../helpers/fixture-repo.js';
import {
	assertCleanStderr,
	entryNamed,
	exists,
	LUMEN,
	logFrame,
	makeRepo,
	read,
	readAllStatusFiles,
	readBytes,
	rerunJson,
	runBinary,
} from './helpers/rerun-kit.js';

const MATRIX_LOGS = `${E}/phase-1/command-logs`;

test('two reruns of the same entry: each previous log is kept under a timestamped name, byte for byte', async (t) => {
	const repo = makeRepo(t, LUMEN);
	const fixtureLog = readBytes(repo.root, `${MATRIX_LOGS}/fmt_check.log`);

	const first = (await rerunJson(t, ['fmt_check'], { cwd: repo.root, expectedCode: 0 })).runs[0];
	t.is(first?.log, `${MATRIX_LOGS}/fmt_check.log`, "a file with one row per command reruns into the entry's own log");
	t.regex(first?.previous_log ?? '', new RegExp(`^${MATRIX_LOGS}/fmt_check\\.\\d{8}T\\d{6}Z(-\\d+)?\\.log$`));
	t.deepEqual(readBytes(repo.root, first?.previous_log ?? ''), fixtureLog, 'the fixture log is kept unchanged');
	const firstLog = readBytes(repo.root, first?.log ?? '');

	const second = (await rerunJson(t, ['fmt_check'], { cwd: repo.root, expectedCode: 0 })).runs[0];
	t.is(second?.log, first?.log);
	t.regex(second?.previous_log ?? '', new RegExp(`^${MATRIX_LOGS}/fmt_check\\.\\d{8}T\\d{6}Z(-\\d+)?\\.log$`));
	t.not(second?.previous_log, first?.previous_log, 'the second previous log does not replace the first');
	t.deepEqual(readBytes(repo.root, second?.previous_log ?? ''), firstLog, "the first rerun's log is kept unchanged");
	t.deepEqual(readBytes(repo.root, first?.previous_log ?? ''), fixtureLog, 'and the fixture log is still there');

	const frame = logFrame(readBytes(repo.root, second?.log ?? ''));
	// The first rerun's own log and row are changes inside the audit: they do not make the tree dirty.
	t.regex(frame.header, /^# command: cargo fmt --all --check\n# shell: \/\S+\n# start_utc: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n# head: [0-9a-f]{40}\n$/);
	t.is(frame.body.toString(), 'fake cargo fmt --all --check\n');
	t.is(frame.footer, `# end_utc: ${second?.end_utc}\n# exit_code: 0\n`);
	const logs = fs.readdirSync(path.join(repo.root, MATRIX_LOGS)).filter((name) => name.startsWith('fmt_check'));
	t.is(logs.length, 3, logs.join(', '));
});

test('the header records HEAD, and `# dirty: true` exactly when the worktree has changes outside the audit', async (t) => {
	const repo = makeRepo(t, LUMEN);
	const clean = await rerunJson(t, ['clippy_lumen'], { cwd: repo.root, expectedCode: 0 });
	t.is(clean.head, repo.head);
	t.false(clean.dirty);
	t.false(logFrame(readBytes(repo.root, clean.runs[0]?.log ?? '')).header.includes('# dirty'));

	const head = commitAll(repo.root, 'the rerun, committed');
	fs.appendFileSync(path.join(repo.root, 'scripts/deploy.sh'), '# local edit\n');
	const dirty = await rerunJson(t, ['clippy_lumen'], { cwd: repo.root, expectedCode: 0 });
	t.is(dirty.head, head);
	t.true(dirty.dirty);
	t.is(
		logFrame(readBytes(repo.root, dirty.runs[0]?.log ?? '')).header,
		`# command: cargo clippy -p lumen -- -D warnings\n# shell: ${dirty.shell}\n# start_utc: ${dirty.runs[0]?.start_utc}\n# head: ${head}\n# dirty: true\n`,
	);
});

// Regression (source/rerun/rerun-target.ts, logFor): an append-style file's new log is named
// `<UTC seconds>_<entry>.log`, computed when the names are resolved, so two runs of one entry in the same
// second (`rerun X X`, or two quick reruns) get the same path: the second run moves the first run's log
// aside as `....<stamp>.log`, and both appended rows then name the second run's log. The first row's
// evidence is no longer the file its row points at.
test("append-style file: every appended row points at its own run's log, even for two runs in one second", async (t) => {
	const repo = makeRepo(t, LUMEN);
	const tsv = `${E}/gate-1/g1-001-command-status.tsv`;
	const original = read(repo.root, tsv);
	const report = await rerunJson(t, ['G1-001/release_docs_presence', 'G1-001/release_docs_presence'], { cwd: repo.root, expectedCode: 1 });
	const appended = read(repo.root, tsv)
		.slice(original.length)
		.split('\n')
		.filter((line) => line !== '');
	const logCells = appended.map((line) => line.split('\t')[5] ?? '');
	t.is(new Set(logCells.filter((cell) => cell !== '')).size, logCells.length, `each appended row has its own log: ${logCells.join(', ')}`);
	appended.forEach((line, index) => {
		const [, , start, end, exitCode, log = ''] = line.split('\t');
		const frame = logFrame(readBytes(repo.root, log));
		t.true(frame.header.includes(`# start_utc: ${start}\n`));
		t.is(frame.footer, `# end_utc: ${end}\n# exit_code: ${exitCode}\n`);
		t.is(log, report.runs[index]?.log ?? '(no run)');
	});
});

// Regression (source/model/load-audit.ts, indexLogsByCommand): in a status file with no log column, a log
// found only by its `# command:` header is the first such log in directory order. A rerun keeps the old
// log beside the new one under a timestamped name, both with the same header, so the model may show the
// old log as the latest run's, and the next rerun then writes into that stale name (the names compound:
// `plan-staging.<t1>.<t2>.log`). Directory order is the file system's hash order, so the test adds
// earlier attempts of the same command (as audits do) to make a lucky pass unlikely (about 1 in 500).
test('no log column: after a rerun the model shows the log the rerun wrote, and the next rerun writes there again', async (t) => {
	const repo = makeRepo(t, LUMEN);
	const logs = `${E}/gate-3/cloud/command-logs`;
	for (let attempt = 1; attempt <= 20; attempt += 1) {
		fs.writeFileSync(
			path.join(repo.root, logs, `plan-attempt-${String(attempt).padStart(2, '0')}.log`),
			`# command: terraform -chdir=deploy/lumen plan -input=false\nError: attempt ${attempt}\n`,
		);
	}
	commitAll(repo.root, 'earlier attempts');
	const name = 'gate-3/cloud/terraform_plan';
	const first = (await rerunJson(t, [name], { cwd: repo.root, expectedCode: 0 })).runs[0];
	t.is(entryNamed(await readAllStatusFiles(repo.root), name).log, first?.log ?? '', "the model shows the first rerun's log");
	const second = (await rerunJson(t, [name], { cwd: repo.root, expectedCode: 0 })).runs[0];
	t.is(second?.log, first?.log, 'the second rerun writes where the first did');
	t.is(entryNamed(await readAllStatusFiles(repo.root), name).log, second?.log ?? '', "the model shows the second rerun's log");
	t.true(exists(repo.root, second?.log ?? ''));
});

// SOURCE BUG (source/rerun/rerun-target.ts + source/runner/log-file.ts, no containment check on the log
// path): a `command-logs` folder that is a symlink leading outside the repository is written through: the
// rerun renames a file out there and creates its log there. The model itself refuses such paths (it does
// not read logs through them); writes must not follow them either (shared/notes/reliability.md).
test('a log folder that is a symlink out of the repository is not written through', async (t) => {
	const repo = makeRepo(t, LUMEN);
	const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'arco-rerun-outside-'));
	t.teardown(() => fs.rmSync(outside, { recursive: true, force: true }));
	fs.writeFileSync(path.join(outside, 'fmt_check.log'), 'not yours\n');
	fs.rmSync(path.join(repo.root, MATRIX_LOGS), { recursive: true });
	fs.symlinkSync(outside, path.join(repo.root, MATRIX_LOGS));
	commitAll(repo.root, 'command-logs is a symlink out of the repository');
	const result = await runBinary(['rerun', 'fmt_check', '--json'], { cwd: repo.root });
	assertCleanStderr(t, result.stderr);
	t.deepEqual(fs.readdirSync(outside), ['fmt_check.log'], 'nothing created or renamed outside the repository');
	t.is(fs.readFileSync(path.join(outside, 'fmt_check.log'), 'utf8'), 'not yours\n');
});
