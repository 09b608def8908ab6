import { UserError } from '../errors.js';
import type { CommandEntry, TsvLayout } from '../model/types.js';
import type { RunOutcome } from '../runner/index.js';
import { columnRoles } from './layout.js';
import { readStatusFile, type StatusFileContext } from './read-status-file.js';

/**
 * How a run that ended on its own ended. A run the reviewer cancelled is never written back (the row keeps
 * its recorded result), so `cancelled` is not one of them.
 */
export type RecordedOutcome = Exclude<RunOutcome['kind'], 'cancelled'>;

/** A finished rerun, as it is written back into the entry's status file. */
export interface RecordedRun {
	exitCode: number;
	outcome: RecordedOutcome;
	startUtc: string;
	endUtc: string;
	/** Repository-relative log path. */
	log: string;
}

const RESULT_WORDS: Record<RecordedOutcome, string> = { passed: 'PASS', failed: 'FAIL', 'timed-out': 'TIMEOUT', 'failed-to-start': 'FAIL' };

function lineEnding(text: string): string {
	return text.includes('\r\n') ? '\r\n' : '\n';
}

/** The cells of a new row: the template row's cells with the run's values in the columns that record a run. */
function rowFor(layout: TsvLayout, template: Record<string, string>, run: RecordedRun): string {
	const roles = columnRoles(layout.columns);
	return layout.columns
		.map((column, index) => {
			switch (roles[index]) {
				case 'exitCode':
					return String(run.exitCode);
				case 'startUtc':
					return run.startUtc;
				case 'endUtc':
					return run.endUtc;
				case 'result':
					return RESULT_WORDS[run.outcome];
				case 'log':
					return run.log;
				default:
					return template[column] ?? '';
			}
		})
		.join('\t');
}

/**
 * Writes a run into the current text of a status file, in the file's own layout: a file with one row per
 * command gets that row rewritten in place (every other byte identical); an append-style file gets a new
 * row. The row is found again by the entry's identity, not by line number, since the file may have
 * changed since it was loaded.
 */
export function recordRun(currentText: string, entry: CommandEntry, run: RecordedRun, context: StatusFileContext): string {
	const current = readStatusFile(entry.statusFile, currentText, context);
	const match = current.entries.find(
		(candidate) =>
			candidate.signal === entry.signal &&
			candidate.label === entry.label &&
			candidate.step === entry.step &&
			(candidate.label !== null || candidate.step !== null || candidate.latest.command === entry.latest.command),
	);
	if (!match) throw new UserError(`${entry.statusFile}: no row for ${entry.name} any more (the file changed on disk); reload and try again`);
	const eol = lineEnding(currentText);
	const row = rowFor(current.layout, match.latest.cells, run);
	if (current.layout.appendStyle) {
		const separator = currentText === '' || currentText.endsWith('\n') ? '' : eol;
		return `${currentText}${separator}${row}${eol}`;
	}
	const lines = currentText.split('\n');
	const index = match.latest.lineIndex;
	const original = lines[index] ?? '';
	const bom = original.startsWith('\uFEFF') ? '\uFEFF' : '';
	lines[index] = `${bom}${row}${original.endsWith('\r') ? '\r' : ''}`;
	return lines.join('\n');
}
