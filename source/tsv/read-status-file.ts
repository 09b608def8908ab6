import type { CommandEntry, CommandRun, PathProblem, StatusFile } from '../model/types.js';
import type { RepoPaths } from '../paths/repo-paths.js';
import { type ColumnRole, columnRoles, describeLayout, HEADERLESS_COLUMNS, looksLikeHeader, looksLikeHeaderlessRow } from './layout.js';

export interface StatusFileContext {
	paths: RepoPaths;
	evidenceRoot: string;
	/** Repository-relative folders of the status file's siblings named `command-logs*`, found by the caller. */
	logFolders: string[];
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
	const firstCells = (lines[0] ?? '')
		.replace(/^\uFEFF/, '')
		.replace(/\r$/, '')
		.split('\t');
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
	const roles = columnRoles(columns);
	const parsed: ParsedRow[] = [];
	for (let index = hasHeader ? 1 : 0; index < lines.length; index += 1) {
		const line = (lines[index] ?? '').replace(/^\uFEFF/, '').replace(/\r$/, '');
		if (line.trim() === '') continue;
		const cells = line.split('\t');
		if (cells.length !== columns.length) {
			problems.push({ line: index + 1, message: `expected ${columns.length} columns, found ${cells.length}` });
			continue;
		}
		parsed.push(parseRow(cells, columns, roles, index, context));
	}
	const keyCounts = new Map<string, number>();
	for (const row of parsed) keyCounts.set(row.key, (keyCounts.get(row.key) ?? 0) + 1);
	const repeated = [...keyCounts.values()].some((count) => count > 1);
	return {
		path: relativePath,
		layout: describeLayout(columns, hasHeader, repeated),
		entries: groupRuns(parsed, relativePath),
		problems,
	};
}

function parseRow(cells: string[], columns: string[], roles: Array<ColumnRole | null>, lineIndex: number, context: StatusFileContext): ParsedRow {
	const byRole = new Map<ColumnRole, string>();
	const byHeader: Record<string, string> = {};
	cells.forEach((cell, column) => {
		const role = roles[column];
		if (role && !byRole.has(role)) byRole.set(role, cell.trim());
		byHeader[columns[column] ?? `column_${column + 1}`] = cell;
	});
	const commandCell = byRole.get('command') ?? '';
	const skippedMatch = SKIPPED.exec(commandCell);
	const exitCodeText = byRole.get('exitCode') ?? '';
	const exitCode = /^-?\d+$/.test(exitCodeText) ? Number(exitCodeText) : null;
	const label = byRole.get('label') || null;
	const step = byRole.get('step') || null;
	const logWritten = byRole.get('log') || null;
	const run: CommandRun = {
		command: commandCell,
		exitCode,
		exitCodeText,
		skipped: skippedMatch ? (skippedMatch[1] ?? '') : null,
		startUtc: byRole.get('startUtc') || null,
		endUtc: byRole.get('endUtc') || null,
		result: byRole.get('result') || null,
		...resolveLog(logWritten, label ?? step, commandCell, context),
		logWritten,
		lineIndex,
		cells: byHeader,
	};
	return {
		run,
		label,
		signal: byRole.get('signal') || null,
		stage: byRole.get('stage') || null,
		step,
		// A named command is its own identity; a step is not (one `targeted` step can hold several commands).
		key: `${byRole.get('signal') ?? ''}\u0000${label ?? `${step ?? ''}\u0000${commandCell}`}`,
	};
}

interface ResolvedLog {
	log: string | null;
	logProblem: PathProblem | null;
}

function resolveLog(written: string | null, name: string | null, command: string, context: StatusFileContext): ResolvedLog {
	if (written) return resolveWrittenLog(written, context);
	if (name) {
		for (const folder of context.logFolders) {
			const ref = context.paths.ref(`${folder}/${name}.log`);
			if (ref.path !== null && ref.exists && !ref.isDirectory) return { log: ref.path, logProblem: null };
		}
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

function groupRuns(rows: ParsedRow[], statusFile: string): CommandEntry[] {
	const entries = new Map<string, CommandEntry>();
	for (const row of rows) {
		const existing = entries.get(row.key);
		if (existing) {
			existing.history.unshift(existing.latest);
			existing.latest = row.run;
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
	return [...entries.values()];
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

export function slug(text: string): string {
	return text
		.toLowerCase()
		.replace(/[^a-z0-9._-]+/g, '-')
		.replace(/^-+|-+$/g, '');
}
