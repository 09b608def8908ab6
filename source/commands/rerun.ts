import { constants as osConstants } from 'node:os';
import path from 'node:path';
import { EXIT_CHECK_FAILED, EXIT_OK, refusalsAsUserErrors, UserError } from '../errors.js';
import type { AuditModel } from '../model/types.js';
import { LinePrinter } from '../rerun/line-printer.js';
import { failedMatrixEntries, logPathForRun, type RerunTarget, resolveRerunTarget } from '../rerun/rerun-target.js';
import { writeBackRun } from '../rerun/write-back.js';
import type { RunHandle, RunResult } from '../runner/index.js';
import { sanitizeLine } from '../text/sanitize.js';
import { booleanOption, type CommandContext, stringOption, writeJson } from './command-context.js';
import { loadForCommand } from './load-for-command.js';

/** 128 + the signal's number, as a shell reports a command ended by it (130 for Ctrl-C). */
function exitCodeFor(signal: NodeJS.Signals): number {
	return 128 + (osConstants.signals[signal] ?? 2);
}

function parseTimeout(text: string | undefined): number | undefined {
	if (text === undefined) return undefined;
	const seconds = Number(text);
	if (!Number.isFinite(seconds) || seconds <= 0) throw new UserError(`--timeout takes a number of seconds greater than 0 (got ${JSON.stringify(text)})`);
	return Math.round(seconds * 1000);
}

function targetsFor(model: AuditModel, names: string[], failed: boolean): RerunTarget[] {
	const chosen = names.map((name) => resolveRerunTarget(model, name));
	if (failed) {
		for (const entry of failedMatrixEntries(model)) {
			if (!chosen.some((target) => target.entry === entry)) chosen.push(resolveRerunTarget(model, entry.name));
		}
	}
	if (chosen.length === 0)
		throw new UserError(
			failed ? 'no failed entries in the command matrix: nothing to rerun' : 'usage: arco-review rerun NAME... [--failed] [--timeout S] [--json]',
		);
	return chosen;
}

function describe(result: RunResult): string {
	const seconds = (result.durationMs / 1000).toFixed(1);
	switch (result.outcome.kind) {
		case 'passed':
			return `passed in ${seconds}s`;
		case 'failed':
			return `failed with exit ${result.exitCode} in ${seconds}s`;
		case 'cancelled':
			return `cancelled after ${seconds}s (recorded as 130)`;
		case 'timed-out':
			return `timed out after ${seconds}s (recorded as 124)`;
		case 'failed-to-start':
			return `failed to start: ${result.outcome.message}`;
	}
}

/** `rerun NAME... [--failed] [--timeout S] [--json]`: runs entries one after another, streaming their output. */
export async function runRerun(context: CommandContext): Promise<number> {
	// The runner loads while git answers the loader's questions.
	const runnerModule = import('../runner/index.js');
	const model = await loadForCommand(context);
	const { setInterruptHandler, startRun } = await runnerModule;
	const json = booleanOption(context.values, 'json');
	const timeoutMs = parseTimeout(stringOption(context.values, 'timeout'));
	const targets = targetsFor(model, context.positionals, booleanOption(context.values, 'failed'));
	const { head, dirty } = model.git;
	let interrupted: NodeJS.Signals | null = null;
	let current: RunHandle | null = null;
	setInterruptHandler((signal) => {
		interrupted ??= signal;
		current?.cancel();
	});
	const results: Array<Record<string, unknown>> = [];
	let anyFailed = false;
	try {
		for (const target of targets) {
			if (interrupted) break;
			if (!json) context.stdout.write(`==> ${sanitizeLine(target.entry.name)}: ${sanitizeLine(target.command)}\n`);
			const printer = json ? null : new LinePrinter((text) => context.stdout.write(text));
			const log = logPathForRun(model, target);
			const handle = startRun({
				command: target.command,
				cwd: model.root,
				logPath: path.join(model.root, log),
				head,
				dirty,
				...(timeoutMs === undefined ? {} : { timeoutMs }),
				display: false,
				...(printer ? { onOutput: (chunk: Uint8Array, source: string) => printer.push(source, chunk) } : {}),
			});
			current = handle;
			const result = await refusalsAsUserErrors(() => handle.done);
			printer?.flush();
			current = null;
			const { allPass } = await writeBackRun(model, target, {
				exitCode: result.exitCode,
				outcome: result.outcome.kind,
				startUtc: result.startUtc,
				endUtc: result.endUtc,
				log,
			});
			if (result.outcome.kind !== 'passed') anyFailed = true;
			results.push({
				name: target.entry.name,
				command: target.command,
				outcome: result.outcome.kind,
				exit_code: result.exitCode,
				start_utc: result.startUtc,
				end_utc: result.endUtc,
				duration_ms: Math.round(result.durationMs),
				log,
				previous_log: result.previousLog === null ? null : path.relative(model.root, result.previousLog).split(path.sep).join('/'),
				status_file: target.entry.statusFile,
				all_pass: allPass,
			});
			if (!json)
				context.stdout.write(
					`<== ${sanitizeLine(target.entry.name)}: ${describe(result)}; log ${sanitizeLine(log)}${allPass === null ? '' : `; all_pass ${allPass}`}\n`,
				);
		}
	} finally {
		setInterruptHandler(null);
	}
	if (json) writeJson(context, { head, dirty, interrupted: interrupted !== null, runs: results });
	if (interrupted) return exitCodeFor(interrupted);
	return anyFailed ? EXIT_CHECK_FAILED : EXIT_OK;
}
