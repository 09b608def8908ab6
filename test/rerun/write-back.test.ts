/**
 * Writing a finished rerun back (source/rerun/write-back.ts through the one rerun use case, perform-rerun.ts),
 * with real files, when it goes wrong half way: the row and the log a row names always belong together.
 * - The status file cannot be written (its row is gone): nothing is recorded, the recorded log stays the
 *   recorded log, and the run's log keeps its own timestamped name.
 * - The status file is written and the tracker is not: the run is recorded (row and log), and the report
 *   says what failed after.
 */
import fs from 'node:fs';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { loadAudit } from '../../source/model/load-audit.js';
import { performRerun, shellFor } from '../../source/rerun/perform-rerun.js';
import { resolveRerunTarget } from '../../source/rerun/rerun-target.js';
import { commitAll, LUMEN_EVIDENCE as E, LUMEN_TRACKER } from '../helpers/fixture-repo.js';
import { addRows, LUMEN, logFrame, makeRepo, read, readBytes } from './helpers/rerun-kit.js';

const MATRIX = `${E}/phase-1/command-matrix-status.tsv`;
const LOGS = `${E}/phase-1/command-logs`;
const RECORDED_LOG = `${LOGS}/quick.log`;
const OLD_LOG = '# command: echo quick\n# start_utc: 2026-03-03T08:03:00Z\nfrom before\n# end_utc: 2026-03-03T08:03:01Z\n# exit_code: 1\n';

/** A lumen copy with a matrix row `quick` (recorded exit 1) that has its own log. */
async function quickRepo(t: ExecutionContext) {
	const repo = makeRepo(t, LUMEN);
	fs.writeFileSync(path.join(repo.root, RECORDED_LOG), OLD_LOG);
	addRows(repo.root, MATRIX, [['quick', '1', '2026-03-03T08:03:00Z', '2026-03-03T08:03:01Z', 'echo quick']]);
	commitAll(repo.root, 'quick has a log');
	const model = await loadAudit({ cwd: repo.root, env: {} });
	const target = resolveRerunTarget(model, 'quick');
	t.is(target.entry.latest.log, RECORDED_LOG);
	return { repo, model, target };
}

const logNames = (root: string) => fs.readdirSync(path.join(root, LOGS)).filter((name) => name.startsWith('quick'));

test('the status file cannot be written: nothing recorded, the recorded log where it was, the run\u2019s log under its own name', async (t) => {
	const { repo, model, target } = await quickRepo(t);
	let matrixBefore = '';
	const report = await performRerun(model, target, {
		shell: shellFor(model),
		// The row goes away between the run and its write-back (the file changed on disk).
		onFinished: () => {
			matrixBefore = read(repo.root, MATRIX).replace(/^quick\t.*\n/m, '');
			fs.writeFileSync(path.join(repo.root, MATRIX), matrixBefore);
		},
	});
	t.false(report.recorded);
	t.regex(report.recordError ?? '', /no row for quick any more/);
	t.is(read(repo.root, MATRIX), matrixBefore, 'the status file as it was');
	t.is(read(repo.root, RECORDED_LOG), OLD_LOG, 'the recorded log is still the recorded run\u2019s');
	t.regex(report.log, new RegExp(`^${LOGS}/quick\\.\\d{8}T\\d{6}Z(-\\d+)?\\.log$`));
	t.deepEqual(logNames(repo.root).sort(), ['quick.log', path.basename(report.log)].sort(), 'no other log appeared or moved');
	const frame = logFrame(readBytes(repo.root, report.log));
	t.is(frame.body.toString(), 'quick\n');
	t.regex(frame.footer, /# exit_code: 0\n$/);
});

test('the status file is written and the tracker is not: the run is recorded, row and log together, and the report says what failed', async (t) => {
	const { repo, model, target } = await quickRepo(t);
	const report = await performRerun(model, target, {
		shell: shellFor(model),
		// The tracker stops being UTF-8 (a half-written edit, say): the write refuses it.
		onFinished: () => fs.appendFileSync(path.join(repo.root, LUMEN_TRACKER), Buffer.from([0xff])),
	});
	t.true(report.recorded);
	t.is(report.allPass, null);
	t.regex(report.recordError ?? '', /the tracker's all_pass could not be set to false: .*not valid UTF-8/);
	const row = read(repo.root, MATRIX)
		.split('\n')
		.find((line) => line.startsWith('quick\t'))
		?.split('\t');
	t.is(row?.[1], '0', 'the row records the new run');
	t.is(row?.[2], report.startUtc);
	t.is(report.log, RECORDED_LOG, 'the new run\u2019s log has the recorded name');
	t.is(logFrame(readBytes(repo.root, RECORDED_LOG)).body.toString(), 'quick\n');
	t.regex(report.previousLog ?? '', new RegExp(`^${LOGS}/quick\\.20260303T080300Z\\.log$`), 'the previous log is kept, stamped with its own start');
	t.is(read(repo.root, report.previousLog ?? ''), OLD_LOG);
	t.deepEqual(logNames(repo.root).sort(), ['quick.20260303T080300Z.log', 'quick.log']);
});
