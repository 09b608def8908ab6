import { booleanOption, type CommandContext, stringOption } from './commands/command-context.js';
import { loadAudit } from './model/load-audit.js';
import { watchedFiles } from './model/watch-paths.js';
import { defaultFeatures } from './ui/effects/features.js';
import { loadProductionReact } from './ui/effects/production-react.js';

/**
 * The review UI. The first load happens before Ink mounts, so bad input fails like any command; Ink and
 * React (production builds) load while it waits for git, so the first frame waits for whichever takes
 * longer, not both.
 */
export async function runInteractive(context: CommandContext): Promise<number> {
	const options = { cwd: context.cwd, tracker: stringOption(context.values, 'tracker'), env: context.env };
	const load = () => loadAudit(options);
	const loading = load();
	// While git answers the load: React (production builds) and Ink.
	const ui = Promise.resolve().then(() => {
		loadProductionReact();
		return import('../views/start-tui.js');
	});
	// A failed load is the answer; the UI's import finishes (or fails) unobserved.
	ui.catch(() => undefined);
	const initialModel = await loading;
	const noColor = booleanOption(context.values, 'no-color') || (context.env['NO_COLOR'] ?? '') !== '';
	const { startTui } = await ui;
	const tracePath = context.env['ARCO_TUI_TRACE'] || undefined;
	return await startTui({ initialModel, load, watchPaths: watchedFiles, noColor, features: defaultFeatures(), ...(tracePath ? { tracePath } : {}) });
}
