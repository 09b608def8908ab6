import { indentWrapped, usageWords, wrapTokens, wrapWords } from '../format/wrap-text.js';
import { COMMANDS, type CommandDefinition } from './registry.js';

/** Help is read in 80-column terminals: nothing wider. */
const HELP_WIDTH = 78;

const INTERACTIVE_USAGES = [
	{ usage: 'arco-review', summary: 'interactive review in a terminal (without a terminal: the status table)' },
	{
		usage: 'arco-review --demo [--keep]',
		summary: 'the review UI on a demo audit in a temporary git repository (removed on exit unless --keep)',
	},
];

const GLOBAL_OPTION_HELP: Array<[string, string]> = [
	['--tracker PATH', 'the gate tracker to use (else $ARCO_TRACKER, .arco-review.json, or the newest tracked gate-tracker.json)'],
	['--no-color', 'no colours (also when NO_COLOR is set)'],
	['-h, --help', 'this help; `arco-review COMMAND --help` for one command'],
	['-v, --version', 'the version'],
];

/** A usage line wrapped at option boundaries, its continuation lines indented deeper than the summary below it. */
function usageLines(usage: string, indent: string): string[] {
	return indentWrapped(wrapTokens(usageWords(usage), HELP_WIDTH - indent.length - 6), indent, `${indent}      `);
}

/** `--json  text...` with the text wrapped in a column of its own (a hanging indent). */
function optionLines(option: string, text: string, indent: string, column: number): string[] {
	const lead = `${indent}${option.padEnd(column)}  `;
	const wrapped = wrapWords(text, HELP_WIDTH - lead.length);
	return indentWrapped(wrapped, lead, ' '.repeat(lead.length));
}

export function helpText(): string {
	const commands = [...INTERACTIVE_USAGES, ...COMMANDS].flatMap(({ usage, summary }) => [
		...usageLines(usage, '  '),
		...indentWrapped(wrapWords(summary, HELP_WIDTH - 6), '      '),
	]);
	const optionColumn = Math.max(...GLOBAL_OPTION_HELP.map(([option]) => option.length));
	return [
		...wrapWords('arco-review: review a production-readiness gate audit (gate tracker, signal ledger, command matrix).', HELP_WIDTH),
		'',
		'Usage:',
		...commands,
		'',
		'Options for every command:',
		...GLOBAL_OPTION_HELP.flatMap(([option, text]) => optionLines(option, text, '  ', optionColumn)),
		'',
		...wrapWords('Exit codes: 0 ok, 1 check failed (or a rerun failed), 2 usage or input error, 130 interrupted.', HELP_WIDTH),
		'Set ARCO_DEBUG=1 to see stack traces of unexpected errors.',
		'',
	].join('\n');
}

const DETAIL_OPTION = /^(-\S+(?: [A-Z][A-Z0-9.-]*)?)\s{2,}(.*)$/;

export function commandHelp(command: CommandDefinition): string {
	const optionColumn = Math.max(0, ...command.details.map((line) => DETAIL_OPTION.exec(line)?.[1]?.length ?? 0));
	const details = command.details.flatMap((line) => {
		const option = DETAIL_OPTION.exec(line);
		return option ? optionLines(option[1] ?? '', option[2] ?? '', '  ', optionColumn) : indentWrapped(wrapWords(line, HELP_WIDTH - 2), '  ');
	});
	return [
		...indentWrapped(wrapTokens(usageWords(command.usage), HELP_WIDTH - 11), 'Usage: ', '           '),
		'',
		...wrapWords(command.summary, HELP_WIDTH),
		...details,
		'',
		'--tracker PATH and --no-color work here too.',
		'',
	].join('\n');
}
