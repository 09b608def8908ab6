import { render } from 'ink';
import type { AuditModel } from '../source/model/types.js';
import { clipboardFeature } from '../source/ui/effects/clipboard.js';
import { TuiController, type UiFeatureFactory } from '../source/ui/effects/controller.js';
import { openTerminalSession, viewportOf } from '../source/ui/effects/terminal-session.js';
import { traceToFile } from '../source/ui/effects/trace-file.js';
import { themeFor } from '../source/ui/state/theme.js';
import { App } from './app.js';
import { installOutputCache } from './ink-output-cache.js';

export interface StartTuiOptions {
	/** The first model, when the caller already loaded it (so bad input fails before the screen changes). */
	initialModel?: AuditModel;
	/** Loads the model again; called on start without initialModel and after files change. */
	load: () => Promise<AuditModel>;
	/** Files to watch for live reload. */
	watchPaths?: (model: AuditModel) => string[];
	noColor: boolean;
	env?: NodeJS.ProcessEnv;
	stdin?: NodeJS.ReadStream;
	stdout?: NodeJS.WriteStream;
	stderr?: NodeJS.WriteStream;
	/** Work beyond showing the audit (reruns, sign-offs): source/ui/effects/features.ts has the real ones. */
	features?: UiFeatureFactory[];
	/** ARCO_TUI_TRACE: a file that gets every status-line message and load as a JSON line (trace-file.ts). */
	tracePath?: string;
}

/**
 * Runs the interactive review until the user quits; resolves with the exit code (0 on quit, 128+n on
 * a signal). Quitting while a rerun is going cancels it and waits (bounded) until it is recorded as
 * cancelled. Rejects, with the terminal restored, if the first load or the UI itself fails.
 */
export async function startTui(options: StartTuiOptions): Promise<number> {
	const model = options.initialModel ?? (await options.load());
	const stdout = options.stdout ?? process.stdout;
	const theme = themeFor({ noColor: options.noColor, env: options.env ?? process.env });
	const trace = options.tracePath ? traceToFile(options.tracePath) : undefined;
	// Without the cache the UI works the same, only with more CPU per key press; the trace says why it is off.
	const cache = await installOutputCache();
	if (!cache.installed) trace?.({ kind: 'note', text: `Ink output cache off: ${cache.reason}` });
	const copy = clipboardFeature((sequence) => stdout.write(sequence));
	const controller = new TuiController({
		model,
		load: options.load,
		viewport: viewportOf(stdout),
		...(options.watchPaths ? { watchPaths: options.watchPaths } : {}),
		features: [...(options.features ?? []), copy],
		...(trace ? { trace } : {}),
	});

	let crash: (error: unknown) => void = () => {};
	const crashed = new Promise<never>((_, reject) => {
		crash = reject;
	});
	const session = openTerminalSession(stdout, {
		onResize: (viewport) => controller.resize(viewport),
		onSignal: (signal, exitCode) => controller.dispatch({ type: 'quit', exitCode, reason: `received ${signal}` }),
		onCrash: (error) => crash(error),
	});
	try {
		const instance = render(<App controller={controller} theme={theme} />, {
			stdout,
			stdin: options.stdin ?? process.stdin,
			stderr: options.stderr ?? process.stderr,
			exitOnCtrlC: false,
			patchConsole: false,
		});
		controller.start();
		try {
			// Ink's exit promise settles early only when rendering failed; then it rejects with the error.
			return await Promise.race([controller.exited, crashed, instance.waitUntilExit().then(() => 0)]);
		} finally {
			instance.unmount();
			await instance.waitUntilExit().catch(() => undefined);
		}
	} finally {
		controller.stop();
		session.restore();
	}
}
