import type { RepoPaths } from '../paths/repo-paths.js';
import type { Tracker } from '../tracker/schema.js';
import { commandIdentity } from './command-identity.js';
import { runFinishedAt } from './command-runs.js';
import type { CommandEntry, CommandMatrix, MatrixEntry, StatusFile } from './types.js';

/**
 * The tracker's command matrix joined with its status file: every recorded entry, marked required when
 * the tracker requires its command, and a row for each required command nothing recorded. Commands are
 * matched by their shell words (command-identity.ts), so a required command quoted one way and recorded
 * another is one command, not a missing one and an extra one.
 */
export function buildMatrix(declared: Tracker['command_matrix'], paths: RepoPaths, statusFiles: StatusFile[]): CommandMatrix {
	const statusFile = paths.ref(declared.status_file);
	const file = statusFiles.find((candidate) => candidate.path === statusFile.path);
	const recorded = file?.entries ?? [];
	const answers = requiredEntries(declared.required_commands, recorded);
	const answering = new Set(answers.values());
	const entries: MatrixEntry[] = recorded.map((entry) => ({
		name: entry.name,
		command: entry.latest.command,
		required: answering.has(entry),
		entry,
	}));
	for (const [command, entry] of answers) {
		if (entry === null) entries.push({ name: null, command, required: true, entry: null });
	}
	return { statusFile, allPass: declared.all_pass, requiredCommands: [...declared.required_commands], entries };
}

/**
 * For each required command, the recorded entry that answers it (latestByIdentity), or null when none was
 * recorded. The one rule for the matrix, its findings and the `all_pass` a rerun writes back.
 */
export function requiredEntries(requiredCommands: readonly string[], entries: readonly CommandEntry[]): Map<string, CommandEntry | null> {
	const byIdentity = latestByIdentity(entries);
	return new Map(requiredCommands.map((command) => [command, byIdentity.get(commandIdentity(command)) ?? null]));
}

/**
 * The entries of `entries` that are one command each, keyed by identity, in the order each command was
 * first recorded: of entries whose latest runs have the same shell words, the one whose latest run is the
 * most recent (a later row in the file wins a tie). An entry with no command text is a command of its own.
 * Used for the matrix, for a signal's commands (`rerun G7-001`, `A`) and for the write-back's `all_pass`.
 */
export function latestByIdentity(entries: Iterable<CommandEntry>): Map<string, CommandEntry> {
	const byIdentity = new Map<string, CommandEntry>();
	for (const entry of entries) {
		const identity = entry.latest.command.trim() === '' ? `entry:${entry.name}` : commandIdentity(entry.latest.command);
		const known = byIdentity.get(identity);
		if (!known || isLater(entry, known)) byIdentity.set(identity, entry);
	}
	return byIdentity;
}

function isLater(entry: CommandEntry, than: CommandEntry): boolean {
	const at = runFinishedAt(entry.latest) ?? '';
	const other = runFinishedAt(than.latest) ?? '';
	return at === other ? entry.latest.lineIndex >= than.latest.lineIndex : at > other;
}
