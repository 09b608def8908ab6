import type { TsvLayout } from '../model/types.js';

/** What a column means, whatever its header calls it. */
export type ColumnRole = 'label' | 'command' | 'exitCode' | 'startUtc' | 'endUtc' | 'result' | 'log' | 'signal' | 'stage' | 'step';

const HEADER_ROLES: Record<string, ColumnRole> = {
	cmd: 'command',
	exit_code: 'exitCode',
	exit: 'exitCode',
	start_utc: 'startUtc',
	timestamp_utc: 'startUtc',
	utc_timestamp: 'startUtc',
	utc: 'startUtc',
	timestamp: 'startUtc',
	end_utc: 'endUtc',
	result: 'result',
	log_path: 'log',
	log: 'log',
	signal: 'signal',
	stage: 'stage',
	step: 'step',
};

/** The columns of the header-less files written by the audit's first shell scripts. */
export const HEADERLESS_COLUMNS = ['command', 'exit_code', 'start_utc', 'end_utc', 'cmd'];

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const EXIT_CODE = /^(-?\d+|NA)$/;

export function looksLikeHeader(cells: string[]): boolean {
	return cells.every((cell) => /^[a-z][a-z0-9_]*$/.test(cell)) && cells.some((cell) => cell === 'command' || cell === 'cmd');
}

export function looksLikeHeaderlessRow(cells: string[]): boolean {
	return cells.length === HEADERLESS_COLUMNS.length && EXIT_CODE.test(cells[1] ?? '') && TIMESTAMP.test(cells[2] ?? '');
}

/** Roles by column index. A `command` column holds the command's name when a `cmd` column holds its text. */
export function columnRoles(columns: string[]): Array<ColumnRole | null> {
	const hasCmd = columns.includes('cmd');
	return columns.map((column) => {
		if (column === 'command') return hasCmd ? 'label' : 'command';
		return HEADER_ROLES[column] ?? null;
	});
}

export function describeLayout(columns: string[], hasHeader: boolean, repeatedCommands: boolean): TsvLayout {
	const appendStyle = columns.includes('signal') || columns.includes('stage') || repeatedCommands;
	return { id: `${hasHeader ? '' : 'headerless:'}${columns.join('|')}`, hasHeader, columns, appendStyle };
}
