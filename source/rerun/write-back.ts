import path from 'node:path';
import { describeError } from '../errors.js';
import { parseJsonStrict } from '../json/strict-json.js';
import { runPassed } from '../model/command-runs.js';
import { requiredEntries } from '../model/matrix.js';
import type { AuditModel } from '../model/types.js';
import { RepoPaths } from '../paths/repo-paths.js';
import { type PlacedLog, placeLog, unplaceLog } from '../runner/index.js';
import { readStatusFile, type StatusFileContext } from '../tsv/read-status-file.js';
import { type RecordedRun, recordRun } from '../tsv/record-run.js';
import { withFileLock } from '../writers/file-lock.js';
import { nodeFileSystem } from '../writers/file-system.js';
import { setJsonValue } from '../writers/json-edit.js';
import { assertStillResolvesTo, DEFAULT_NEW_FILE_MODE, readCurrent, replaceFile, resolveWriteTarget, updateFileUnderLock } from '../writers/safe-write.js';
import { WriteRefusal } from '../writers/write-refusal.js';
import { type RecordedLog, type RerunTarget, recordedLogPath } from './rerun-target.js';

/** A run that ended on its own, to be recorded: the row's values, and where its log was written while it ran. */
export interface FinishedRun extends Omit<RecordedRun, 'log'> {
	/** Repository-relative; the log takes its recorded name as the row is written. */
	runningLog: string;
}

/** What a write-back did. It throws instead when the run could not be recorded at all. */
export interface WriteBack {
	/** The run's log, now under its recorded name (repository-relative). */
	log: string;
	/** Where the log that had that name went, or null. */
	previousLog: string | null;
	/** The tracker's all_pass as written; null when the entry is not the matrix's or the tracker could not be written. */
	allPass: boolean | null;
	/** The row is written, but a step after it failed: the tracker's all_pass, or making the row durable. */
	laterError: string | null;
}

function rowContext(model: AuditModel): StatusFileContext {
	// Only the row's identity matters when writing back; logs are not looked up.
	return { paths: new RepoPaths(model.root), evidenceRoot: model.evidenceRoot, logFolders: [], logByName: () => null, logByHeader: () => null };
}

/**
 * Whether every required command passed, by the status file's current text: the entry that answers each
 * (same shell words, latest run; the matrix's own rule) exited 0.
 */
export function requiredCommandsPass(model: AuditModel, statusText: string): boolean {
	const file = readStatusFile(model.matrix.statusFile.path ?? '', statusText, rowContext(model));
	return [...requiredEntries(model.matrix.requiredCommands, file.entries).values()].every((entry) => entry !== null && runPassed(entry.latest));
}

/**
 * Records a finished run. Under the status file's lock the run's log takes its recorded name (a log that
 * had it is kept under its timestamped name) and the row is written (rewritten in place, or appended, in
 * the file's own layout); if the row cannot be written the logs are put back as they were, so a row never
 * names a log that is not its run's, and two reruns of one entry cannot cross. Then the tracker's
 * `command_matrix.all_pass` is kept in step with the matrix status file. Throws, with nothing recorded and
 * the logs as they were, when the status file could not be written; a failure after that is `laterError`.
 */
export async function writeBackRun(model: AuditModel, target: RerunTarget, run: FinishedRun, recorded: RecordedLog): Promise<WriteBack> {
	const row = await recordInStatusFile(model, target, run, recorded);
	const paths = new RepoPaths(model.root);
	const written = {
		log: paths.relativeOf(row.placed.path) ?? row.placed.path,
		previousLog: row.placed.previous === null ? null : (paths.relativeOf(row.placed.previous) ?? row.placed.previous),
	};
	if (!target.inMatrix) return { ...written, allPass: null, laterError: row.laterError };
	const allPass = requiredCommandsPass(model, row.content);
	try {
		await writeAllPass(model, allPass);
	} catch (error) {
		return { ...written, allPass: null, laterError: row.laterError ?? `the tracker's all_pass could not be set to ${allPass}: ${describeError(error)}` };
	}
	return { ...written, allPass, laterError: row.laterError };
}

async function recordInStatusFile(
	model: AuditModel,
	target: RerunTarget,
	run: FinishedRun,
	recorded: RecordedLog,
): Promise<{ placed: PlacedLog; content: string; laterError: string | null }> {
	const realTarget = await resolveWriteTarget(target.entry.statusFile, model.root, false);
	const { runningLog, ...values } = run;
	const runLog = path.join(model.root, runningLog);
	const wanted = path.join(model.root, recordedLogPath(recorded, run.startUtc));
	return withFileLock(
		realTarget,
		async (lock) => {
			// A directory on the way could have been swapped for a symlink while we waited for the lock.
			await assertStillResolvesTo(realTarget, model.root);
			const current = await readCurrent(realTarget, false);
			const placed = await placeLog(runLog, { kind: recorded.kind, path: wanted });
			const log = new RepoPaths(model.root).relativeOf(placed.path) ?? runningLog;
			let content: string | null = null;
			try {
				content = recordRun(current.text, target.entry, { ...values, log }, rowContext(model));
				await lock.assertHeld();
				await replaceFile(realTarget, Buffer.from(content, 'utf8'), current.stats, DEFAULT_NEW_FILE_MODE, nodeFileSystem);
			} catch (error) {
				// The row was replaced and only its folder's fsync failed: it is recorded, if not durably yet.
				if (error instanceof WriteRefusal && error.afterReplace && content !== null) return { placed, content, laterError: describeError(error) };
				// Not recorded: the row still names the log it had, so the logs go back where they were.
				await unplaceLog(placed, runLog).catch(() => {});
				throw error;
			}
			return { placed, content, laterError: null };
		},
		{ purpose: `arco-review rerun ${target.entry.name}` },
	);
}

async function writeAllPass(model: AuditModel, allPass: boolean): Promise<void> {
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
}
