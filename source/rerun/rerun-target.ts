import path from 'node:path';
import { UserError } from '../errors.js';
import { runFailed } from '../model/command-runs.js';
import type { AuditModel, CommandEntry } from '../model/types.js';
import { describePathProblem, RepoPaths } from '../paths/repo-paths.js';
import { formatCompactUtc } from '../time/utc.js';
import { slug } from '../tsv/read-status-file.js';
import { suggestNames } from './suggest-names.js';

export interface RerunTarget {
	entry: CommandEntry;
	command: string;
	/** Whether the entry's status file gets a new row per run (then each run gets a log of its own). */
	appendStyle: boolean;
	/** Whether this entry belongs to the tracker's command matrix status file. */
	inMatrix: boolean;
}

/**
 * Where a run's log goes, decided when it starts: the entry's own log when it has one in the repository
 * (the runner keeps the previous one under a timestamped name); otherwise `command-logs/` beside the status
 * file. In append-style files every run keeps a log of its own, timestamped as the audits' scripts did,
 * and never one another run already wrote. A log path that leaves the repository (a symlinked
 * `command-logs` folder, say) is refused: nothing is written outside it.
 */
export function logPathForRun(model: AuditModel, target: RerunTarget, now = new Date()): string {
	const { entry } = target;
	const paths = new RepoPaths(model.root);
	let log: string;
	if (entry.latest.log && !target.appendStyle) {
		log = entry.latest.log;
	} else {
		const base = slug(entry.label ?? entry.step ?? entry.name.split('/').pop()?.replace(/~\d+$/, '') ?? 'command') || 'command';
		const folder = `${path.posix.dirname(entry.statusFile)}/command-logs`;
		log = target.appendStyle ? `${folder}/${formatCompactUtc(now)}_${base}.log` : `${folder}/${base}.log`;
		for (let counter = 2; target.appendStyle && paths.ref(log).exists; counter += 1) {
			log = `${folder}/${formatCompactUtc(now)}_${base}-${counter}.log`;
		}
	}
	const ref = paths.ref(log);
	if (ref.path === null || ref.problem !== null) {
		throw new UserError(`${entry.name}: log path ${log} ${ref.problem ? describePathProblem(ref.problem) : 'is not usable'}; nothing was run`);
	}
	return ref.path;
}

export function allEntries(model: AuditModel): CommandEntry[] {
	return model.statusFiles.flatMap((file) => file.entries);
}

/** Resolves a rerun NAME; refuses entries that cannot run (skipped rows record no command). */
export function resolveRerunTarget(model: AuditModel, name: string): RerunTarget {
	const entries = allEntries(model);
	const entry = entries.find((candidate) => candidate.name === name);
	if (!entry) {
		const close = suggestNames(
			name,
			entries.map((candidate) => candidate.name),
		);
		throw new UserError(
			`no command entry named ${JSON.stringify(name)}${close.length > 0 ? `; did you mean ${close.join(', ')}?` : '; `arco-review matrix --all` lists them'}`,
		);
	}
	if (entry.latest.skipped !== null) throw new UserError(`${entry.name} was recorded as SKIPPED(${entry.latest.skipped}): no command to run`);
	if (entry.latest.command.trim() === '') throw new UserError(`${entry.name} has no command text in ${entry.statusFile}`);
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
