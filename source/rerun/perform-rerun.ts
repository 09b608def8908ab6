/**
 * The one rerun use case, for `arco-review rerun` and the TUI alike: read HEAD and dirtiness, start the
 * command under the project's shell with its log under a name of its own, and when it ends on its own
 * (passed, failed, timed out, failed to start) write the result back, the log taking its recorded name
 * as the row is written (write-back.ts). A run the reviewer cancelled writes nothing back: the status file
 * and the tracker keep their bytes, the recorded row keeps its log, and the cancelled run's log stays
 * beside it under its timestamped name.
 */

import { describeError, UserError } from '../errors.js';
import { readWorkTreeState } from '../git/repository.js';
import { runFinishedAt } from '../model/command-runs.js';
import type { AuditModel } from '../model/types.js';
import { RepoPaths } from '../paths/repo-paths.js';
import { chooseShell, type OutputSource, type RunHandle, type RunResult, type Shell, startRun } from '../runner/index.js';
import type { RecordedOutcome } from '../tsv/record-run.js';
import type { RerunOutcome } from './describe-outcome.js';
import { type LogPlan, logPlanFor, type RerunTarget } from './rerun-target.js';
import { writeBackRun } from './write-back.js';

/** Where a rerun runs: the commit, and whether the tree has changes outside the audit's own files. */
export interface RunContext {
	head: string | null;
	dirty: boolean;
}

/** The one way reruns read HEAD and dirtiness (one git process; "dirty" as the overview and sign-offs mean it). */
async function readRunContext(model: AuditModel): Promise<RunContext> {
	if (!model.inGitRepository) return { head: null, dirty: false };
	const { head, dirty } = await readWorkTreeState(model.root, model);
	return { head, dirty };
}

/** The shell for this audit's commands; a shell named in .arco-review.json that is not there is refused. */
export function shellFor(model: AuditModel, env: NodeJS.ProcessEnv = process.env): Shell {
	const shell = chooseShell(model.config.shell, env);
	if (shell === null) {
		throw new UserError(
			`.arco-review.json: shell ${JSON.stringify(model.config.shell)} is not an executable (an absolute path, or a name on PATH); nothing was run`,
		);
	}
	return shell;
}

/** Said when the commands do not run under bash, which the audits' commands are written for. */
export function shellNote(model: AuditModel, shell: Shell): string | null {
	if (shell.isBash) return null;
	return model.config.shell !== null
		? `commands run with ${shell.path} (set by .arco-review.json), not bash`
		: `commands run with ${shell.path}: bash is not on PATH, and the audit's commands may expect it`;
}

/** What a test may replace: the write-back, to make it fail. */
export interface RerunServices {
	writeBackRun: typeof writeBackRun;
}

export const DEFAULT_RERUN_SERVICES: RerunServices = { writeBackRun };

export interface RerunOptions {
	shell: Shell;
	timeoutMs?: number;
	/** Keep the runner's display tail (the TUI's pane). */
	display?: boolean;
	/** Raw output as it arrives (the CLI prints it). */
	onOutput?: (chunk: Uint8Array, source: OutputSource) => void;
	services?: RerunServices;
	/** The command is about to start, its log open at `log` (repository-relative) under a name of its own. */
	onStarted?: (handle: RunHandle, started: { log: string } & RunContext) => void;
	/** The command ended; the result is about to be written back (to `writes`), or kept when cancelled. */
	onFinished?: (outcome: RerunOutcome, writes: string[]) => void;
}

export interface RerunReport {
	name: string;
	command: string;
	shell: string;
	outcome: RerunOutcome;
	startUtc: string;
	endUtc: string;
	/** Where the run's log is now (repository-relative): its recorded name, or (not recorded) its own. */
	log: string;
	/** Where the log the run replaced went, or null. */
	previousLog: string | null;
	statusFile: string;
	head: string | null;
	dirty: boolean;
	/** Whether the row was written (never for a cancelled run). */
	recorded: boolean;
	/** Why the run was not recorded, or (recorded) what failed after the row was written. */
	recordError: string | null;
	/** The tracker's all_pass after the write-back; null when the entry is not the matrix's or nothing was written. */
	allPass: boolean | null;
}

/**
 * Runs one target to its end. Throws only when the run could not be kept as evidence at all (its log
 * could not be written: the command was stopped, nothing is recorded); a failed write-back is reported
 * in `recordError`.
 */
export async function performRerun(model: AuditModel, target: RerunTarget, options: RerunOptions): Promise<RerunReport> {
	const services = options.services ?? DEFAULT_RERUN_SERVICES;
	const paths = new RepoPaths(model.root);
	const context = await readRunContext(model).catch((): RunContext => ({ head: null, dirty: false }));
	const plan = logPlanFor(model, target);
	const handle = startRun({
		command: target.command,
		shell: options.shell.path,
		cwd: model.root,
		logPath: paths.absolute(plan.beside),
		logPlacement: 'timestamped',
		head: context.head,
		dirty: context.dirty,
		...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
		display: options.display ?? false,
		...(options.onOutput ? { onOutput: options.onOutput } : {}),
	});
	const opened = await handle.opened;
	if (opened !== null) options.onStarted?.(handle, { log: paths.relativeOf(opened) ?? opened, ...context });
	const result = await handle.done;
	const outcome = outcomeOf(target, result);
	const report: RerunReport = {
		name: target.entry.name,
		command: target.command,
		shell: options.shell.path,
		outcome,
		startUtc: result.startUtc,
		endUtc: result.endUtc,
		log: paths.relativeOf(result.logPath) ?? result.logPath,
		previousLog: null,
		statusFile: target.entry.statusFile,
		...context,
		recorded: false,
		recordError: null,
		allPass: null,
	};
	// Cancelled: nothing is written back, and the run's log keeps its own name.
	const recordedOutcome = outcome.kind === 'cancelled' ? null : outcome.kind;
	options.onFinished?.(outcome, recordedOutcome === null ? [] : [target.entry.statusFile, ...(target.inMatrix ? [model.trackerPath] : [])]);
	if (recordedOutcome === null) return report;
	return record(model, target, { result, outcome: recordedOutcome, plan }, report, services);
}

async function record(
	model: AuditModel,
	target: RerunTarget,
	ended: { result: RunResult; outcome: RecordedOutcome; plan: LogPlan },
	report: RerunReport,
	services: RerunServices,
): Promise<RerunReport> {
	const { result, outcome, plan } = ended;
	const run = { exitCode: result.exitCode, outcome, startUtc: result.startUtc, endUtc: result.endUtc, runningLog: report.log };
	try {
		const written = await services.writeBackRun(model, target, run, plan.recorded);
		return { ...report, log: written.log, previousLog: written.previousLog, recorded: true, recordError: written.laterError, allPass: written.allPass };
	} catch (error) {
		// Not recorded: the row and its log are as they were; the run's log stays under its own name.
		return { ...report, recordError: describeError(error) };
	}
}

function outcomeOf(target: RerunTarget, result: RunResult): RerunOutcome {
	const outcome: RerunOutcome = { kind: result.outcome.kind, exitCode: result.exitCode, durationMs: result.durationMs };
	if (result.outcome.kind === 'failed-to-start') outcome.message = result.outcome.message;
	if (result.outcome.kind === 'cancelled') outcome.kept = { exitCode: target.entry.latest.exitCodeText, at: runFinishedAt(target.entry.latest) };
	return outcome;
}
