import { booleanOption, type CommandContext, stringOption } from './commands/command-context.js';
import { loadAudit } from './model/load-audit.js';
import { watchedFiles } from './model/watch-paths.js';
import { defaultFeatures } from './ui/effects/features.js';

/** The review UI. The first load happens before Ink mounts, so bad input fails like any command. */
export async function runInteractive(context: CommandContext): Promise<number> {
	const options = { cwd: context.cwd, tracker: stringOption(context.values, 'tracker'), env: context.env };
	const load = () => loadAudit(options);
	const initialModel = await load();
	const noColor = booleanOption(context.values, 'no-color') || (context.env['NO_COLOR'] ?? '') !== '';
	const { startTui } = await import('../views/start-tui.js');
	return await startTui({ initialModel, load, watchPaths: watchedFiles, noColor, features: defaultFeatures() });
}
