import fs from 'node:fs';
import path from 'node:path';
import { EXIT_OK, UserError } from '../errors.js';
import { renderReport } from '../report/render-report.js';
import { type CommandContext, stringOption } from './command-context.js';
import { loadForCommand } from './load-for-command.js';

/** `report [--out FILE]`: the audit summary as markdown, to stdout or a file (written whole, then renamed). */
export async function runReport(context: CommandContext): Promise<number> {
	const model = await loadForCommand(context);
	const text = renderReport(model);
	const out = stringOption(context.values, 'out');
	if (!out) {
		context.stdout.write(text);
		return EXIT_OK;
	}
	const target = path.resolve(context.cwd, out);
	const temporary = `${target}.${process.pid}.tmp`;
	try {
		fs.writeFileSync(temporary, text);
		fs.renameSync(temporary, target);
	} catch (error) {
		fs.rmSync(temporary, { force: true });
		throw new UserError(`${out}: cannot write report (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
	}
	context.stderr.write(`wrote ${out}\n`);
	return EXIT_OK;
}
