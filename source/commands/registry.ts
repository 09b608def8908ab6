import type { ParseArgsConfig } from 'node:util';
import type { CommandContext } from './command-context.js';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

export interface CommandDefinition {
	name: string;
	usage: string;
	summary: string;
	/** Lines for `--help COMMAND` / `COMMAND --help`. */
	details: string[];
	options: OptionSpecs;
	/** How many positional arguments it takes. */
	positionals: 'none' | 'one' | 'many';
	/** Loaded on use, so `status` never pays for the runner or Ink. */
	load: () => Promise<(context: CommandContext) => Promise<number>>;
}

const json = { json: { type: 'boolean' } } as const satisfies OptionSpecs;

export const GLOBAL_OPTIONS = {
	tracker: { type: 'string' },
	'no-color': { type: 'boolean' },
	help: { type: 'boolean', short: 'h' },
	version: { type: 'boolean', short: 'v' },
} as const satisfies OptionSpecs;

export const COMMANDS: CommandDefinition[] = [
	{
		name: 'status',
		usage: 'arco-review status [--json]',
		summary: 'gate snapshot: Gate, Area, Status, Closed, Open, Primary Evidence, and the finding count',
		details: ['--json  {tracker, audit_date, baseline_commit, head, dirty, definition_of_done, dod_met, gates, findings}'],
		options: json,
		positionals: 'none',
		load: async () => (await import('./status.js')).runStatus,
	},
	{
		name: 'check',
		usage: 'arco-review check [--json]',
		summary: 'exit 0 only when the definition of done is met and no finding is an error (else 1)',
		details: ['Prints every finding, then PASS or FAIL.'],
		options: json,
		positionals: 'none',
		load: async () => (await import('./check.js')).runCheck,
	},
	{
		name: 'matrix',
		usage: 'arco-review matrix [--all] [--json]',
		summary: "the tracker's command matrix; --all lists every command-status TSV under the evidence root",
		details: [
			'--all   every status TSV: {files: [{path, layout, entries}]}',
			'--json  {status_file, all_pass, entries: [{name, command, exit_code, start_utc, end_utc, log, required}]}',
		],
		options: { ...json, all: { type: 'boolean' } },
		positionals: 'none',
		load: async () => (await import('./matrix.js')).runMatrix,
	},
	{
		name: 'signal',
		usage: 'arco-review signal ID [--json]',
		summary: 'one signal: ledger fields, evidence with existence, and its recorded commands (latest first)',
		details: ['ID is a signal id such as G3-002.'],
		options: json,
		positionals: 'one',
		load: async () => (await import('./signal.js')).runSignal,
	},
	{
		name: 'rerun',
		usage: 'arco-review rerun NAME... [--failed] [--timeout S] [--json]',
		summary: 'rerun command entries in place, streaming output; the result is written back into their status file',
		details: [
			'NAME       an entry name from `matrix` / `matrix --all` (e.g. fmt_check, G5-005/rollback_script_syntax)',
			'--failed   also every failed entry of the command matrix',
			'--timeout  seconds before a run is stopped (recorded as 124)',
			'Exit 0 when every run passed, 1 when one failed, 130 on Ctrl-C (the run is recorded as cancelled).',
		],
		options: { ...json, failed: { type: 'boolean' }, timeout: { type: 'string' } },
		positionals: 'many',
		load: async () => (await import('./rerun.js')).runRerun,
	},
	{
		name: 'report',
		usage: 'arco-review report [--out FILE | --check FILE | --write FILE]',
		summary: 'the audit summary as markdown: snapshot table, findings, open signals, sign-offs (stale marked)',
		details: [
			'--out FILE    write it to FILE instead of stdout. Same input, same bytes.',
			"--check FILE  compare FILE's gate snapshot table with the tracker; each difference is a line (exit 1)",
			"--write FILE  replace only FILE's gate snapshot table with the tracker's; every other byte stays",
		],
		options: { out: { type: 'string' }, check: { type: 'string' }, write: { type: 'string' } },
		positionals: 'none',
		load: async () => (await import('./report.js')).runReport,
	},
	{
		name: 'signoff',
		usage:
			'arco-review signoff <signal-id | gate-number> --status S [--note TEXT] [--allow-dirty] [--expect-status S] [--reviewer "Name <email>"] [--sign-key PATH] [--blocked-owner WHO --ticket ID --until YYYY-MM-DD] [--json]',
		summary: 'record a verdict bound to HEAD in the tracker, the ledger and the signoffs.jsonl history',
		details: [
			'--status S     GO, PARTIAL, NO-GO or BLOCKED-EXTERNAL',
			'--note TEXT    why; kept with the record',
			"--allow-dirty  sign even with uncommitted changes outside the audit's own files (recorded as dirty: true)",
			'A gate is refused GO while one of its signals is not GO. Signing the same verdict twice changes nothing.',
		],
		options: {
			...json,
			status: { type: 'string' },
			note: { type: 'string' },
			'allow-dirty': { type: 'boolean' },
			'expect-status': { type: 'string' },
			reviewer: { type: 'string' },
			'sign-key': { type: 'string' },
			'blocked-owner': { type: 'string' },
			ticket: { type: 'string' },
			until: { type: 'string' },
		},
		positionals: 'one',
		load: async () => (await import('./signoff.js')).runSignoff,
	},
	{
		name: 'verify',
		usage: 'arco-review verify [--repair] [--json]',
		summary: "check the sign-off history's hash chain and that the tracker's sign-offs are its latest (exit 1 if not)",
		details: ['Reads signoffs.jsonl beside the tracker.', '--repair  complete a sign-off that was interrupted between its files, from the history'],
		options: { ...json, repair: { type: 'boolean' } },
		positionals: 'none',
		load: async () => (await import('./verify.js')).runVerify,
	},
];

export function findCommand(name: string): CommandDefinition | undefined {
	return COMMANDS.find((command) => command.name === name);
}
