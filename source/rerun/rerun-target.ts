import path from 'node:path';
import { UserError } from '../errors.js';
import { runFailed } from '../model/command-runs.js';
import type { AuditModel, CommandEntry } from '../model/types.js';
import { describePathProblem, RepoPaths } from '../paths/repo-paths.js';
import { formatCompactUtc } from '../time/utc.js';
import { slug } from '../tsv/read-status-file.js';

export interface RerunTarget {
	entry: CommandEntry;
	command: string;
	/** Whether the entry's status file gets a new row per run (then each run gets a log of its own). */
	appendStyle: boolean;
	/** Whether this entry belongs to the tracker's command matrix status file. */
	inMatrix: boolean;
}

/** Where a run's log goes (repository-relative paths). */
export interface LogPlan {
	/** The run's log is written beside this name under one of its own (`<stem>.<start>[-n].log`), which replaces nothing. */
	beside: string;
	/** The name it takes once the run is recorded (a cancelled run's log keeps its own). */
	recorded: RecordedLog;
}

export type RecordedLog =
	/** The entry's own log: the log there is kept under its timestamped name. */
	| { kind: 'replace'; path: string }
	/** Append-style files: a new `<folder>/<start>_<base>.log` per run, as the audits' scripts named them. */
	| { kind: 'fresh'; folder: string; base: string };

/**
 * Where a run's log goes, decided when it starts. The recorded log is the entry's own log when it has
 * one in the repository; otherwise `command-logs/` beside the status file. In append-style files every
 * run keeps a log of its own. While it runs, the log has a timestamped name that readers treat as
 * history. A log path that leaves the repository (a symlinked `command-logs` folder, say) is refused:
 * nothing is written outside it.
 */
export function logPlanFor(model: AuditModel, target: RerunTarget): LogPlan {
	const { entry } = target;
	const base = slug(entry.label ?? entry.step ?? entry.name.split('/').pop()?.replace(/~\d+$/, '') ?? 'command') || 'command';
	const folder = `${path.posix.dirname(entry.statusFile)}/command-logs`;
	let plan: LogPlan;
	if (target.appendStyle) plan = { beside: `${folder}/${base}.log`, recorded: { kind: 'fresh', folder, base } };
	else {
		const own = entry.latest.log ?? `${folder}/${base}.log`;
		plan = { beside: own, recorded: { kind: 'replace', path: own } };
	}
	// Every name the run's log may take is in this folder.
	const ref = new RepoPaths(model.root).ref(plan.beside);
	if (ref.path === null || ref.problem !== null) {
		throw new UserError(`${entry.name}: log path ${plan.beside} ${ref.problem ? describePathProblem(ref.problem) : 'is not usable'}; nothing was run`);
	}
	return plan;
}

/** The recorded name for a run that started at `startUtc` (`2026-02-15T18:24:01Z`). */
export function recordedLogPath(recorded: RecordedLog, startUtc: string): string {
	return recorded.kind === 'replace' ? recorded.path : `${recorded.folder}/${formatCompactUtc(new Date(startUtc))}_${recorded.base}.log`;
}

export function allEntries(model: AuditModel): CommandEntry[] {
	return model.statusFiles.flatMap((file) => file.entries);
}

/** The rerun of one entry, by its exact name; refuses entries that cannot run (skipped rows record no command). */
export function resolveRerunTarget(model: AuditModel, name: string): RerunTarget {
	const entry = allEntries(model).find((candidate) => candidate.name === name);
	if (!entry) throw new UserError(`no command entry named ${JSON.stringify(name)}; \`arco-review matrix --all\` lists them`);
	return targetFor(model, entry);
}

/** Why an entry cannot be rerun (`<name> <why>` reads as a sentence), or null when it can. */
export function notRunnable(entry: CommandEntry): string | null {
	if (entry.latest.skipped !== null) return `was recorded as SKIPPED(${entry.latest.skipped}): no command to run`;
	if (entry.latest.command.trim() === '') return `has no command text in ${entry.statusFile}`;
	return null;
}

export function targetFor(model: AuditModel, entry: CommandEntry): RerunTarget {
	const problem = notRunnable(entry);
	if (problem !== null) throw new UserError(`${entry.name} ${problem}`);
	const file = model.statusFiles.find((candidate) => candidate.path === entry.statusFile);
	return {
		entry,
		command: entry.latest.command,
		appendStyle: file?.layout.appendStyle ?? false,
		inMatrix: entry.statusFile === model.matrix.statusFile.path,
	};
}

/** Entries of the tracker's command matrix whose latest run did not pass. */
export function failedMatrixEntries(model: AuditModel): CommandEntry[] {
	return model.matrix.entries.flatMap((item) => (item.entry && runFailed(item.entry.latest) ? [item.entry] : []));
}
