import type { RepoPaths } from '../paths/repo-paths.js';
import type { Tracker } from '../tracker/schema.js';
import type { CommandMatrix, MatrixEntry, StatusFile } from './types.js';

/**
 * The tracker's command matrix joined with its status file: every recorded entry, marked required when
 * the tracker requires its command, and a row for each required command nothing recorded.
 */
export function buildMatrix(declared: Tracker['command_matrix'], paths: RepoPaths, statusFiles: StatusFile[]): CommandMatrix {
	const statusFile = paths.ref(declared.status_file);
	const file = statusFiles.find((candidate) => candidate.path === statusFile.path);
	const required = new Set(declared.required_commands);
	const entries: MatrixEntry[] = (file?.entries ?? []).map((entry) => ({
		name: entry.name,
		command: entry.latest.command,
		required: required.has(entry.latest.command),
		entry,
	}));
	const recorded = new Set(entries.map((entry) => entry.command));
	for (const command of declared.required_commands) {
		if (!recorded.has(command)) entries.push({ name: null, command, required: true, entry: null });
	}
	return { statusFile, allPass: declared.all_pass, requiredCommands: [...declared.required_commands], entries };
}
