import { render } from 'ink-testing-library';
import type { AuditModel, PathRef } from '../../../source/model/types.js';
import { TuiController, type UiFeatureFactory } from '../../../source/ui/effects/controller.js';
import type { Preview } from '../../../source/ui/state/preview-target.js';
import type { Viewport } from '../../../source/ui/state/state.js';
import { NO_COLOR_THEME, type Theme } from '../../../source/ui/state/theme.js';
import { App } from '../../../views/app.js';

/** Terminal input for the keys the app reads. */
export const KEYS = {
	enter: '\r',
	escape: '\u001B',
	up: '\u001B[A',
	down: '\u001B[B',
	right: '\u001B[C',
	left: '\u001B[D',
	pageUp: '\u001B[5~',
	pageDown: '\u001B[6~',
	home: '\u001B[H',
	end: '\u001B[F',
	tab: '\t',
	backspace: '\u007F',
	ctrlC: '\u0003',
} as const;

/**
 * Waits until Ink has handled the last write and rendered. A write straight after render can be lost,
 * and a lone ESC is held back by Ink until the next turn of the event loop, so a short sleep is the
 * dependable "next frame".
 */
export function nextFrame(ms = 15): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Generous: a loaded two-core CI machine runs several test files at once. */
export const DEFAULT_WAIT_MS = 10_000;

export interface RenderOptions {
	viewport?: Viewport;
	theme?: Theme;
	load?: () => Promise<AuditModel>;
	watchPaths?: (model: AuditModel) => string[];
	readPreview?: (root: string, ref: PathRef) => Promise<Preview>;
	/** Reruns and sign-offs (source/ui/effects/features.ts); none by default, as the screens need none. */
	features?: UiFeatureFactory[];
}

export async function renderApp(model: AuditModel, options: RenderOptions = {}) {
	const controller = new TuiController({
		model,
		load: options.load ?? (async () => model),
		viewport: options.viewport ?? { columns: 100, rows: 30 },
		...(options.readPreview ? { readPreview: options.readPreview } : {}),
		...(options.watchPaths ? { watchPaths: options.watchPaths } : {}),
		...(options.features ? { features: options.features } : {}),
	});
	const rendered = render(<App controller={controller} theme={options.theme ?? NO_COLOR_THEME} />);
	controller.start();
	await nextFrame();
	const frame = () => rendered.lastFrame() ?? '';
	return {
		...rendered,
		controller,
		frame,
		/** Types keys one write at a time, waiting for a frame after each. */
		async press(...keys: string[]) {
			for (const key of keys) {
				rendered.stdin.write(key);
				await nextFrame();
			}
		},
		/** Polls until the frame satisfies `predicate` (for asynchronous work such as preview reads). */
		async waitFor(predicate: (frame: string) => boolean, timeoutMs = DEFAULT_WAIT_MS): Promise<string> {
			const deadline = Date.now() + timeoutMs;
			while (!predicate(frame())) {
				if (Date.now() > deadline) throw new Error(`timed out waiting for the frame; last frame:\n${frame()}`);
				await nextFrame(10);
			}
			return frame();
		},
		async close() {
			// Quitting lets a rerun still going be cancelled and recorded, so no process outlives the test.
			if (!controller.getState().quit) controller.dispatch({ type: 'quit', exitCode: 0, reason: 'test over' });
			await Promise.race([controller.exited, nextFrame(15_000)]);
			controller.stop();
			rendered.unmount();
			rendered.cleanup();
			await nextFrame(1);
		},
	};
}
