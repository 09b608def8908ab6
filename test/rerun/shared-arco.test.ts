/**
 * Issue 10's "done when", on copies of the real arco-6ba74a9 snapshot: a bash command recorded with its
 * real result, no false required-command-missing, per-signal and bare-name reruns, and a cancel that
 * writes nothing back.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CheckJson } from '../helpers/reports.js';
import { runJson } from '../helpers/run-cli.js';
import { sharedTest } from '../helpers/shared-fixtures.js';
import { until } from '../helpers/wait.js';
import { assertCleanStderr, logFrame, makeRepo, read, readBytes, rerunJson, startBinary } from './helpers/rerun-kit.js';

const G7_001 = 'release_evidence/2026-02-12-prod-readiness/final-go/g7-001-command-status.tsv';

sharedTest(
	'arco-6ba74a9: rerun G7-001/canary_env_requirements_check records exit 1 with missing:PROD_PROJECT_ID in its log',
	'arco-6ba74a9',
	async (t, fixture) => {
		const repo = makeRepo(t, fixture);
		const report = await rerunJson(t, ['G7-001/canary_env_requirements_check'], { cwd: repo.root, expectedCode: 1 });
		const run = report.runs[0];
		t.like(run, { outcome: 'failed', exit_code: 1, recorded: true });
		const frame = logFrame(readBytes(repo.root, run?.log ?? ''));
		t.regex(frame.body.toString(), /^missing:PROD_PROJECT_ID$/m);
		t.notRegex(frame.body.toString(), /Bad substitution/);
		const rows = read(repo.root, G7_001).trimEnd().split('\n');
		const last = rows.at(-1)?.split('\t') ?? [];
		t.is(last[4], '1', 'the appended row records exit 1');
		t.is(last[5], run?.log);
	},
);

sharedTest(
	'arco-6ba74a9: check --json has no required-command-missing (the tracker quotes the buf command, the TSV does not)',
	'arco-6ba74a9',
	async (t, fixture) => {
		const repo = makeRepo(t, fixture);
		const check = await runJson<CheckJson>(['check', '--json'], { cwd: repo.root }, 1);
		t.deepEqual(
			check.findings.filter((finding) => finding.code === 'required-command-missing'),
			[],
		);
	},
);

sharedTest(
	'arco-6ba74a9: rerun G7-001 runs its 6 distinct commands one after another; rerun final_go_readme_presence works',
	'arco-6ba74a9',
	async (t, fixture) => {
		const repo = makeRepo(t, fixture);
		const signal = await rerunJson(t, ['G7-001'], { cwd: repo.root, expectedCode: 1 });
		t.is(signal.runs.length, 6);
		t.is(new Set(signal.runs.map((run) => run.command)).size, 6);
		t.true(signal.runs.every((run) => run.name.startsWith('G7-001/') && run.recorded));
		const bare = await rerunJson(t, ['final_go_readme_presence'], { cwd: repo.root, expectedCode: 0 });
		t.like(bare.runs[0], { name: 'G7-001/final_go_readme_presence', outcome: 'passed', exit_code: 0 });
	},
);

sharedTest(
	'arco-6ba74a9: a passing entry rerun and cancelled (SIGINT) leaves status file and tracker unchanged to the byte, its log on disk',
	'arco-6ba74a9',
	async (t, fixture) => {
		const repo = makeRepo(t, fixture);
		const tracker = 'docs/audits/2026-02-12-prod-readiness/gate-tracker.json';
		t.true(fs.existsSync(path.join(repo.root, tracker)));
		// final_go_readme_presence passed (exit 0); made slow here so it can be cancelled, and committed as such.
		const statusBefore = read(repo.root, G7_001).replace(
			'\ttest -f release_evidence/2026-02-12-prod-readiness/final-go/README.md\t',
			'\techo started; sleep 3600\t',
		);
		fs.writeFileSync(path.join(repo.root, G7_001), statusBefore);
		const trackerBefore = readBytes(repo.root, tracker);
		const running = startBinary(['rerun', 'final_go_readme_presence'], { cwd: repo.root });
		await until(() => running.stdoutSoFar().includes('started\n'), { what: 'the command to start' });
		running.child.kill('SIGINT');
		const result = await running.done;
		t.is(result.code, 130);
		assertCleanStderr(t, result.stderr);
		t.regex(result.stdout.toString(), /cancelled after \d+\.\ds; recorded result kept \(exit 0 at 2026-02-15T18:25:09Z\)/);
		t.is(read(repo.root, G7_001), statusBefore);
		t.deepEqual(readBytes(repo.root, tracker), trackerBefore);
		const log = /; log (\S+)\n/.exec(result.stdout.toString())?.[1] ?? '';
		t.regex(logFrame(readBytes(repo.root, log)).footer, /# outcome: cancelled\n$/);
	},
);
