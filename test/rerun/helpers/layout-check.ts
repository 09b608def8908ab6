/**
 * The check behind test/rerun/layouts-*.test.ts: `rerun NAME` on one entry of one status TSV, then the
 * file compared line by line with the original. A file with one row per command gets exactly that row
 * rewritten, an append-style file (signal or stage column, or repeated commands) gets exactly one row
 * appended; every other byte stays, nothing else is written, and the model reads the run back.
 * Tools the audits call that are absent or slow here (cargo, gcloud, terraform, buf, promtool, rg) are fakes
 * first on PATH; the rest (bash -n, test -f, jq, find) run for real, and a failure is as good as a pass for
 * these tests: what matters is how it is recorded.
 */
import type { ExecutionContext } from 'ava';
import type { AllStatusFilesJson, EntryJson, StatusFileJson } from '../../helpers/reports.js';
import {
	assertCleanStderr,
	changedPaths,
	committedBytes,
	committedExists,
	entryNamed,
	exists,
	linesOf,
	logFrame,
	makeRepo,
	type Repo,
	type RerunJson,
	type RunJsonShape,
	read,
	readAllStatusFiles,
	readBytes,
	runBinary,
	statusFile,
	trackerOf,
	UTC_SECONDS,
} from './rerun-kit.js';

type RunColumn = 'exit' | 'start' | 'end' | 'result' | 'log';

// What each header means for a run, written out here rather than imported, so the test does not share
// the implementation's reading of the layouts. Any other column (name, step, signal, stage, command) is
// the entry's identity and must be copied unchanged.
const RUN_COLUMNS: Record<string, RunColumn> = {
	exit_code: 'exit',
	start_utc: 'start',
	timestamp_utc: 'start',
	utc_timestamp: 'start',
	utc: 'start',
	end_utc: 'end',
	result: 'result',
	log_path: 'log',
};
const HEADERLESS_ROLES: Array<RunColumn | null> = [null, 'exit', 'start', 'end', null];
const RESULT_WORDS: Record<string, string> = { passed: 'PASS', failed: 'FAIL' };

function rolesFor(layout: string): Array<RunColumn | null> {
	if (layout.startsWith('headerless:')) return HEADERLESS_ROLES;
	return layout.split('|').map((column) => RUN_COLUMNS[column] ?? null);
}

function expectedCell(role: RunColumn, run: RunJsonShape): string | null {
	switch (role) {
		case 'exit':
			return String(run.exit_code);
		case 'start':
			return run.start_utc;
		case 'end':
			return run.end_utc;
		case 'log':
			return run.log;
		case 'result':
			return RESULT_WORDS[run.outcome] ?? null;
	}
}

/** The new row's cells: identity cells as in the template row, run cells from the run. */
function checkRow(t: ExecutionContext, layout: string, row: string, template: string, run: RunJsonShape): void {
	const roles = rolesFor(layout);
	const cells = row.replace(/\r?\n$/, '').split('\t');
	const templateCells = template.replace(/\r?\n$/, '').split('\t');
	t.is(cells.length, roles.length, `the new row has the layout's ${roles.length} columns: ${JSON.stringify(row)}`);
	roles.forEach((role, index) => {
		if (role === null) {
			t.is(cells[index], templateCells[index], `column ${index + 1} (identity) is copied unchanged`);
			return;
		}
		const expected = expectedCell(role, run);
		if (expected === null) t.true(cells[index] !== '' && cells[index] !== 'PASS', `result cell of a ${run.outcome} run`);
		else t.is(cells[index], expected, `column ${index + 1} (${role}) records the run`);
	});
}

/** Picks the first entry that can run (not SKIPPED). */
function pickEntry(entries: EntryJson[]): EntryJson & { name: string } {
	const entry = entries.find((candidate) => candidate.skipped === null && candidate.command.trim() !== '');
	if (!entry || entry.name === null) throw new Error('no runnable entry');
	return { ...entry, name: entry.name };
}

/** A fixture copy and what it held before any rerun. */
interface Setup {
	repo: Repo;
	tracker: string;
	matrixFile: string;
	before: AllStatusFilesJson;
	originals: Map<string, string>;
	trackerBefore: string;
}

interface Pick {
	tsv: string;
	file: StatusFileJson;
	entry: EntryJson & { name: string };
	original: string;
}

async function setUp(t: ExecutionContext | null, fixture: string): Promise<Setup> {
	const repo = makeRepo(t, fixture);
	const tracker = trackerOf(repo.root);
	const before = await readAllStatusFiles(repo.root);
	const originals = new Map(before.files.map((file) => [file.path, read(repo.root, file.path)]));
	return { repo, tracker, matrixFile: await readMatrixStatusFile(repo.root), before, originals, trackerBefore: read(repo.root, tracker) };
}

function pick(setup: Setup, tsv: string): Pick {
	const file = statusFile(setup.before, tsv);
	return { tsv, file, entry: pickEntry(file.entries), original: setup.originals.get(tsv) ?? '' };
}

/** Matrix listing through the binary: a separate process, so the checks of many tests run in parallel. */
async function readAllThroughBinary(root: string): Promise<AllStatusFilesJson> {
	const result = await runBinary(['matrix', '--all', '--json'], { cwd: root });
	if (result.code !== 0) throw new Error(`matrix --all --json exited ${result.code}: ${result.stderr}`);
	return JSON.parse(result.stdout.toString('utf8')) as AllStatusFilesJson;
}

function checkExitCode(t: ExecutionContext, code: number | null, runs: RunJsonShape[]): void {
	const failed = runs.filter((run) => run.outcome !== 'passed');
	t.is(code, failed.length === 0 ? 0 : 1, `exit code follows the outcomes (${runs.map((run) => `${run.name}: ${run.outcome} ${run.exit_code}`).join(', ')})`);
	for (const run of runs) t.true(run.outcome === 'passed' ? run.exit_code === 0 : run.exit_code !== 0, `${run.name}: never recorded as 0 unless passed`);
}

/** The entry's TSV, its log and its latest run as the model reads it back. */
function checkWrittenBack(t: ExecutionContext, setup: Setup, chosen: Pick, run: RunJsonShape, reread: AllStatusFilesJson, firstRun: boolean): void {
	const { repo } = setup;
	const { tsv, file, entry, original } = chosen;
	t.is(run.name, entry.name);
	t.is(run.command, entry.command);
	t.is(run.status_file, tsv);
	t.regex(run.start_utc, UTC_SECONDS);
	t.regex(run.end_utc, UTC_SECONDS);
	t.false(run.outcome === 'cancelled' || run.outcome === 'timed-out', 'nothing stopped the run');

	const originalLines = linesOf(original);
	const template = originalLines[entry.line - 1] ?? '';
	t.true(
		template
			.replace(/\r?\n$/, '')
			.split('\t')
			.includes(entry.command),
		`line ${entry.line} is the entry's latest row`,
	);
	const after = read(repo.root, tsv);
	const afterLines = linesOf(after);
	if (file.append_style) {
		t.true(after.startsWith(original), 'append-style: the original bytes are a prefix of the new file');
		const appended = after.slice(original.length);
		t.regex(appended, /^[^\n]*\n$/, 'exactly one line appended, newline-terminated');
		checkRow(t, file.layout, appended, template, run);
	} else {
		t.is(afterLines.length, originalLines.length, 'rewrite: same number of lines');
		const changed = afterLines.flatMap((line, index) => (line === originalLines[index] ? [] : [index]));
		t.deepEqual(changed, [entry.line - 1], "rewrite: only the entry's row changed (header and other rows byte-identical)");
		checkRow(t, file.layout, afterLines[entry.line - 1] ?? '', template, run);
		t.is(afterLines[entry.line - 1]?.endsWith('\n'), template.endsWith('\n'));
	}
	// A header-less file stays header-less: its first line is still a run (rewritten or not), never a header.
	if (file.layout.startsWith('headerless:')) t.regex(afterLines[0] ?? '', /^[^\t]+\t(-?\d+|NA)\t\d{4}-/);
	else t.is(afterLines[0], originalLines[0], 'the header is byte-identical');

	// The log: a previous one at that path is kept byte for byte under a new name; the new one is framed.
	const logWasCommitted = committedExists(repo.root, run.log);
	t.is(run.previous_log !== null, logWasCommitted, 'a previous log is reported exactly when one was there');
	if (run.previous_log !== null && logWasCommitted) {
		t.true(exists(repo.root, run.previous_log));
		t.deepEqual(readBytes(repo.root, run.previous_log), committedBytes(repo.root, run.log), 'the previous log is kept unchanged');
	}
	const frame = logFrame(readBytes(repo.root, run.log));
	t.true(frame.header.startsWith(`# command: ${run.command}\n# shell: ${run.shell}\n# start_utc: ${run.start_utc}\n# head: ${repo.head}\n`), frame.header);
	// Only the first run of an invocation is sure to start from a clean checkout (later ones follow our own writes).
	if (firstRun) t.false(frame.header.includes('# dirty: true'), 'a clean checkout is not recorded as dirty');
	t.true(frame.footer.startsWith(`# end_utc: ${run.end_utc}\n# exit_code: ${run.exit_code}\n`), frame.footer);

	// Read back: the file still parses the same way and the entry's latest run is this one, with its log.
	const fileAfter = statusFile(reread, tsv);
	t.deepEqual(fileAfter.problems, []);
	t.is(fileAfter.layout, file.layout);
	t.is(fileAfter.entries.length, file.entries.length, 'no entry appeared or vanished');
	const latest = entryNamed(reread, entry.name);
	t.is(latest.exit_code, run.exit_code);
	t.is(latest.start_utc, run.start_utc);
	t.is(latest.log, run.log, 'the model finds the log the rerun wrote');
	t.is(latest.history.length, entry.history.length + (file.append_style ? 1 : 0));
}

/** Only the chosen TSVs, their logs (and kept previous logs) and, for the matrix file, the tracker's all_pass line changed. */
function checkNothingElse(t: ExecutionContext, setup: Setup, runs: RunJsonShape[]): void {
	const touchesMatrix = runs.some((run) => run.status_file === setup.matrixFile);
	const allowed = new Set(runs.flatMap((run) => [run.status_file, run.log, ...(run.previous_log ? [run.previous_log] : [])]));
	if (touchesMatrix) allowed.add(setup.tracker);
	const changed = changedPaths(setup.repo.root);
	t.deepEqual(
		changed.filter((path) => !allowed.has(path)),
		[],
		'no other file changed',
	);
	const trackerAfter = read(setup.repo.root, setup.tracker);
	if (!touchesMatrix) t.is(trackerAfter, setup.trackerBefore, 'the tracker is untouched by files outside the command matrix');
	else {
		const beforeLines = linesOf(setup.trackerBefore);
		const afterLines = linesOf(trackerAfter);
		t.is(afterLines.length, beforeLines.length);
		const changedLines = afterLines.filter((line, index) => line !== beforeLines[index]);
		t.true(
			changedLines.length <= 1 && changedLines.every((line) => /^\s*"all_pass": (true|false),?\n$/.test(line)),
			'at most the all_pass line of the tracker changed',
		);
	}
}

/** One `rerun NAME --json` on the first runnable entry of `tsv`, in a fresh copy of `fixture`. */
export async function rerunKeepsLayout(t: ExecutionContext, fixture: string, tsv: string): Promise<void> {
	const setup = await setUp(t, fixture);
	const chosen = pick(setup, tsv);
	t.deepEqual(chosen.file.problems, [], 'the fixture file reads cleanly');
	const result = await runBinary(['rerun', chosen.entry.name, '--json'], { cwd: setup.repo.root });
	assertCleanStderr(t, result.stderr);
	const report = JSON.parse(result.stdout.toString('utf8')) as RerunJson;
	t.is(report.runs.length, 1);
	const run = report.runs[0];
	if (!run) return;
	checkExitCode(t, result.code, report.runs);
	checkNothingElse(t, setup, report.runs);
	checkWrittenBack(t, setup, chosen, run, await readAllThroughBinary(setup.repo.root), true);
}

export interface Batch {
	setup: Setup;
	picks: Pick[];
	code: number | null;
	stderr: string;
	report: RerunJson;
	reread: AllStatusFilesJson;
}

/**
 * One `rerun NAME1 NAME2 ... --json` over the first runnable entry of every TSV of a fixture, in one copy:
 * a process per file would cost about a second each. Each file is still checked on its own.
 */
export async function rerunBatch(fixture: string, tsvs: string[]): Promise<Batch> {
	const setup = await setUp(null, fixture);
	const picks = tsvs.map((tsv) => pick(setup, tsv));
	const result = await runBinary(['rerun', ...picks.map((chosen) => chosen.entry.name), '--json'], { cwd: setup.repo.root });
	const report = JSON.parse(result.stdout.toString('utf8')) as RerunJson;
	return { setup, picks, code: result.code, stderr: result.stderr, report, reread: await readAllThroughBinary(setup.repo.root) };
}

export function checkBatchFile(t: ExecutionContext, batch: Batch, tsv: string): void {
	const chosen = batch.picks.find((candidate) => candidate.tsv === tsv);
	if (!chosen) throw new Error(`${tsv} was not in the batch`);
	t.deepEqual(chosen.file.problems, [], 'the fixture file reads cleanly');
	const runs = batch.report.runs.filter((run) => run.name === chosen.entry.name);
	t.is(runs.length, 1, 'one run of the entry');
	const run = runs[0];
	if (run) checkWrittenBack(t, batch.setup, chosen, run, batch.reread, batch.report.runs.indexOf(run) === 0);
}

export function checkBatchAsAWhole(t: ExecutionContext, batch: Batch): void {
	assertCleanStderr(t, batch.stderr);
	t.is(batch.report.runs.length, batch.picks.length);
	t.deepEqual(
		batch.report.runs.map((run) => run.name),
		batch.picks.map((chosen) => chosen.entry.name),
		'runs in the order named',
	);
	t.false(batch.report.interrupted);
	t.is(batch.report.head, batch.setup.repo.head);
	checkExitCode(t, batch.code, batch.report.runs);
	checkNothingElse(t, batch.setup, batch.report.runs);
}

/** `matrix --all --json` of a fresh copy, read once per fixture. */
const baselines = new Map<string, Promise<AllStatusFilesJson>>();

export function baselineOf(fixture: string): Promise<AllStatusFilesJson> {
	let baseline = baselines.get(fixture);
	if (!baseline) {
		const repo = makeRepo(null, fixture);
		baseline = readAllStatusFiles(repo.root).finally(() => repo.cleanup());
		baselines.set(fixture, baseline);
	}
	return baseline;
}

async function readMatrixStatusFile(root: string): Promise<string> {
	const tracker = JSON.parse(read(root, trackerOf(root))) as { command_matrix: { status_file: string } };
	return tracker.command_matrix.status_file;
}
