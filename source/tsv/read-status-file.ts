import type { CommandEntry, CommandRun, PathProblem, StatusFile } from '../model/types.js';
import type { RepoPaths } from '../paths/repo-paths.js';
import { type ColumnRole, columnRoles, describeLayout, HEADERLESS_COLUMNS, looksLikeHeader, looksLikeHeaderlessRow } from './layout.js';

export interface StatusFileContext {
	paths: RepoPaths;
	evidenceRoot: string;
	/** Repository-relative folders of the status file's siblings named `command-logs*`, found by the caller. */
	logFolders: string[];
	/**
	 * The log `<name>.log` in the first of those folders that has it as a file inside the repository: the
	 * caller indexes the folders once, so a log is looked up, not checked on disk per row.
	 */
	logByName: (name: string) => string | null;
	/** A log in those folders whose own header names this command (`# command: ...` or `[CMD] ...`). */
	logByHeader: (command: string) => string | null;
}

interface ParsedRow {
	run: CommandRun;
	label: string | null;
	signal: string | null;
	stage: string | null;
	step: string | null;
	key: string;
}

const SKIPPED = /^SKIPPED\((.*)\)$/;

/**
 * Reads a command-status TSV in any of the layouts the audits used. Entries are keyed by the file's own
 * name for a command (or its text); a later row of the same key is a rerun, so it wins and the earlier rows
 * become history. Entry names here are provisional; the model makes them unique across the audit.
 */
export function readStatusFile(relativePath: string, text: string, context: StatusFileContext): StatusFile {
	const lines = text.split('\n');
	if (lines[lines.length - 1] === '') lines.pop();
	const problems: StatusFile['problems'] = [];
	// A byte-order mark is not part of the header; the line keeps it for a rewrite (lines are replaced whole).
	const firstCells = withoutLineEnd(lines[0] ?? '').split('\t');
	const hasHeader = looksLikeHeader(firstCells);
	const columns = hasHeader ? firstCells : looksLikeHeaderlessRow(firstCells) ? HEADERLESS_COLUMNS : null;
	if (columns === null) {
		return {
			path: relativePath,
			layout: describeLayout(
				firstCells.map((_, index) => `column_${index + 1}`),
				false,
				false,
			),
			entries: [],
			problems: [{ line: 1, message: 'unrecognised layout: no header naming a command column and not the 5-column header-less layout' }],
		};
	}
	const roles = roleColumns(columnRoles(columns));
	const parsed: ParsedRow[] = [];
	for (let index = hasHeader ? 1 : 0; index < lines.length; index += 1) {
		const line = withoutLineEnd(lines[index] as string);
		if (line.trim() === '') continue;
		const cells = line.split('\t');
		if (cells.length !== columns.length) {
			problems.push({ line: index + 1, message: `expected ${columns.length} columns, found ${cells.length}` });
			continue;
		}
		parsed.push(parseRow(cells, columns, roles, index, context));
	}
	const grouped = groupRuns(parsed, relativePath);
	return {
		path: relativePath,
		layout: describeLayout(columns, hasHeader, grouped.repeated),
		entries: grouped.entries,
		problems,
	};
}

/** The first column of each role, found once per file rather than once per row. */
type RoleColumns = Partial<Record<ColumnRole, number>>;

function roleColumns(roles: Array<ColumnRole | null>): RoleColumns {
	const columns: RoleColumns = {};
	roles.forEach((role, column) => {
		if (role && columns[role] === undefined) columns[role] = column;
	});
	return columns;
}

// Without a byte-order mark before it and the \r of a CRLF line after it.
function withoutLineEnd(line: string): string {
	const start = line.charCodeAt(0) === 0xfeff ? 1 : 0;
	const end = line.endsWith('\r') ? line.length - 1 : line.length;
	return start === 0 && end === line.length ? line : line.slice(start, end);
}

// A role's cell, trimmed; undefined when the file has no such column.
function cellOf(cells: string[], column: number | undefined): string | undefined {
	return column === undefined ? undefined : cells[column]?.trim();
}

const INTEGER = /^-?\d+$/;

function parseRow(cells: string[], columns: string[], roles: RoleColumns, lineIndex: number, context: StatusFileContext): ParsedRow {
	const byHeader: Record<string, string> = {};
	for (let column = 0; column < cells.length; column += 1) byHeader[columns[column] ?? `column_${column + 1}`] = cells[column] as string;
	const commandCell = cellOf(cells, roles.command) ?? '';
	const skippedMatch = commandCell.startsWith('SKIPPED(') ? SKIPPED.exec(commandCell) : null;
	const exitCodeText = cellOf(cells, roles.exitCode) ?? '';
	const exitCode = exitCodeText === '0' ? 0 : INTEGER.test(exitCodeText) ? Number(exitCodeText) : null;
	const label = cellOf(cells, roles.label) || null;
	const step = cellOf(cells, roles.step) || null;
	const logWritten = cellOf(cells, roles.log) || null;
	const signal = cellOf(cells, roles.signal) || null;
	const resolved = resolveLog(logWritten, label ?? step, commandCell, context);
	const run: CommandRun = {
		command: commandCell,
		exitCode,
		exitCodeText,
		skipped: skippedMatch ? (skippedMatch[1] ?? '') : null,
		startUtc: cellOf(cells, roles.startUtc) || null,
		endUtc: cellOf(cells, roles.endUtc) || null,
		result: cellOf(cells, roles.result) || null,
		log: resolved.log,
		logProblem: resolved.logProblem,
		logWritten,
		lineIndex,
		cells: byHeader,
	};
	return {
		run,
		label,
		signal,
		stage: cellOf(cells, roles.stage) || null,
		step,
		// A named command is its own identity; a step is not (one `targeted` step can hold several commands).
		key: `${signal ?? ''}\u0000${label ?? `${step ?? ''}\u0000${commandCell}`}`,
	};
}

interface ResolvedLog {
	log: string | null;
	logProblem: PathProblem | null;
}

function resolveLog(written: string | null, name: string | null, command: string, context: StatusFileContext): ResolvedLog {
	if (written) return resolveWrittenLog(written, context);
	if (name) {
		const log = context.logByName(name);
		if (log !== null) return { log, logProblem: null };
	}
	return { log: context.logFolders.length > 0 && command !== '' ? context.logByHeader(command) : null, logProblem: null };
}

// Logs recorded as absolute paths on another machine are found again by their tail under the evidence root.
function resolveWrittenLog(written: string, context: StatusFileContext): ResolvedLog {
	const direct = context.paths.ref(written);
	if (direct.path !== null) return { log: direct.exists && !direct.isDirectory ? direct.path : null, logProblem: null };
	if (direct.problem !== 'absolute') return { log: null, logProblem: direct.problem };
	return { log: rebaseAbsoluteLog(written, context), logProblem: null };
}

function rebaseAbsoluteLog(written: string, context: StatusFileContext): string | null {
	const segments = written
		.replace(/\\/g, '/')
		.split('/')
		.filter((segment) => segment !== '');
	const evidenceRoot = context.evidenceRoot.replace(/\/+$/, '');
	for (let start = 0; start < segments.length; start += 1) {
		const tail = segments.slice(start).join('/');
		const candidate = tail.startsWith(`${evidenceRoot}/`) ? tail : `${evidenceRoot}/${tail}`;
		const ref = context.paths.ref(candidate);
		if (ref.path !== null && ref.exists && !ref.isDirectory) return ref.path;
	}
	return null;
}

/** The entries in first-recorded order, and whether any command was recorded more than once. */
function groupRuns(rows: ParsedRow[], statusFile: string): { entries: CommandEntry[]; repeated: boolean } {
	const entries = new Map<string, CommandEntry>();
	let repeated = false;
	for (let index = 0; index < rows.length; index += 1) {
		const row = rows[index] as ParsedRow;
		const existing = entries.get(row.key);
		if (existing) {
			existing.history.unshift(existing.latest);
			existing.latest = row.run;
			repeated = true;
			continue;
		}
		entries.set(row.key, {
			name: provisionalName(row),
			label: row.label,
			signal: row.signal,
			stage: row.stage,
			step: row.step,
			statusFile,
			latest: row.run,
			history: [],
		});
	}
	return { entries: [...entries.values()], repeated };
}

const LOG_TIMESTAMP_PREFIX = /^(\d{8}T\d{6}Z|\d{4}-\d{2}-\d{2}T\d{6}Z)[-_]/;

function provisionalName(row: ParsedRow): string {
	if (row.label) return slug(row.label);
	if (row.step) return slug(row.step);
	const logName = (row.run.logWritten ?? '')
		.split(/[\\/]/)
		.pop()
		?.replace(/\.log$/, '')
		.replace(LOG_TIMESTAMP_PREFIX, '');
	if (logName) return slug(logName);
	return slug(row.run.command).slice(0, 48) || 'command';
}

// Names that are already slugs (most are) come back as they are, without three passes over them.
const ALREADY_SLUG = /^[a-z0-9._][a-z0-9._-]*$/;

export function slug(text: string): string {
	if (ALREADY_SLUG.test(text) && !text.endsWith('-')) return text;
	return text
		.toLowerCase()
		.replace(/[^a-z0-9._-]+/g, '-')
		.replace(/^-+|-+$/g, '');
}
