/**
 * The commands the demo audit recorded. They are real POSIX-sh command lines: the TUI reruns them from the
 * repository root through /bin/sh, so each recorded output and exit code below is what the command really
 * produces on the demo files (test/demo checks that). Between them they show a quick pass, a failure, a
 * slow streaming run, a flood of output with carriage returns and colours, and a one-second pass.
 */

import { type DemoFile, lines } from './demo-file.js';
import { EVENT_SCHEMA_YAML, INGEST_YAML, RETENTION_YAML } from './demo-service.js';

export interface RecordedRun {
	/** Shell command line, as the status file's command column holds it. */
	command: string;
	exitCode: number;
	startUtc: string;
	endUtc: string;
	/** stdout and stderr as the recorded run printed them: the body of its log. */
	output: string;
}

export interface MatrixCommand extends RecordedRun {
	/** The matrix's own name for the command (its `command` column); also its log's file name. */
	label: string;
}

export interface SignalRun extends RecordedRun {
	/** Log file name, in the audit's `<compact start>_<what>.log` style. */
	logName: string;
}

const SOAK_BATCHES = 20;
const SOAK_EVENTS_PER_BATCH = 500;
const FIXTURE_COUNT = 5000;
const FIXTURE_WARNING_EVERY = 1000;

// `sleep 0.2` is not strictly POSIX (integers only), but every sh-hosting system's sleep accepts it.
const REPLAY_SOAK_SH = lines(
	'#!/bin/sh',
	'# Replays the recorded soak batches against the queue model, one batch every 0.2 s.',
	'batch=1',
	`while [ "$batch" -le ${SOAK_BATCHES} ]; do`,
	`\tprintf 'replay batch %02d/${SOAK_BATCHES}: ${SOAK_EVENTS_PER_BATCH} events, 0 reordered, 0 dropped\\n' "$batch"`,
	'\tsleep 0.2',
	'\tbatch=$((batch + 1))',
	'done',
	`echo 'soak replay ok: ${SOAK_BATCHES * SOAK_EVENTS_PER_BATCH} events in order'`,
);

function soakReplayOutput(): string {
	const batches = Array.from(
		{ length: SOAK_BATCHES },
		(_, index) => `replay batch ${String(index + 1).padStart(2, '0')}/${SOAK_BATCHES}: ${SOAK_EVENTS_PER_BATCH} events, 0 reordered, 0 dropped`,
	);
	return lines(...batches, `soak replay ok: ${SOAK_BATCHES * SOAK_EVENTS_PER_BATCH} events in order`);
}

// Progress redrawn with \r and ANSI-coloured verdicts, the way CI tools print: what the log sanitizer is for.
const SCAN_FIXTURES_SH = lines(
	'#!/bin/sh',
	'# Checks every recorded ingest fixture against schemas/ingest-event.yaml.',
	`total=${FIXTURE_COUNT}`,
	'step=0',
	'while [ "$step" -le 10 ]; do',
	"\tprintf '\\rindexing fixtures %3d%%' $((step * 10))",
	'\tstep=$((step + 1))',
	'done',
	"printf '\\n'",
	'i=1',
	'while [ "$i" -le "$total" ]; do',
	`\tif [ $((i % ${FIXTURE_WARNING_EVERY})) -eq 0 ]; then`,
	'\t\tprintf \'\\033[33mWARN\\033[0m fixture %04d: deprecated field ts accepted\\n\' "$i"',
	'\telse',
	'\t\tprintf \'fixture %04d/%d ok tenant-%02d\\n\' "$i" "$total" $((i % 17))',
	'\tfi',
	'\ti=$((i + 1))',
	'done',
	`printf '\\033[32mPASS\\033[0m %d fixtures, 0 schema violations, %d warnings\\n' "$total" $((total / ${FIXTURE_WARNING_EVERY}))`,
);

function fixtureScanOutput(): string {
	let progress = '';
	for (let step = 0; step <= 10; step += 1) progress += `\rindexing fixtures ${String(step * 10).padStart(3, ' ')}%`;
	const pad4 = (value: number): string => String(value).padStart(4, '0');
	const fixtures: string[] = [];
	for (let index = 1; index <= FIXTURE_COUNT; index += 1) {
		fixtures.push(
			index % FIXTURE_WARNING_EVERY === 0
				? `\u001B[33mWARN\u001B[0m fixture ${pad4(index)}: deprecated field ts accepted`
				: `fixture ${pad4(index)}/${FIXTURE_COUNT} ok tenant-${String(index % 17).padStart(2, '0')}`,
		);
	}
	const verdict = `\u001B[32mPASS\u001B[0m ${FIXTURE_COUNT} fixtures, 0 schema violations, ${FIXTURE_COUNT / FIXTURE_WARNING_EVERY} warnings`;
	return lines(progress, ...fixtures, verdict);
}

/** What `grep -n` prints for every line containing `needle` (a fixed string here). */
function grepOutput(content: string, needle: string): string {
	const matches = content
		.split('\n')
		.map((line, index) => ({ line, number: index + 1 }))
		.filter(({ line }) => line.includes(needle))
		.map(({ line, number }) => `${number}:${line}`);
	if (matches.length === 0) throw new Error(`demo content lost the line ${JSON.stringify(needle)}`);
	return lines(...matches);
}

export function demoCommandScripts(): DemoFile[] {
	return [
		{ path: 'scripts/replay-soak.sh', content: REPLAY_SOAK_SH, executable: true },
		{ path: 'scripts/scan-fixtures.sh', content: SCAN_FIXTURES_SH, executable: true },
	];
}

/** The command matrix in run order, as recorded at the baseline on the audit day. */
export function matrixCommands(): MatrixCommand[] {
	return [
		{
			label: 'rollback_runbook_present',
			command: 'test -f docs/runbooks/rollback.md',
			exitCode: 0,
			startUtc: '2026-11-20T15:40:02Z',
			endUtc: '2026-11-20T15:40:02Z',
			output: '',
		},
		{
			label: 'event_schema_pinned',
			command: "sleep 1 && grep -n '^version: 3$' schemas/ingest-event.yaml",
			exitCode: 0,
			startUtc: '2026-11-20T15:40:02Z',
			endUtc: '2026-11-20T15:40:03Z',
			output: grepOutput(EVENT_SCHEMA_YAML, 'version: 3'),
		},
		{
			label: 'retention_matches_policy',
			command: "grep -n 'retention_days' config/retention.yaml && grep -q 'retention_days: 30' config/retention.yaml",
			exitCode: 1,
			startUtc: '2026-11-20T15:40:03Z',
			endUtc: '2026-11-20T15:40:03Z',
			output: grepOutput(RETENTION_YAML, 'retention_days'),
		},
		{
			label: 'soak_replay',
			command: 'sh scripts/replay-soak.sh',
			exitCode: 0,
			startUtc: '2026-11-20T15:40:03Z',
			endUtc: '2026-11-20T15:40:07Z',
			output: soakReplayOutput(),
		},
		{
			label: 'fixture_scan',
			command: 'sh scripts/scan-fixtures.sh',
			exitCode: 0,
			startUtc: '2026-11-20T15:40:07Z',
			endUtc: '2026-11-20T15:40:07Z',
			output: fixtureScanOutput(),
		},
	];
}

export const P99_BUDGET_COMMAND = "grep -n 'p99_budget_ms: 250' config/ingest.yaml";

/**
 * Two runs of one check for G3-001: it failed the day before the audit, on a working copy that still had
 * the old 400 ms budget, and passed after the fix; the latest run is the one that counts.
 */
export function p99BudgetRuns(): SignalRun[] {
	return [
		{
			command: P99_BUDGET_COMMAND,
			exitCode: 1,
			startUtc: '2026-11-19T10:12:04Z',
			endUtc: '2026-11-19T10:12:04Z',
			output: '',
			logName: '20261119T101204Z_p99_budget_configured.log',
		},
		{
			command: P99_BUDGET_COMMAND,
			exitCode: 0,
			startUtc: '2026-11-20T14:31:40Z',
			endUtc: '2026-11-20T14:31:40Z',
			output: grepOutput(INGEST_YAML, 'p99_budget_ms: 250'),
			logName: '20261120T143140Z_p99_budget_configured.log',
		},
	];
}

/** A command log in the audit's style: `# command:` / `# start_utc:` header, raw output, then the outcome. */
export function commandLog(run: RecordedRun, head: string | null): string {
	const header = [`# command: ${run.command}`, `# start_utc: ${run.startUtc}`, ...(head ? [`# head: ${head}`] : [])];
	return `${lines(...header)}${run.output}${lines(`# end_utc: ${run.endUtc}`, `# exit_code: ${run.exitCode}`)}`;
}
