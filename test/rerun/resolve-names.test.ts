/**
 * What a name given to `rerun` stands for (source/rerun/resolve-names.ts), and which commands a signal
 * has: on a lumen copy with rows added, and on the real arco-6ba74a9 snapshot.
 */
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { UserError } from '../../source/errors.js';
import { loadAudit } from '../../source/model/load-audit.js';
import type { AuditModel } from '../../source/model/types.js';
import { resolveRerunName, signalCommands, signalRerun } from '../../source/rerun/resolve-names.js';
import { commitAll, LUMEN_EVIDENCE as E } from '../helpers/fixture-repo.js';
import { sharedTest } from '../helpers/shared-fixtures.js';
import { addRows, LUMEN, makeRepo } from './helpers/rerun-kit.js';

const G1 = `${E}/gate-1/g1-001-command-status.tsv`;
const BATCH_A = `${E}/gate-2/batch-a/command-matrix-status.tsv`;

async function lumen(t: Parameters<typeof makeRepo>[0], rows: Array<[string, string[][]]> = []): Promise<AuditModel> {
	const repo = makeRepo(t, LUMEN);
	for (const [file, cells] of rows) addRows(repo.root, file, cells);
	return loadAudit({ cwd: repo.root, env: {} });
}

const names = (model: AuditModel, typed: string) => resolveRerunName(model, typed).entries.map((entry) => entry.name);

function refusal(model: AuditModel, typed: string): string {
	try {
		resolveRerunName(model, typed);
	} catch (error) {
		if (error instanceof UserError) return error.message;
		throw error;
	}
	throw new Error(`${typed} was accepted`);
}

test('an exact entry name wins over a last segment shared with other entries', async (t) => {
	const model = await lumen(t);
	t.deepEqual(names(model, 'fmt_check'), ['fmt_check']);
	t.deepEqual(names(model, 'phase-0/fmt_check'), ['phase-0/fmt_check']);
});

test('a bare last segment that one entry has is that entry; one that several have lists them all', async (t) => {
	const model = await lumen(t);
	t.deepEqual(names(model, 'ingest_dedup'), ['gate-2/batch-a/ingest_dedup']);
	t.deepEqual(names(model, 'verify_release_tag'), ['G1-001/verify_release_tag']);
	const model2 = await lumen(t, [[BATCH_A, [['2026-03-03T13:05:00Z', 'verify_release_tag', 'echo again', '0', 'PASS', '']]]]);
	t.is(
		refusal(model2, 'verify_release_tag'),
		'"verify_release_tag" could mean 2 things: G1-001/verify_release_tag, gate-2/batch-a/verify_release_tag; give one of them in full',
	);
});

test('case matters unless ignoring it points at one thing', async (t) => {
	// Entry names are written in lower case (`treeA` is named `treea`): `rerun treeA` finds it.
	const model = await lumen(t, [[BATCH_A, [['2026-03-03T13:05:00Z', 'treeA', 'echo A', '0', 'PASS', '']]]]);
	t.deepEqual(names(model, 'gate-2/batch-a/treea'), ['gate-2/batch-a/treea']);
	t.deepEqual(names(model, 'treeA'), ['gate-2/batch-a/treea']);
	t.deepEqual(names(model, 'Gate-2/Batch-A/TREEA'), ['gate-2/batch-a/treea']);
	t.deepEqual(names(model, 'g1-001/VERIFY_RELEASE_TAG'), ['G1-001/verify_release_tag']);
	// A signal recorded as `g1-001` beside the tracker's `G1-001`: each spelling is itself, exactly.
	const both = await lumen(t, [[G1, [['g1-001', 'echo lower', '2026-03-04T10:00:00Z', '2026-03-04T10:00:01Z', '0', '']]]]);
	t.deepEqual(names(both, 'g1-001'), ['g1-001/echo-lower']);
	t.true(names(both, 'G1-001').every((name) => name.startsWith('G1-001/')));
});

test('a signal id is every distinct command recorded for it, the latest row of each; a gate number every required signal\u2019s', async (t) => {
	const model = await lumen(t, [
		[
			G1,
			[
				// The same command as verify_release_tag, spelt another way: one command, and this row is its latest run.
				['G1-001', "./scripts/verify-release-tag.sh  'v0.4.0'", '2026-03-04T10:00:00Z', '2026-03-04T10:00:01Z', '0', ''],
				['G1-002', 'echo signal two', '2026-03-04T10:00:00Z', '2026-03-04T10:00:01Z', '0', ''],
			],
		],
	]);
	const commands = signalCommands(model, 'G1-001');
	t.is(commands.length, 2, commands.map((entry) => `${entry.name}: ${entry.latest.command}`).join('; '));
	t.deepEqual(
		names(model, 'G1-001'),
		commands.map((entry) => entry.name),
	);
	t.true(
		commands.some((entry) => entry.latest.startUtc === '2026-03-04T10:00:00Z'),
		'the latest spelling of the repeated command',
	);
	t.deepEqual(names(model, 'g1-001'), names(model, 'G1-001'));
	t.deepEqual(names(model, '1'), [...names(model, 'G1-001'), ...names(model, 'G1-002')]);
	t.regex(refusal(model, 'G3-001'), /no commands are recorded for G3-001/);
	t.regex(refusal(model, '0'), /gate 0: no commands are recorded for its required signals \(G0-001, G0-002\)/);
});

test('an unknown name is refused with the closest names', async (t) => {
	const model = await lumen(t);
	t.regex(refusal(model, 'fmt_chek'), /^no command entry, signal or gate named "fmt_chek"; did you mean .*\bfmt_check\b/);
	t.regex(refusal(model, 'G1-01'), /did you mean .*G1-001/);
	t.regex(refusal(model, 'zzzzzzzz'), /`arco-review matrix --all` lists the entries/);
});

sharedTest(
	'arco-6ba74a9: G7-001 has 6 distinct commands; final_go_readme_presence is one entry; gate 7 runs its signals\u2019',
	'arco-6ba74a9',
	async (t, fixture) => {
		const repo = makeRepo(t, fixture);
		const model = await loadAudit({ cwd: repo.root, env: {} });
		const g7 = names(model, 'G7-001');
		t.is(g7.length, 6, g7.join(', '));
		t.is(new Set(g7).size, 6);
		t.true(g7.every((name) => name.startsWith('G7-001/')));
		t.deepEqual(names(model, 'final_go_readme_presence'), ['G7-001/final_go_readme_presence']);
		const gate = names(model, '7');
		t.deepEqual(gate.slice(0, 6), g7);
		const required = model.gates.find((gate) => gate.id === 7)?.requiredSignalIds ?? [];
		t.true(gate.every((name) => required.some((id) => name.startsWith(`${id}/`))));
	},
);

sharedTest(
	'arco-6ba74a9: the required buf command quoted in the tracker is the unquoted row of the TSV: no phantom missing row',
	'arco-6ba74a9',
	async (t, fixture) => {
		const repo = makeRepo(t, fixture);
		const model = await loadAudit({ cwd: repo.root, env: {} });
		t.deepEqual(
			model.matrix.entries.filter((entry) => entry.entry === null).map((entry) => entry.command),
			[],
		);
		const buf = model.matrix.entries.find((entry) => entry.command.startsWith('buf breaking'));
		t.true(buf?.required, 'the recorded row answers the required command');
		t.deepEqual(
			model.findings.filter((finding) => finding.code === 'required-command-missing'),
			[],
		);
	},
);

test('a signal whose commands cannot run is a note in a gate rerun, not a refusal; each such command is its own note', async (t) => {
	const repo = makeRepo(t, LUMEN);
	const second = `${E}/gate-1/g1-002-command-status.tsv`;
	// G1-002: a SKIPPED command, and a row with no command text in each of two files.
	addRows(repo.root, G1, [
		['G1-002', 'SKIPPED(no tag yet)', '2026-03-04T10:00:00Z', '2026-03-04T10:00:01Z', 'NA', ''],
		['G1-002', '', '2026-03-04T10:00:00Z', '2026-03-04T10:00:01Z', '1', ''],
	]);
	fs.writeFileSync(
		path.join(repo.root, second),
		'signal\tcommand\tstart_utc\tend_utc\texit_code\tlog_path\nG1-002\t\t2026-03-04T11:00:00Z\t2026-03-04T11:00:01Z\t1\t\n',
	);
	commitAll(repo.root, 'G1-002 has nothing that can run');
	const model = await loadAudit({ cwd: repo.root, env: {} });
	const resolved = signalRerun(model, 'G1-002');
	t.deepEqual(resolved.entries, []);
	t.is(resolved.notes.length, 3, resolved.notes.join(' | '));
	t.is(resolved.notes.filter((note) => /has no command text in /.test(note)).length, 2, 'two rows without command text are two notes');
	t.true(resolved.notes.some((note) => /was recorded as SKIPPED\(no tag yet\): no command to run$/.test(note)));
	t.regex(refusal(model, 'G1-002'), /^no command recorded for G1-002 can run: /);
	const gate = resolveRerunName(model, '1');
	t.deepEqual(
		gate.entries.map((entry) => entry.name),
		names(model, 'G1-001'),
		'gate 1 still runs G1-001',
	);
	t.deepEqual(gate.notes, resolved.notes);
});

test('a gate whose required signals record nothing says that entries without a signal are rerun by name', async (t) => {
	const model = await lumen(t);
	t.regex(refusal(model, '0'), /the \d+ entries recorded without a signal are rerun by name, one by one \(`arco-review matrix --all` lists them\)$/);
});
