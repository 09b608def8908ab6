import type { CommandEntry, CommandRun, Finding } from '../model/types.js';

/** One run as the JSON outputs show it. */
export function runJson(name: string | null, run: CommandRun): Record<string, unknown> {
	return {
		name,
		command: run.command,
		exit_code: run.exitCode,
		exit_code_text: run.exitCodeText,
		skipped: run.skipped,
		start_utc: run.startUtc,
		end_utc: run.endUtc,
		result: run.result,
		log: run.log,
		log_recorded: run.logWritten,
	};
}

export function entryJson(entry: CommandEntry): Record<string, unknown> {
	return {
		...runJson(entry.name, entry.latest),
		signal: entry.signal,
		stage: entry.stage,
		step: entry.step,
		status_file: entry.statusFile,
		line: entry.latest.lineIndex + 1,
		history: entry.history.map((run) => runJson(entry.name, run)),
	};
}

/** `0`, `101`, `NA`, `SKIPPED(reason)`, or `-` when nothing was recorded. */
export function exitText(run: CommandRun | null): string {
	if (!run) return '-';
	if (run.skipped !== null) return 'skipped';
	return run.exitCodeText || '-';
}

/** A finding as the JSON outputs show it: what a reader needs, without the in-memory subject key. */
export function findingJson({ severity, code, subject, message }: Finding): Record<string, unknown> {
	return { severity, code, subject, message };
}
