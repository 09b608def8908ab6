import { render } from 'ink-testing-library';
import type { AuditModel, PathRef } from '../../../source/model/types.js';
import { TuiController, type UiFeatureFactory } from '../../../source/ui/effects/controller.js';
import type { Preview } from '../../../source/ui/state/preview-target.js';
import type { UiState, Viewport } from '../../../source/ui/state/state.js';
import { NO_COLOR_THEME, type Theme } from '../../../source/ui/state/theme.js';
import { App } from '../../../views/app.js';
import { until } from '../../helpers/wait.js';

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

/** One turn of the event loop (Ink hands a lone Esc on after one, in case more of a sequence follows). */
export function nextTurn(): Promise<void> {
	return new Promise((resolve) => setImmediate(resolve));
}

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
	let drawn: UiState | null = null;
	const rendered = render(
		<App
			controller={controller}
			theme={options.theme ?? NO_COLOR_THEME}
			onRendered={(state) => {
				drawn = state;
			}}
		/>,
	);
	controller.start();
	/** The frame on screen is the controller's current state (Ink in debug mode writes before layout effects run). */
	const current = () => drawn === controller.getState();
	// Keys written before the app listens to stdin would be lost: wait for its reader.
	await until(() => current() && rendered.stdin.listenerCount('readable') > 0);
	const frame = () => rendered.lastFrame() ?? '';
	return {
		...rendered,
		controller,
		frame,
		/** Types keys one write at a time; after each, waits until the app handled it and drew the state it led to. */
		async press(...keys: string[]) {
			for (const key of keys) {
				const handled = controller.keysHandled;
				rendered.stdin.write(key);
				await until(() => controller.keysHandled > handled && current(), { pollMs: 1 });
			}
		},
		/** Waits until the app drew its current state (after work outside the keys: a reload, a resize). */
		async settled() {
			await until(current, { pollMs: 1 });
		},
		/** Waits until the frame satisfies `predicate` (asynchronous work: preview reads, git, writes, reloads). */
		async waitFor(predicate: (frame: string) => boolean): Promise<string> {
			await until(() => predicate(frame()));
			return frame();
		},
		async close() {
			// Quitting lets a rerun still going be cancelled and recorded, so no process outlives the test.
			if (!controller.getState().quit) controller.dispatch({ type: 'quit', exitCode: 0, reason: 'test over' });
			await controller.exited;
			controller.stop();
			rendered.unmount();
			rendered.cleanup();
			await nextTurn();
		},
	};
}
