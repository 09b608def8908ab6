import path from 'node:path';
import { refusalsAsUserErrors } from '../errors.js';
import { parseJsonStrict } from '../json/strict-json.js';
import { runPassed } from '../model/command-runs.js';
import type { AuditModel } from '../model/types.js';
import { RepoPaths } from '../paths/repo-paths.js';
import { readStatusFile, type StatusFileContext } from '../tsv/read-status-file.js';
import { type RecordedRun, recordRun } from '../tsv/record-run.js';
import { setJsonValue } from '../writers/json-edit.js';
import { updateFileUnderLock } from '../writers/safe-write.js';
import type { RerunTarget } from './rerun-target.js';

function rowContext(model: AuditModel): StatusFileContext {
	// Only the row's identity matters when writing back; logs are not looked up.
	return { paths: new RepoPaths(model.root), evidenceRoot: model.evidenceRoot, logFolders: [], logByHeader: () => null };
}

/** Whether every required command has a passing latest row in the status file's current text. */
export function requiredCommandsPass(model: AuditModel, statusText: string): boolean {
	const file = readStatusFile(model.matrix.statusFile.path ?? '', statusText, rowContext(model));
	return model.matrix.requiredCommands.every((command) => file.entries.some((entry) => entry.latest.command === command && runPassed(entry.latest)));
}

/**
 * Writes a finished run into its status file (row rewritten in place, or appended, in the file's own
 * layout) and keeps the tracker's `command_matrix.all_pass` in step with the matrix status file. Both go
 * through the locked atomic write path shared with sign-offs.
 */
export async function writeBackRun(model: AuditModel, target: RerunTarget, run: RecordedRun): Promise<{ allPass: boolean | null }> {
	return refusalsAsUserErrors(() => writeBack(model, target, run));
}

async function writeBack(model: AuditModel, target: RerunTarget, run: RecordedRun): Promise<{ allPass: boolean | null }> {
	const context = rowContext(model);
	const written = await updateFileUnderLock(path.join(model.root, target.entry.statusFile), (text) => recordRun(text, target.entry, run, context), {
		repoRoot: model.root,
	});
	if (!target.inMatrix) return { allPass: null };
	const allPass = requiredCommandsPass(model, written.content);
	await updateFileUnderLock(
		path.join(model.root, model.trackerPath),
		(text) => {
			const parsed = parseJsonStrict(text);
			if (!parsed.ok) return null;
			const matrix = (parsed.value as { command_matrix?: { all_pass?: unknown } }).command_matrix;
			if (matrix?.all_pass === allPass) return null;
			return setJsonValue(text, ['command_matrix', 'all_pass'], allPass, model.trackerPath);
		},
		{ repoRoot: model.root },
	);
	return { allPass };
}
