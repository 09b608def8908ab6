import { EXIT_OK } from '../errors.js';
import { plural } from '../format/plural.js';
import { renderTable } from '../format/text-table.js';
import { runFinishedAt } from '../model/command-runs.js';
import type { AuditModel } from '../model/types.js';
import { sanitizeLine } from '../text/sanitize.js';
import { booleanOption, type CommandContext, writeJson } from './command-context.js';
import { entryJson, exitText } from './command-json.js';
import { loadForCommand } from './load-for-command.js';

export function matrixReport(model: AuditModel): Record<string, unknown> {
	return {
		status_file: model.matrix.statusFile.path ?? model.matrix.statusFile.written,
		all_pass: model.matrix.allPass,
		entries: model.matrix.entries.map((item) => ({
			name: item.name,
			command: item.command,
			exit_code: item.entry?.latest.exitCode ?? null,
			start_utc: item.entry?.latest.startUtc ?? null,
			end_utc: item.entry?.latest.endUtc ?? null,
			log: item.entry?.latest.log ?? null,
			required: item.required,
			recorded: item.entry !== null,
		})),
	};
}

export function allStatusFilesReport(model: AuditModel): Record<string, unknown> {
	return {
		files: model.statusFiles.map((file) => ({
			path: file.path,
			layout: file.layout.id,
			append_style: file.layout.appendStyle,
			problems: file.problems,
			entries: file.entries.map(entryJson),
		})),
	};
}

export async function runMatrix(context: CommandContext): Promise<number> {
	const model = await loadForCommand(context);
	const all = booleanOption(context.values, 'all');
	if (booleanOption(context.values, 'json')) {
		writeJson(context, all ? allStatusFilesReport(model) : matrixReport(model));
		return EXIT_OK;
	}
	const width = context.stdoutColumns === null ? {} : { maxWidth: context.stdoutColumns };
	if (all) {
		for (const file of model.statusFiles) {
			context.stdout.write(`${sanitizeLine(file.path)}  (${sanitizeLine(file.layout.id)}, ${plural(file.entries.length, 'command')})\n`);
			const rows = file.entries.map((entry) => [
				entry.name,
				exitText(entry.latest),
				entry.latest.startUtc ?? '-',
				entry.latest.log ? 'yes' : 'no',
				entry.latest.command,
			]);
			context.stdout.write(`${renderTable(['Name', 'Exit', 'Start (UTC)', 'Log', 'Command'], rows, width)}\n\n`);
		}
		return EXIT_OK;
	}
	const statusFile = model.matrix.statusFile.path ?? model.matrix.statusFile.written;
	context.stdout.write(`Command matrix ${sanitizeLine(statusFile)}  all_pass: ${model.matrix.allPass}\n`);
	const rows = model.matrix.entries.map((item) => [
		item.name ?? '(not recorded)',
		exitText(item.entry?.latest ?? null),
		(item.entry ? runFinishedAt(item.entry.latest) : null) ?? '-',
		item.required ? 'yes' : 'no',
		item.command,
	]);
	context.stdout.write(`${renderTable(['Name', 'Exit', 'When (UTC)', 'Required', 'Command'], rows, width)}\n`);
	return EXIT_OK;
}
