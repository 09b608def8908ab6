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
		details: [
			'--json  {tracker, audit_date, baseline_commit, head, dirty, dirty_paths, commits_since_baseline, definition_of_done, dod_met, blocks, gates, findings}',
			"dirty means uncommitted changes outside the audit's own files (tracker, ledger, history, evidence root).",
			'Blocked: how many gates and signals are BLOCKED-EXTERNAL, how many of those blocks expire within 7 days, and how many expired.',
		],
		options: json,
		positionals: 'none',
		load: async () => (await import('./status.js')).runStatus,
	},
	{
		name: 'check',
		usage: 'arco-review check [--json]',
		summary: 'exit 0 only when the definition of done is met and no finding is an error (else 1)',
		details: [
			"Prints every finding, then PASS or FAIL. The audit's summary.md beside the tracker, when there is one, is compared with the tracker too (a summary-drift warning per difference).",
		],
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
		summary: 'rerun entries, signals (G7-001) or gates (7), streaming output; results are written back, a cancelled run never is',
		details: [
			'NAME       an entry (fmt_check, G5-005/rollback_script_syntax), its last segment if unique, a signal id (each distinct command once) or a gate number (its required signals); case is ignored when that is unambiguous',
			'--failed   also every failed entry of the command matrix',
			'--timeout  seconds before a run is stopped (recorded as 124)',
			'Commands run with bash when it is on PATH, else /bin/sh (.arco-review.json "shell" overrides).',
			'Exit 0 all passed, 1 one failed, 130 Ctrl-C (143 SIGTERM, 129 SIGHUP): a cancelled run writes nothing back; 2 usage.',
		],
		options: { ...json, failed: { type: 'boolean' }, timeout: { type: 'string' } },
		positionals: 'many',
		load: async () => (await import('./rerun.js')).runRerun,
	},
	{
		name: 'report',
		usage: 'arco-review report [--out FILE | --check FILE [--json] | --write FILE]',
		summary: 'the audit summary as markdown: snapshot table, findings, open signals, sign-offs (stale marked)',
		details: [
			'--out FILE    write it to FILE instead of stdout. Same input, same bytes.',
			"--check FILE  compare FILE's gate snapshot table (Gate, Area, Status, Closed Signals, Open Signals, Primary Evidence) with the tracker; each difference is a line naming gate and column (exit 1)",
			"--write FILE  bring FILE's gate snapshot table in line with the tracker; every byte outside the cells that differ stays",
			'--json       with --check: {file, tracker, ok, differences: [{line, gate, column, message}]}',
		],
		options: { ...json, out: { type: 'string' }, check: { type: 'string' }, write: { type: 'string' } },
		positionals: 'none',
		load: async () => (await import('./report.js')).runReport,
	},
	{
		name: 'signoff',
		usage:
			'arco-review signoff <signal-id | gate-number> --status S [--note TEXT] [--allow-dirty] [--expect-status S] [--reviewer WHO] [--sign-key PATH] [--blocked-owner WHO --ticket ID --until YYYY-MM-DD] [--json]',
		summary: 'record a verdict bound to HEAD in the tracker, the ledger and the signoffs.jsonl history',
		details: [
			'--status S     GO, PARTIAL, NO-GO or BLOCKED-EXTERNAL',
			'--note TEXT    why; kept with the record',
			"--allow-dirty  sign even with uncommitted changes outside the audit's own files (recorded as dirty: true)",
			'--expect-status S  refuse (exit 2, nothing written) unless the subject is S on disk',
			'--reviewer WHO  who signs, as "Name <email>" (else $ARCO_REVIEWER, else git user.name and user.email); control and bidi characters are refused',
			'--sign-key PATH  sign with this SSH key (else git gpg.format=ssh + user.signingKey; without either, unsigned)',
			'--blocked-owner WHO  with BLOCKED-EXTERNAL: who the subject waits on',
			'--ticket ID  where the block is tracked',
			'--until YYYY-MM-DD  the last day (UTC) the block is accepted; from the next day it is an error',
			"A block ends when the status changes: a sign-off with another status removes the subject's blocked; BLOCKED-EXTERNAL on a subject already BLOCKED-EXTERNAL keeps the block fields it does not give.",
			'A gate is refused GO while one of its signals is not GO. Signing the same verdict twice changes nothing.',
			'A refusal writes nothing: history, ledger and tracker are written together or not at all. An interrupted sign-off is completed first, only if its history line passes what a sign-off of its own would.',
			'Waits for another writer while it is alive, saying "waiting for <holder>…" after a second. Exit 0 signed (or nothing new), 2 refused.',
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
		summary: 'check the sign-off history (chain, anchors in the tracker and in git) and every signature (exit 1 if not)',
		details: [
			"Reads signoffs.jsonl beside the tracker: the hash chain, each line canonical and of a known format, the tracker's sign-offs anchored to their lines, every committed version of the history (side branches too) a prefix of it, each subject's status its own sign-off's.",
			'Signatures are checked against git config gpg.ssh.allowedSignersFile, else .arco-review.json allowed_signers. Each is: good signature by PRINCIPAL, unsigned, signed by X recorded as Y, key not in the allowed signers, key not valid at signing time, BAD signature, or not checked (no ssh-keygen).',
			'Exit 1 on a chain, format, anchor, git-history, bad-signature or policy problem; the rest are warnings unless require_signed or gate_signers asks for a good signature.',
			'--repair  complete a sign-off interrupted between its files, from the history, if its line passes what a sign-off of its own would',
		],
		options: { ...json, repair: { type: 'boolean' } },
		positionals: 'none',
		load: async () => (await import('./verify.js')).runVerify,
	},
];

export function findCommand(name: string): CommandDefinition | undefined {
	return COMMANDS.find((command) => command.name === name);
}
