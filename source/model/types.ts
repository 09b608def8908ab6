import type { ProjectConfig } from '../config/project-config.js';
import type { BlockedInfo, BlockSummary } from './blocked.js';
import type { SignoffRecord } from './signoff-record.js';
import type { SubjectKey } from './subject.js';

/**
 * The typed model of one audit: everything the commands and the views read. Built by
 * source/model/build-model.ts from the tracker, the ledger, the command-status TSVs and git.
 * Paths are repository-relative with forward slashes unless a field says otherwise.
 */

export const KNOWN_STATUSES = ['GO', 'PARTIAL', 'NO-GO', 'BLOCKED-EXTERNAL'] as const;
export type KnownStatus = (typeof KNOWN_STATUSES)[number];
/** Trackers in the wild may carry other words; they are kept as written and reported as a finding. */
export type Status = string;

export type FindingSeverity = 'error' | 'warning' | 'info';

export interface Finding {
	severity: FindingSeverity;
	/** Stable machine-readable code, e.g. `gate-go-with-open-signal`. */
	code: string;
	/** What the finding is about, as text: `gate 3`, `G3-002`, a file path, an entry name, or `tracker`. */
	subject: string;
	message: string;
	/** The gate or signal the finding is about, when it is about one (what Enter opens). */
	about: SubjectKey | null;
}

export type PathProblem = 'absolute' | 'outside-repo' | 'symlink-outside-repo' | 'nul-byte' | 'empty';

/** A path named by a file (tracker, ledger, TSV). Never read when `problem` is set. */
export interface PathRef {
	/** As written in the source file. */
	written: string;
	/** Repository-relative path after validation; null when the path was refused. */
	path: string | null;
	/** `path:line` references keep the line. */
	line: number | null;
	exists: boolean;
	isDirectory: boolean;
	problem: PathProblem | null;
}

export interface LedgerRow {
	signalId: string;
	/** 1-based line of the row in the ledger file. */
	line: number;
	gate: string | null;
	title: string | null;
	owner: string | null;
	status: Status | null;
	codePaths: PathRef[];
	evidence: PathRef[];
	/** Evidence cell text as written (it may hold prose next to paths). */
	evidenceText: string | null;
	exitTest: string | null;
	/** Every cell by its header text, for columns this program does not interpret. */
	cells: Record<string, string>;
}

export interface SignalModel {
	id: string;
	owner: string | null;
	status: Status;
	/** Gates whose required_signal_ids name this signal. */
	gateIds: number[];
	ledger: LedgerRow | null;
	signoff: SignoffRecord | null;
	/** Who and what a BLOCKED-EXTERNAL signal waits on, when the tracker says. */
	blocked: BlockedInfo | null;
	/** Index in the tracker's `signals` array (for writers). */
	trackerIndex: number;
}

export interface GateModel {
	id: number;
	name: string;
	status: Status;
	statusReason: string;
	derivedStatus: 'GO' | 'PARTIAL' | 'NO-GO';
	requiredSignalIds: string[];
	/** Signals named by the gate that the tracker defines, in the gate's order. */
	signals: SignalModel[];
	/** GO signals. */
	closed: number;
	/** Signals that are not GO (undefined ones count as open). */
	open: number;
	evidence: PathRef[];
	signoff: SignoffRecord | null;
	blocked: BlockedInfo | null;
	trackerIndex: number;
}

/** One TSV column layout. `columns` are the header names in file order (synthesised for header-less files). */
export interface TsvLayout {
	id: string;
	hasHeader: boolean;
	columns: string[];
	/** Rows are appended per run (a `signal` or `stage` column, or repeated commands) rather than rewritten. */
	appendStyle: boolean;
}

/** One recorded run of a command in a status TSV. */
export interface CommandRun {
	command: string;
	/** Null for `NA` or an empty cell. */
	exitCode: number | null;
	exitCodeText: string;
	/** Reason from a `SKIPPED(reason)` cell. */
	skipped: string | null;
	startUtc: string | null;
	endUtc: string | null;
	result: string | null;
	/** Repository-relative log path, when a log was found. */
	log: string | null;
	/** The log path as recorded in the file, if the file records one. */
	logWritten: string | null;
	/** Why a recorded log path was refused (it is never read then). */
	logProblem: PathProblem | null;
	/** 0-based line index in the TSV. */
	lineIndex: number;
	cells: Record<string, string>;
}

/** A command as recorded in one status file: its latest run plus earlier runs of the same command. */
export interface CommandEntry {
	/** Unique in the audit; what `rerun NAME` takes. */
	name: string;
	/** The file's own name for it (command/step column), if it has one. */
	label: string | null;
	signal: string | null;
	stage: string | null;
	step: string | null;
	statusFile: string;
	latest: CommandRun;
	/** Earlier runs, newest first. */
	history: CommandRun[];
}

export interface StatusFile {
	path: string;
	layout: TsvLayout;
	entries: CommandEntry[];
	/** Rows that could not be read, with their 1-based line. */
	problems: Array<{ line: number; message: string }>;
}

export interface MatrixEntry {
	name: string | null;
	command: string;
	required: boolean;
	/** The entry in the status file; null when a required command has no row. */
	entry: CommandEntry | null;
}

export interface CommandMatrix {
	statusFile: PathRef;
	allPass: boolean;
	requiredCommands: string[];
	entries: MatrixEntry[];
}

export interface GitState {
	/** Null outside a git repository. */
	head: string | null;
	/**
	 * Whether there are uncommitted changes outside the audit's own files: `dirtyPaths` is not empty. The
	 * rule the sign-off refuses by (changesOutsideAudit in audit-files.ts), so a rerun's logs never count.
	 */
	dirty: boolean;
	/** Those changes, repository-relative, as git reported them at load. */
	dirtyPaths: string[];
	/** Every uncommitted change (staged, unstaged, untracked), repository-relative, as git reported it at load. */
	changedPaths: string[];
	/** Whether baseline_commit names a commit in this repository. */
	baselineKnown: boolean;
	commitsSinceBaseline: number | null;
}

export interface AuditModel {
	/** Absolute real path of the repository root (or the audit root outside git). */
	root: string;
	inGitRepository: boolean;
	/** Repository-relative tracker path. */
	trackerPath: string;
	ledgerPath: string | null;
	/** How the tracker was chosen, e.g. `--tracker`, `ARCO_TRACKER`, `.arco-review.json`, `discovered`. */
	trackerSource: string;
	/** Said to the user when the tracker choice was not obvious. */
	discoveryNote: string | null;
	schemaVersion: string;
	auditDate: string;
	generatedAtUtc: string | null;
	baselineCommit: string;
	definitionOfDone: string;
	dodMet: boolean;
	evidenceRoot: string;
	gates: GateModel[];
	/** Every signal the tracker defines, in tracker order. */
	signals: SignalModel[];
	matrix: CommandMatrix;
	/** Every command-status TSV under the evidence root, sorted by path. */
	statusFiles: StatusFile[];
	git: GitState;
	/** The repository's `.arco-review.json`. */
	config: ProjectConfig;
	/** BLOCKED-EXTERNAL gates and signals: how many, and how many expire soon or did, on the day of loading. */
	blocks: BlockSummary;
	/** The hand-written `summary.md` beside the tracker, repository-relative, when there is one. */
	summaryPath: string | null;
	findings: Finding[];
}
