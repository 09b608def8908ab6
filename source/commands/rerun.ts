import { EXIT_CHECK_FAILED, EXIT_OK, UserError } from '../errors.js';
import type { AuditModel, CommandEntry } from '../model/types.js';
import { describeOutcome, describeRecordFailure } from '../rerun/describe-outcome.js';
import { type FrameLimit, LinePrinter, type PrintSink } from '../rerun/line-printer.js';
import { performRerun, type RerunReport, shellFor, shellNote } from '../rerun/perform-rerun.js';
import { failedMatrixEntries, type RerunTarget, targetFor } from '../rerun/rerun-target.js';
import { resolveRerunName } from '../rerun/resolve-names.js';
import type { RunHandle } from '../runner/index.js';
import { sanitizeLine } from '../text/sanitize.js';
import { booleanOption, type CommandContext, type OutputStream, stringOption, writeJson } from './command-context.js';
import { loadForCommand } from './load-for-command.js';

// On a terminal a flood is shown a frame at a time (the log has every byte): at most this many lines per frame.
const TERMINAL_FRAME: Omit<FrameLimit, 'logPath'> = { lines: 100, intervalMs: 200 };

function parseTimeout(text: string | undefined): number | undefined {
	if (text === undefined) return undefined;
	const seconds = Number(text);
	if (!Number.isFinite(seconds) || seconds <= 0) throw new UserError(`--timeout takes a number of seconds greater than 0 (got ${JSON.stringify(text)})`);
	return Math.round(seconds * 1000);
}

/** Every name resolved before anything runs (a bad one refuses the whole command), each entry once. */
function selectTargets(model: AuditModel, names: string[], failed: boolean): { targets: RerunTarget[]; notes: string[] } {
	const entries: CommandEntry[] = [];
	const notes: string[] = [];
	const add = (entry: CommandEntry) => {
		if (!entries.includes(entry)) entries.push(entry);
	};
	for (const name of names) {
		const resolved = resolveRerunName(model, name);
		resolved.entries.forEach(add);
		notes.push(...resolved.notes);
	}
	if (failed) failedMatrixEntries(model).forEach(add);
	if (entries.length === 0) {
		throw new UserError(
			failed ? 'no failed entries in the command matrix: nothing to rerun' : 'usage: arco-review rerun NAME... [--failed] [--timeout S] [--json]',
		);
	}
	return { targets: entries.map((entry) => targetFor(model, entry)), notes };
}

/** Clean output blocks are written as the bytes they are, which is what makes them cheap. */
function byteSink(stream: OutputStream): PrintSink {
	return (chunk) => {
		stream.write(chunk);
	};
}

function runJson(report: RerunReport): Record<string, unknown> {
	const { outcome } = report;
	return {
		name: report.name,
		command: report.command,
		shell: report.shell,
		outcome: outcome.kind,
		exit_code: outcome.exitCode,
		start_utc: report.startUtc,
		end_utc: report.endUtc,
		duration_ms: Math.round(outcome.durationMs),
		log: report.log,
		previous_log: report.previousLog,
		status_file: report.statusFile,
		recorded: report.recorded,
		kept: outcome.kept ? { exit_code: outcome.kept.exitCode, at: outcome.kept.at } : null,
		all_pass: report.allPass,
	};
}

/**
 * `rerun NAME... [--failed] [--timeout S] [--json]`: entries, signals (`G7-001`) or gates (`7`), run one
 * after another, each streamed, each written back unless cancelled. Ctrl-C, SIGTERM or SIGHUP cancel the
 * run in progress (its recorded result is kept) and skip the rest.
 */
export async function runRerun(context: CommandContext): Promise<number> {
	// The runner loads while git answers the loader's questions.
	const runnerModule = import('../runner/index.js');
	const model = await loadForCommand(context);
	const { exitCodeForSignal, setInterruptHandler } = await runnerModule;
	const json = booleanOption(context.values, 'json');
	const timeoutMs = parseTimeout(stringOption(context.values, 'timeout'));
	const { targets, notes } = selectTargets(model, context.positionals, booleanOption(context.values, 'failed'));
	const shell = shellFor(model, context.env);
	const shellWarning = shellNote(model, shell);
	if (!json) for (const note of [...(shellWarning ? [shellWarning] : []), ...notes]) context.stderr.write(`arco-review: ${sanitizeLine(note)}\n`);
	const write = byteSink(context.stdout);
	let interrupted: NodeJS.Signals | null = null;
	let current: RunHandle | null = null;
	setInterruptHandler((signal) => {
		interrupted ??= signal;
		current?.cancel();
	});
	const reports: RerunReport[] = [];
	try {
		for (const target of targets) {
			if (interrupted) break;
			if (!json) write(`==> ${sanitizeLine(target.entry.name)}: ${sanitizeLine(target.command)}\n`);
			let printer: LinePrinter | null = null;
			const report = await performRerun(model, target, {
				shell,
				...(timeoutMs === undefined ? {} : { timeoutMs }),
				...(json ? {} : { onOutput: (chunk: Uint8Array) => printer?.push(chunk) }),
				onStarted: (handle, started) => {
					current = handle;
					// The note names the log being written: it has every byte while the run goes (and after a cancel).
					if (!json) printer = new LinePrinter(write, context.stdoutColumns === null ? null : { ...TERMINAL_FRAME, logPath: sanitizeLine(started.log) });
					if (interrupted) handle.cancel();
				},
			}).catch((error: unknown) => {
				throw error instanceof UserError ? error : new UserError(error instanceof Error ? error.message : String(error));
			});
			(printer as LinePrinter | null)?.flush();
			current = null;
			reports.push(report);
			if (report.recordError !== null) {
				throw new UserError(`${describeRecordFailure(report.name, report.outcome, report.recorded, report.recordError)}; log ${sanitizeLine(report.log)}`);
			}
			if (!json) {
				const described = `${sanitizeLine(report.name)}: ${describeOutcome(report.outcome)}`;
				write(`<== ${described}; log ${sanitizeLine(report.log)}${report.allPass === null ? '' : `; all_pass ${report.allPass}`}\n`);
			}
		}
	} finally {
		setInterruptHandler(null);
	}
	if (json) {
		// Nothing ran: the HEAD and dirtiness the audit was loaded with (the same rule) need no second git process.
		const first = reports[0] ?? model.git;
		writeJson(context, {
			head: first.head,
			dirty: first.dirty,
			shell: shell.path,
			interrupted: interrupted !== null,
			notes: shellWarning ? [shellWarning, ...notes] : notes,
			runs: reports.map(runJson),
		});
	}
	if (interrupted) return exitCodeForSignal(interrupted);
	return reports.some((report) => report.outcome.kind !== 'passed') ? EXIT_CHECK_FAILED : EXIT_OK;
}
