import path from 'node:path';
import { UserError } from '../errors.js';
import type { AuditModel, CommandEntry } from '../model/types.js';
import { slug } from '../tsv/read-status-file.js';

export interface RerunTarget {
	entry: CommandEntry;
	command: string;
	/** Repository-relative log path the new run writes (a previous log there is kept by the runner). */
	log: string;
	/** Whether this entry belongs to the tracker's command matrix status file. */
	inMatrix: boolean;
}

function compactUtc(date: Date): string {
	return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/**
 * Where a rerun's log goes: the entry's own log when it has one in the repository; otherwise
 * `command-logs/` beside the status file, timestamped for append-style files as the audits' scripts did.
 */
function logFor(entry: CommandEntry, appendStyle: boolean, now: Date): string {
	if (entry.latest.log && !appendStyle) return entry.latest.log;
	const base = slug(entry.label ?? entry.step ?? entry.name.split('/').pop()?.replace(/~\d+$/, '') ?? 'command') || 'command';
	const folder = `${path.posix.dirname(entry.statusFile)}/command-logs`;
	return appendStyle ? `${folder}/${compactUtc(now)}_${base}.log` : `${folder}/${base}.log`;
}

export function allEntries(model: AuditModel): CommandEntry[] {
	return model.statusFiles.flatMap((file) => file.entries);
}

/** Resolves a rerun NAME; refuses entries that cannot run (skipped rows record no command). */
export function resolveRerunTarget(model: AuditModel, name: string, now = new Date()): RerunTarget {
	const entries = allEntries(model);
	const entry = entries.find((candidate) => candidate.name === name);
	if (!entry) {
		const close = entries.filter((candidate) => candidate.name.endsWith(name) || candidate.name.includes(name)).slice(0, 4).map((candidate) => candidate.name);
		throw new UserError(`no command entry named ${JSON.stringify(name)}${close.length > 0 ? `; did you mean ${close.join(', ')}?` : '; `arco-review matrix --all` lists them'}`);
	}
	if (entry.latest.skipped !== null) throw new UserError(`${entry.name} was recorded as SKIPPED(${entry.latest.skipped}): no command to run`);
	if (entry.latest.command.trim() === '') throw new UserError(`${entry.name} has no command text in ${entry.statusFile}`);
	const file = model.statusFiles.find((candidate) => candidate.path === entry.statusFile);
	return {
		entry,
		command: entry.latest.command,
		log: logFor(entry, file?.layout.appendStyle ?? false, now),
		inMatrix: entry.statusFile === model.matrix.statusFile.path,
	};
}

/** Entries of the tracker's command matrix whose latest run did not pass. */
export function failedMatrixEntries(model: AuditModel): CommandEntry[] {
	return model.matrix.entries.flatMap((item) => (item.entry && item.entry.latest.exitCode !== 0 && item.entry.latest.skipped === null ? [item.entry] : []));
}
