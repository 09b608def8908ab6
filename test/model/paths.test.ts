/**
 * Paths named by the ledger, the tracker and the status TSVs are untrusted: a traversal (`../../etc/passwd`),
 * an absolute path, or a symlink inside the repository that leads outside is never read (not even stat'ed
 * through: it shows `exists: false` although the target exists) and is reported as `path-outside-repo`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { copyFixture, LUMEN_EVIDENCE as E, editJson, emptyRepo, LUMEN_LEDGER, LUMEN_TRACKER, replaceText } from '../helpers/fixture-repo.js';
import type { AllStatusFilesJson, CheckJson, FindingJson, SignalJson } from '../helpers/reports.js';
import { runBinary, runCli, runJson } from '../helpers/run-cli.js';

/** A folder outside the repository with a file a leak would show. */
function outsideFolder(t: ExecutionContext): string {
	const outside = emptyRepo({ git: false, t }).root;
	fs.writeFileSync(path.join(outside, 'secret.md'), 'SECRET: do not read\n');
	return outside;
}

function outsideFindings(findings: FindingJson[]): FindingJson[] {
	return findings.filter((finding) => finding.code === 'path-outside-repo');
}

test('ledger: `../../etc/passwd` evidence and an absolute code path are refused, not read', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	replaceText(repo.root, LUMEN_LEDGER, `\`${E}/gate-2/command-logs/20260303T120001Z_ingest_replay_test.log\``, '`../../etc/passwd`');
	replaceText(repo.root, LUMEN_LEDGER, '| Ingest Team | PARTIAL | `services/lumen/src/ingest.rs`', '| Ingest Team | PARTIAL | `/etc/passwd`');
	const signal = await runJson<SignalJson>(['signal', 'G2-002', '--json'], { cwd: repo.root });
	t.deepEqual(signal.evidence, [{ path: '../../etc/passwd', line: null, exists: false, problem: 'outside-repo' }]);
	t.deepEqual(signal.code_paths, [{ path: '/etc/passwd', line: null, exists: false, problem: 'absolute' }]);
	const check = await runJson<CheckJson>(['check', '--json'], { cwd: repo.root }, 1);
	t.deepEqual(
		outsideFindings(check.findings).map((finding) => [finding.subject, finding.severity]),
		[
			['G2-002', 'error'],
			['G2-002', 'error'],
		],
	);
	t.true(check.findings.every((finding) => !finding.message.includes('root:')));
});

test('ledger: a symlinked file and a symlinked folder inside the repo that lead outside are refused', async (t) => {
	const repo = copyFixture('lumen-audit', { t, git: false });
	const outside = outsideFolder(t);
	fs.symlinkSync(path.join(outside, 'secret.md'), path.join(repo.root, E, 'gate-2', 'leak.md'));
	fs.symlinkSync(outside, path.join(repo.root, 'docs', 'shared-notes'));
	replaceText(repo.root, LUMEN_LEDGER, `\`${E}/gate-2/batch-a/command-matrix-status.tsv\``, `\`${E}/gate-2/leak.md\`, \`docs/shared-notes/secret.md\``);
	execFileSync('git', ['init', '-q'], { cwd: repo.root });
	const signal = await runJson<SignalJson>(['signal', 'G2-001', '--json', '--tracker', LUMEN_TRACKER], { cwd: repo.root });
	t.deepEqual(signal.evidence, [
		{ path: `${E}/gate-2/leak.md`, line: null, exists: false, problem: 'symlink-outside-repo' },
		{ path: 'docs/shared-notes/secret.md', line: null, exists: false, problem: 'symlink-outside-repo' },
	]);
	const check = await runJson<CheckJson>(['check', '--json', '--tracker', LUMEN_TRACKER], { cwd: repo.root }, 1);
	t.is(outsideFindings(check.findings).filter((finding) => finding.subject === 'G2-001').length, 2);
	t.regex(outsideFindings(check.findings)[0]?.message ?? '', /resolves through a symlink outside the repository; it was not read/);
});

test('tracker: absolute gate evidence and a status_file that leaves the repo are refused', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	editJson<{ gates: Array<{ evidence: string[] }>; command_matrix: { status_file: string } }>(repo.root, LUMEN_TRACKER, (tracker) => {
		tracker.gates[1]!.evidence.push('/etc/hosts');
		tracker.command_matrix.status_file = '../../outside/command-matrix-status.tsv';
	});
	const check = await runJson<CheckJson>(['check', '--json'], { cwd: repo.root }, 1);
	t.deepEqual(
		outsideFindings(check.findings)
			.map((finding) => finding.subject)
			.sort(),
		['gate 1', 'tracker'],
	);
	t.false(check.findings.some((finding) => finding.code === 'gate-evidence-missing' && finding.subject === 'gate 1'));
});

test('status TSV: a log_path that traverses or is a symlink leading outside is refused', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	const outside = outsideFolder(t);
	const batch = `${E}/gate-2/batch-a/command-matrix-status.tsv`;
	fs.symlinkSync(path.join(outside, 'secret.md'), path.join(repo.root, E, 'gate-2/batch-a/command-logs/leak.log'));
	replaceText(repo.root, batch, `${E}/gate-2/batch-a/command-logs/2026-03-03T130000Z-ingest-ordering.log`, `${E}/gate-2/batch-a/command-logs/leak.log`);
	replaceText(repo.root, batch, `${E}/gate-2/batch-a/command-logs/2026-03-03T130030Z-ingest-dedup.log`, '../../../../etc/passwd');
	const all = await runJson<AllStatusFilesJson>(['matrix', '--all', '--json'], { cwd: repo.root });
	const entries = all.files.find((file) => file.path === batch)?.entries ?? [];
	t.deepEqual(
		entries.map((entry) => [entry.name, entry.log, entry.log_recorded]),
		[
			['gate-2/batch-a/ingest_ordering', null, `${E}/gate-2/batch-a/command-logs/leak.log`],
			['gate-2/batch-a/ingest_dedup', null, '../../../../etc/passwd'],
		],
	);
	const check = await runJson<CheckJson>(['check', '--json'], { cwd: repo.root }, 1);
	t.deepEqual(
		outsideFindings(check.findings)
			.map((finding) => finding.subject)
			.sort(),
		['gate-2/batch-a/ingest_dedup', 'gate-2/batch-a/ingest_ordering'],
	);
});

// Regression (source/tsv/read-status-file.ts resolveLog -> RepoPaths.isFile): a log found by the entry's name
// (`command-logs/<step>.log`, for layouts without a log column) is only checked with stat, which follows
// symlinks and skips the containment check that RepoPaths.ref does. A symlink `command-logs/gcloud_auth.log`
// pointing outside the repository is accepted as the entry's log, so the viewer would read a file outside.
test('status TSV: a log found by name that is a symlink leading outside is not used as the log', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	const outside = outsideFolder(t);
	const logPath = path.join(repo.root, E, 'gate-3/cloud/command-logs/gcloud_auth.log');
	fs.rmSync(logPath);
	fs.symlinkSync(path.join(outside, 'secret.md'), logPath);
	const all = await runJson<AllStatusFilesJson>(['matrix', '--all', '--json'], { cwd: repo.root });
	const auth = all.files.flatMap((file) => file.entries).find((entry) => entry.name === 'gate-3/cloud/gcloud_auth');
	t.truthy(auth);
	// Today: `${E}/gate-3/cloud/command-logs/gcloud_auth.log`, the link itself.
	t.is(auth?.log, null);
});

test('status TSVs and log folders reached through symlinks are not walked; a symlinked log is never opened for its header', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	const outside = outsideFolder(t);
	fs.writeFileSync(path.join(outside, 'status.tsv'), 'step\tcommand\texit_code\tutc\nleak\tcat secret\t0\t2026-03-03T00:00:00Z\n');
	fs.mkdirSync(path.join(outside, 'evidence'));
	fs.writeFileSync(path.join(outside, 'evidence', 'more-command-status.tsv'), 'step\tcommand\texit_code\tutc\nleak2\tcat secret\t0\t2026-03-03T00:00:00Z\n');
	fs.symlinkSync(path.join(outside, 'status.tsv'), path.join(repo.root, E, 'gate-3/linked-command-status.tsv'));
	fs.symlinkSync(path.join(outside, 'evidence'), path.join(repo.root, E, 'gate-3/linked-folder'));
	// A FIFO outside, linked into a log folder: opening it would block, so the command would hang if it read it.
	const fifo = path.join(outside, 'pipe.log');
	execFileSync('mkfifo', [fifo]);
	fs.symlinkSync(fifo, path.join(repo.root, E, 'gate-3/cloud/command-logs/aaa-pipe.log'));
	const result = await runBinary(['matrix', '--all', '--json'], { cwd: repo.root });
	t.is(result.code, 0, result.stderr);
	const all = JSON.parse(result.stdout) as AllStatusFilesJson;
	t.false(all.files.some((file) => file.path.includes('linked')));
	t.false(result.stdout.includes('cat secret'));
	// terraform_plan has no log named after it, so its log was looked up by header, past the FIFO link.
	const plan = all.files.flatMap((file) => file.entries).find((entry) => entry.name === 'gate-3/cloud/terraform_plan');
	t.is(plan?.log, `${E}/gate-3/cloud/command-logs/plan-staging.log`);
});

// Regression (source/model/load-audit.ts, readOptional of the ledger): `signal-ledger.md` beside the tracker is
// read with fs.readFileSync without the containment check, so a ledger that is a symlink leading outside the
// repository is read and its rows (titles, owners, statuses, paths) become the model.
test('a signal-ledger.md that is a symlink leading outside the repository is not read', async (t) => {
	const repo = copyFixture('lumen-audit', { t, git: false });
	const outside = outsideFolder(t);
	fs.renameSync(path.join(repo.root, LUMEN_LEDGER), path.join(outside, 'signal-ledger.md'));
	fs.symlinkSync(path.join(outside, 'signal-ledger.md'), path.join(repo.root, LUMEN_LEDGER));
	execFileSync('git', ['init', '-q'], { cwd: repo.root });
	const signal = await runJson<SignalJson>(['signal', 'G1-001', '--json', '--tracker', LUMEN_TRACKER], { cwd: repo.root });
	// Today: the outside ledger's row, titled "Release tag verification".
	t.is(signal.ledger, null);
	t.is(signal.title, null);
});

// Regression (source/discover/find-tracker.ts): a git-tracked gate-tracker.json that is a symlink leading outside
// the repository is discovered and read, while the same path given in .arco-review.json is refused ("resolves
// through a symlink outside the repository"). Discovery should refuse it too (exit 2, nothing read).
test('a tracked gate-tracker.json that is a symlink leading outside the repository is not used', async (t) => {
	const repo = copyFixture('lumen-audit', { t, git: false });
	const outside = outsideFolder(t);
	fs.renameSync(path.join(repo.root, LUMEN_TRACKER), path.join(outside, 'gate-tracker.json'));
	fs.symlinkSync(path.join(outside, 'gate-tracker.json'), path.join(repo.root, LUMEN_TRACKER));
	execFileSync('git', ['init', '-q'], { cwd: repo.root });
	execFileSync('git', ['add', '-A'], { cwd: repo.root });
	const result = await runCli(['status', '--json'], { cwd: repo.root });
	// Today: exit 0 and the outside tracker's gates.
	t.is(result.code, 2);
	t.is(result.stdout, '');
});
