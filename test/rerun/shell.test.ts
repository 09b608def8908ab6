/**
 * Which shell runs the audit's commands: bash when it is on PATH (the audits' commands are written for
 * it), /bin/sh otherwise, or what `.arco-review.json` names; the log header records it, and the CLI says
 * so when it is not bash. A named shell that is not there is refused before anything runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { chooseShell, type Shell } from '../../source/runner/index.js';
import { commitAll, LUMEN_EVIDENCE as E } from '../helpers/fixture-repo.js';
import { addRows, assertCleanStderr, changedPaths, LUMEN, logFrame, makeRepo, readBytes, rerunJson, runBinary } from './helpers/rerun-kit.js';

const BATCH_A = `${E}/gate-2/batch-a/command-matrix-status.tsv`;
// `${!v}` is bash's indirect expansion: dash answers "Bad substitution" and exit 2.
// biome-ignore lint/suspicious/noTemplateCurlyInString: shell text, not a template
const BASH_ONLY = 'missing=0; for v in ARCO_TEST_ABSENT; do if [ -z "${!v:-}" ]; then echo "missing:$v"; missing=1; fi; done; exit $missing';

/**
 * A test of what bash does: skipped, with the reason, where bash is not on PATH; a failure under CI, whose
 * machine has it (.ci/run is a bash script).
 */
function bashTest(title: string, run: (t: ExecutionContext, bash: Shell) => Promise<void> | void): void {
	const bash = chooseShell(null);
	if (bash?.isBash) test(title, (t) => run(t, bash));
	else if (process.env['CI'] === 'true') test(title, (t) => t.fail('bash is not on PATH; CI needs it'));
	else test.skip(`${title} [skipped: bash is not on PATH]`, () => {});
}

function repoWith(t: Parameters<typeof makeRepo>[0], config?: Record<string, unknown>) {
	const repo = makeRepo(t, LUMEN);
	addRows(repo.root, BATCH_A, [['2026-03-03T13:05:00Z', 'env_check', BASH_ONLY, '0', 'PASS', '']]);
	if (config) {
		fs.writeFileSync(path.join(repo.root, '.arco-review.json'), `${JSON.stringify(config)}\n`);
		commitAll(repo.root, 'project config');
	}
	return repo;
}

bashTest('by default bash runs the commands: a bash-only command gives its real result, and the log says which shell', async (t, bash) => {
	const repo = repoWith(t);
	const report = await rerunJson(t, ['env_check'], { cwd: repo.root, expectedCode: 1 });
	t.is(report.shell, bash.path);
	t.deepEqual(report.notes, []);
	t.like(report.runs[0], { outcome: 'failed', exit_code: 1, shell: bash.path });
	const frame = logFrame(readBytes(repo.root, report.runs[0]?.log ?? ''));
	t.is(frame.body.toString(), 'missing:ARCO_TEST_ABSENT\n');
	t.regex(frame.header, new RegExp(`^# shell: ${bash.path}$`, 'm'));
});

test('.arco-review.json "shell" is used, recorded, and the CLI says it is not bash', async (t) => {
	const repo = repoWith(t, { shell: '/bin/sh' });
	const result = await runBinary(['rerun', 'env_check'], { cwd: repo.root });
	assertCleanStderr(t, result.stderr);
	t.is(result.stderr, 'arco-review: commands run with /bin/sh (set by .arco-review.json), not bash\n');
	const log = /; log (\S+)/.exec(result.stdout.toString())?.[1] ?? '';
	t.regex(logFrame(readBytes(repo.root, log)).header, /^# shell: \/bin\/sh$/m);
});

test('without bash on PATH /bin/sh runs the commands, and the CLI says so', async (t) => {
	const repo = repoWith(t);
	// A PATH with the tools the command needs but no bash.
	const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'arco-nobash-'));
	t.teardown(() => fs.rmSync(bin, { recursive: true, force: true }));
	for (const tool of ['git', 'sh', 'echo']) {
		const found = ['/usr/bin', '/bin'].map((folder) => path.join(folder, tool)).find((candidate) => fs.existsSync(candidate));
		if (found) fs.symlinkSync(found, path.join(bin, tool));
	}
	const result = await runBinary(['rerun', 'env_check', '--json'], { cwd: repo.root, env: { PATH: bin } });
	assertCleanStderr(t, result.stderr);
	const report = JSON.parse(result.stdout.toString()) as { shell: string; notes: string[] };
	t.is(report.shell, '/bin/sh');
	t.deepEqual(report.notes, ["commands run with /bin/sh: bash is not on PATH, and the audit's commands may expect it"]);
});

test('a named shell that is not there: exit 2, one line naming the file, nothing run or written', async (t) => {
	const repo = repoWith(t, { shell: 'no-such-shell-xyz' });
	const result = await runBinary(['rerun', 'env_check'], { cwd: repo.root });
	t.is(result.code, 2);
	t.is(
		result.stderr,
		'arco-review: .arco-review.json: shell "no-such-shell-xyz" is not an executable (an absolute path, or a name on PATH); nothing was run\n',
	);
	t.is(result.stdout.length, 0);
	t.deepEqual(changedPaths(repo.root), []);
});

bashTest('bash called by another name is not counted as bash: as `sh` it runs in POSIX mode', (t, bash) => {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'arco-shell-names-'));
	t.teardown(() => fs.rmSync(folder, { recursive: true, force: true }));
	fs.symlinkSync(bash.path, path.join(folder, 'sh'));
	fs.symlinkSync(bash.path, path.join(folder, 'bash'));
	t.like(chooseShell(path.join(folder, 'sh')), { path: path.join(folder, 'sh'), isBash: false });
	t.like(chooseShell('sh', { PATH: folder }), { isBash: false });
	t.like(chooseShell(path.join(folder, 'bash')), { isBash: true });
	t.like(chooseShell(null, { PATH: folder }), { path: path.join(folder, 'bash'), isBash: true });
});
