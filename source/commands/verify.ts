import { EXIT_CHECK_FAILED, EXIT_OK } from '../errors.js';
import { verifyHistory } from '../signoff/verify-history.js';
import { sanitizeLine } from '../text/sanitize.js';
import { booleanOption, type CommandContext, writeJson } from './command-context.js';
import { loadForCommand } from './load-for-command.js';

export async function runVerify(context: CommandContext): Promise<number> {
	const model = await loadForCommand(context);
	const result = verifyHistory(model);
	const ok = result.problems.length === 0;
	if (booleanOption(context.values, 'json')) writeJson(context, { ok, ...result });
	else {
		for (const problem of result.problems) context.stdout.write(`${sanitizeLine(problem)}\n`);
		context.stdout.write(
			`${ok ? 'OK' : 'FAIL'}: ${result.history}: ${result.lines} sign-off${result.lines === 1 ? '' : 's'}, ${ok ? 'chain intact and tracker matches' : `${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`}\n`,
		);
	}
	return ok ? EXIT_OK : EXIT_CHECK_FAILED;
}
