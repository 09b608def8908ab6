import fs from 'node:fs';
import path from 'node:path';
import { EXIT_CHECK_FAILED, EXIT_OK, refusalsAsUserErrors, UserError } from '../errors.js';
import { plural } from '../format/plural.js';
import type { AuditModel } from '../model/types.js';
import { RepoPaths } from '../paths/repo-paths.js';
import { renderReport } from '../report/render-report.js';
import { findSnapshotTable, SNAPSHOT_COLUMN_LIST, type SnapshotTable } from '../report/snapshot-table.js';
import { planSummaryTable, type SummaryPlan } from '../report/summary-check.js';
import { rewriteSummaryTable } from '../report/summary-rewrite.js';
import { checkModelSignatures } from '../signing/model-signatures.js';
import { sanitizeLine } from '../text/sanitize.js';
import { updateFileUnderLock } from '../writers/safe-write.js';
import { booleanOption, type CommandContext, stringOption, writeJson } from './command-context.js';
import { loadForCommand } from './load-for-command.js';

/**
 * `report`: the audit summary as markdown (stdout or `--out FILE`); `--check FILE` compares a summary's gate
 * snapshot table with the tracker (exit 1 on a difference); `--write FILE` brings that table in line and
 * keeps every other byte.
 */
export async function runReport(context: CommandContext): Promise<number> {
	const modes = (['out', 'check', 'write'] as const).filter((name) => stringOption(context.values, name) !== undefined);
	if (modes.length > 1) throw new UserError(`report: --${modes.join(' and --')} do not go together; pick one`);
	if (booleanOption(context.values, 'json') && modes[0] !== 'check') throw new UserError('report: --json goes with --check FILE');
	const model = await loadForCommand(context);
	const check = stringOption(context.values, 'check');
	if (check !== undefined) return checkSummary(context, model, check);
	const write = stringOption(context.values, 'write');
	if (write !== undefined) return await writeSummary(context, model, write);
	const text = renderReport(model, await checkModelSignatures(model));
	const out = stringOption(context.values, 'out');
	if (!out) {
		context.stdout.write(text);
		return EXIT_OK;
	}
	writeReportFile(path.resolve(context.cwd, out), out, text);
	context.stderr.write(`wrote ${out}\n`);
	return EXIT_OK;
}

function writeReportFile(target: string, shown: string, text: string): void {
	const temporary = `${target}.${process.pid}.tmp`;
	try {
		fs.writeFileSync(temporary, text);
		fs.renameSync(temporary, target);
	} catch (error) {
		fs.rmSync(temporary, { force: true });
		throw new UserError(`${shown}: cannot write report (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
	}
}

function readSummaryFile(file: string, shown: string): string {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch (error) {
		throw new UserError(`${shown}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
	}
}

function tableOf(text: string, shown: string): SnapshotTable {
	const table = findSnapshotTable(text);
	if (!table) throw new UserError(`${shown}: no gate snapshot table (a markdown table with the columns ${SNAPSHOT_COLUMN_LIST})`);
	return table;
}

function planFor(model: AuditModel, paths: RepoPaths, text: string, shown: string): { table: SnapshotTable; plan: SummaryPlan } {
	const table = tableOf(text, shown);
	return { table, plan: planSummaryTable(table, model, paths) };
}

function checkSummary(context: CommandContext, model: AuditModel, file: string): number {
	const { plan } = planFor(model, new RepoPaths(model.root), readSummaryFile(path.resolve(context.cwd, file), file), file);
	const ok = plan.differences.length === 0;
	if (booleanOption(context.values, 'json')) {
		writeJson(context, {
			file,
			tracker: model.trackerPath,
			ok,
			differences: plan.differences.map(({ line, gateId, column, message }) => ({ line, gate: gateId, column, message })),
		});
	} else {
		for (const difference of plan.differences) context.stdout.write(`${sanitizeLine(file)}:${difference.line}: ${sanitizeLine(difference.message)}\n`);
		const count = plan.differences.length;
		context.stdout.write(
			ok
				? `OK: ${sanitizeLine(file)}'s gate snapshot table matches ${sanitizeLine(model.trackerPath)}\n`
				: `FAIL: ${plural(count, 'difference')} from ${sanitizeLine(model.trackerPath)}; \`arco-review report --write ${sanitizeLine(file)}\` replaces the table\n`,
		);
	}
	return ok ? EXIT_OK : EXIT_CHECK_FAILED;
}

async function writeSummary(context: CommandContext, model: AuditModel, file: string): Promise<number> {
	const target = path.resolve(context.cwd, file);
	// One path checker for every plan: each cited path is resolved on disk once.
	const paths = new RepoPaths(model.root);
	// Read once before the lock for a clear refusal, then again under it: the table is replaced in what is there then.
	planFor(model, paths, readSummaryFile(target, file), file);
	let fixed = 0;
	// What no rewrite can make true (a gate whose evidence exists nowhere): said, and it fails like --check.
	let left: SummaryPlan['differences'] = [];
	const result = await refusalsAsUserErrors(() =>
		updateFileUnderLock(
			target,
			(current) => {
				const { table, plan } = planFor(model, paths, current, file);
				const rewritten = rewriteSummaryTable(table, plan);
				left = planFor(model, paths, rewritten, file).plan.differences;
				fixed = plan.differences.length - left.length;
				if (fixed === 0) left = plan.differences;
				return fixed === 0 ? null : rewritten;
			},
			{ repoRoot: model.root },
		),
	);
	const shown = sanitizeLine(file);
	if (result.changed) context.stderr.write(`wrote ${shown}: ${plural(fixed, 'difference')} fixed in its gate snapshot table; nothing else changed\n`);
	else if (left.length === 0) context.stderr.write(`${shown} already matches ${sanitizeLine(model.trackerPath)}; nothing written\n`);
	else context.stderr.write(`${shown}: nothing written\n`);
	for (const difference of left) context.stderr.write(`${shown}:${difference.line}: not fixable by --write: ${sanitizeLine(difference.message)}\n`);
	return left.length === 0 ? EXIT_OK : EXIT_CHECK_FAILED;
}
