/** The JSON shapes the commands print, as far as the tests read them. */

export interface RunJson {
	name: string | null;
	command: string;
	exit_code: number | null;
	exit_code_text: string;
	skipped: string | null;
	start_utc: string | null;
	end_utc: string | null;
	result: string | null;
	log: string | null;
	log_recorded: string | null;
}

export interface EntryJson extends RunJson {
	signal: string | null;
	stage: string | null;
	step: string | null;
	status_file: string;
	line: number;
	history: RunJson[];
}

export interface StatusFileJson {
	path: string;
	layout: string;
	append_style: boolean;
	problems: Array<{ line: number; message: string }>;
	entries: EntryJson[];
}

export interface AllStatusFilesJson {
	files: StatusFileJson[];
}

export interface FindingJson {
	severity: 'error' | 'warning' | 'info';
	code: string;
	subject: string;
	message: string;
}

export interface StatusJson {
	tracker: string;
	tracker_source: string;
	audit_date: string;
	head: string | null;
	dirty: boolean;
	dod_met: boolean;
	gates: Array<{ id: number; name: string; status: string; derived_status: string; closed: number; open: number }>;
	findings: FindingJson[];
}

export interface CheckJson {
	passed: boolean;
	dod_met: boolean;
	errors: number;
	findings: FindingJson[];
}

export interface MatrixJson {
	status_file: string;
	all_pass: boolean;
	entries: Array<{
		name: string | null;
		command: string;
		exit_code: number | null;
		start_utc: string | null;
		end_utc: string | null;
		log: string | null;
		required: boolean;
		recorded: boolean;
	}>;
}

export interface PathJson {
	path: string;
	line: number | null;
	exists: boolean;
	problem: string | null;
}

export interface SignalJson {
	id: string;
	title: string | null;
	gates: number[];
	owner: string | null;
	status: string;
	ledger: { line: number; status: string | null; owner: string | null; gate: string | null; cells: Record<string, string> } | null;
	code_paths: PathJson[];
	evidence: PathJson[];
	exit_test: string | null;
	commands: Array<RunJson & { status_file: string; latest: boolean }>;
}

/** `code@subject` for each finding: what a finding test compares before and after an edit. */
export function findingKeys(findings: FindingJson[]): string[] {
	return findings.map((finding) => `${finding.code}@${finding.subject}`);
}

/** Every run of every entry (latest and history). */
export function allRuns(files: StatusFileJson[]): RunJson[] {
	return files.flatMap((file) => file.entries.flatMap((entry) => [entry, ...entry.history]));
}
