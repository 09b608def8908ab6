import { booleanOption, type CommandContext } from '../commands/command-context.js';
import { createDemoRepository } from './create-demo.js';

/**
 * `--demo`: a throwaway repository with a demo audit, reviewed like any other. Nothing in the current
 * directory is touched; the repository is removed on exit unless `--keep`.
 */
export async function runDemo(context: CommandContext, interactive: boolean): Promise<number> {
	const demo = await createDemoRepository();
	const keep = booleanOption(context.values, 'keep');
	// Also on paths that skip `finally` (process.exit from a signal handler).
	if (!keep) process.once('exit', () => demo.remove());
	// The demo repository's own .arco-review.json names its tracker, as a real project's would.
	const demoContext: CommandContext = { ...context, cwd: demo.root };
	try {
		if (!interactive) {
			const { runStatus } = await import('../commands/status.js');
			return await runStatus(demoContext);
		}
		const { runInteractive } = await import('../interactive.js');
		return await runInteractive(demoContext);
	} finally {
		if (keep) context.stderr.write(`demo audit kept in ${demo.root}\n`);
		else demo.remove();
	}
}
