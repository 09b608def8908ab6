import path from 'node:path';
import { describeError } from '../../errors.js';
import type { AuditModel, PathRef } from '../../model/types.js';
import { msUntilNextUtcDay } from '../../time/utc.js';
import type { Action, ActionType } from '../state/actions.js';
import type { KeyPress } from '../state/keys.js';
import type { Preview } from '../state/preview-target.js';
import { reduce } from '../state/reducer.js';
import { previewTargetOf } from '../state/selection.js';
import { initialState, type UiState, type Viewport } from '../state/state.js';
import type { HoldBackOptions } from './hold-back.js';
import { KeyInput } from './key-input.js';
import { readPreview as readPreviewFromDisk } from './preview-reader.js';
import { Reloader, type TraceEvent } from './reloader.js';
import { type FileWatcher, type WatchOptions, watchFiles } from './watch.js';

export type { TraceEvent } from './reloader.js';

/**
 * The app controller: owns the UI state, turns keys into actions (key-input.ts), and performs the effects
 * the pure reducer only asks for (reading previews, reloading the model when files change: reloader.ts,
 * exiting). Views subscribe to it and never touch files or processes themselves.
 */

export type EffectHandler<T extends ActionType> = (action: Extract<Action, { type: T }>, controller: TuiController) => void;
/** Side effects keyed by action type, run after the action is reduced. */
export type EffectHandlers = { [T in ActionType]?: EffectHandler<T> };

/**
 * A piece of work outside the state that lives as long as the app: reruns (processes, a clock) and
 * sign-offs (git, file writes). Created with the controller, it reacts to actions through its effects.
 */
export interface UiFeature {
	/** The app is on screen with its first model. */
	start?: () => void;
	effects?: EffectHandlers;
	/** The app is quitting: finish or stop the work in progress. The exit waits for it, up to a limit. */
	shutdown?: () => Promise<void>;
	/** Releases timers and subscriptions at once, without waiting (the app is torn down). */
	stop?: () => void;
}

export type UiFeatureFactory = (controller: TuiController) => UiFeature;

function runEffect(effects: EffectHandlers | undefined, action: Action, controller: TuiController): void {
	// The map is keyed by action type, so the handler found takes this action; TypeScript cannot correlate
	// the two through the lookup, hence the widening.
	const handler = effects?.[action.type] as ((action: Action, controller: TuiController) => void) | undefined;
	handler?.(action, controller);
}

export interface ControllerOptions {
	model: AuditModel;
	load: () => Promise<AuditModel>;
	/** Files whose change triggers a reload; relative paths are taken from the model root. */
	watchPaths?: (model: AuditModel) => string[];
	viewport: Viewport;
	readPreview?: (root: string, ref: PathRef) => Promise<Preview>;
	watch?: (files: string[], onChange: (changed: string[]) => void, options: WatchOptions) => FileWatcher;
	watchOptions?: WatchOptions;
	features?: UiFeatureFactory[];
	/** How long quitting waits for the features' shutdown (a cancelled run settling and being recorded). */
	shutdownLimitMs?: number;
	/** How a load caught between the files of one sign-off is held back (hold-back.ts). */
	holdBack?: HoldBackOptions;
	/** Told every status line and every load (shown, held, failed): ARCO_TUI_TRACE, and the tests. */
	trace?: (event: TraceEvent) => void;
}

const PREVIEW_CACHE_SIZE = 20;
// The runner's SIGTERM-to-SIGKILL grace (2 s) and its output drain (1 s), plus the write-back, with room.
const DEFAULT_SHUTDOWN_LIMIT_MS = 8000;

export class TuiController {
	private state: UiState;
	private readonly listeners = new Set<() => void>();
	private readonly options: ControllerOptions;
	private watcher: FileWatcher | null = null;
	private watchedFiles = '';
	private readonly previewCache = new Map<string, Preview>();
	private previewInFlight: string | null = null;
	private started = false;
	private dayTimer: NodeJS.Timeout | undefined;
	private readonly features: UiFeature[];
	private readonly reloader: Reloader;
	private readonly input: KeyInput;
	private resolveExit: (exitCode: number) => void = () => {};
	/** Terminal inputs (keys, chunks of typed keys, pastes) handled so far: tests wait for it rather than for time. */
	keysHandled = 0;
	/** Resolves with the exit code once the user quits. */
	readonly exited: Promise<number>;

	constructor(options: ControllerOptions) {
		this.options = options;
		this.state = initialState(options.model, options.viewport);
		this.exited = new Promise((resolve) => {
			this.resolveExit = resolve;
		});
		this.reloader = new Reloader({
			getState: this.getState,
			dispatch: (action) => this.dispatch(action),
			load: options.load,
			...(options.holdBack ? { holdBack: options.holdBack } : {}),
			...(options.trace ? { trace: options.trace } : {}),
		});
		this.input = new KeyInput(this.getState, (action) => this.dispatch(action));
		this.features = (options.features ?? []).map((create) => create(this));
	}

	readonly getState = (): UiState => this.state;

	readonly subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	/** Starts watching the audit files and loading the first preview. */
	start(): void {
		if (this.started) return;
		this.started = true;
		this.rewatch();
		this.loadPreviewIfNeeded();
		this.reloadAtNextUtcDay();
		for (const feature of this.features) feature.start?.();
	}

	/**
	 * A block expires at the end of its `until` day (UTC) without any file changing: an app left open over
	 * midnight reads the audit again then, so the expiry shows.
	 */
	private reloadAtNextUtcDay(): void {
		// A second past midnight, so the load sees the new day.
		this.dayTimer = setTimeout(() => {
			this.reloader.becauseOf('a new UTC day began');
			void this.reload([]);
			this.reloadAtNextUtcDay();
		}, msUntilNextUtcDay(new Date()) + 1000);
		this.dayTimer.unref();
	}

	/** Stops watching and releases every feature's timers (a run still going gets SIGTERM). */
	stop(): void {
		this.stopWatching();
		clearTimeout(this.dayTimer);
		this.reloader.stop();
		for (const feature of this.features) feature.stop?.();
	}

	private stopWatching(): void {
		this.started = false;
		this.watcher?.close();
		this.watcher = null;
		this.watchedFiles = '';
	}

	dispatch(action: Action): void {
		const before = this.state;
		this.state = reduce(before, action);
		if (this.state !== before) {
			if (this.state.status !== before.status) this.options.trace?.({ kind: 'status', ...this.state.status });
			for (const listener of this.listeners) listener();
			this.afterChange(before);
		}
		for (const feature of this.features) runEffect(feature.effects, action, this);
	}

	/**
	 * Files this app is about to write (or just wrote). The watcher's reload for them changes the model
	 * without replacing the status line, which already says what was written.
	 */
	noteOwnWrites(files: string[]): void {
		this.reloader.noteOwnWrites(files);
	}

	/** Reloads after this app's own writes: the model follows, the status line is left to the writer. */
	reloadOwnWrites(files: string[]): Promise<void> {
		this.noteOwnWrites(files);
		return this.reload(files.map((file) => path.resolve(this.state.model.root, file)));
	}

	/** One input from the terminal: a key, typed keys read at once, or pasted text (key-input.ts). */
	handleKey(press: KeyPress): void {
		this.keysHandled += 1;
		this.input.handle(press);
	}

	resize(viewport: Viewport): void {
		this.dispatch({ type: 'resized', viewport });
	}

	/**
	 * Reloads the model after files changed; overlapping requests are merged into one follow-up reload.
	 * Resolves once a model read after this call is on screen (or the reload failed, or the app quit).
	 */
	reload(changed: string[]): Promise<void> {
		return this.reloader.reload(changed);
	}

	/** Loads finished so far (shown, held back or failed): tests wait for it rather than for time. */
	get loadsFinished(): number {
		return this.reloader.loadsFinished;
	}

	private afterChange(before: UiState): void {
		if (this.state.quit && !before.quit) {
			const { exitCode } = this.state.quit;
			this.stopWatching();
			void this.shutDownFeatures().then(() => {
				for (const feature of this.features) feature.stop?.();
				this.resolveExit(exitCode);
			});
			return;
		}
		if (this.state.model !== before.model) {
			this.previewCache.clear();
			this.previewInFlight = null;
			if (this.started) this.rewatch();
		}
		this.loadPreviewIfNeeded();
	}

	/** Lets every feature settle (a cancelled run is recorded as cancelled), but never hangs the exit. */
	private async shutDownFeatures(): Promise<void> {
		const work = this.features.flatMap((feature) => (feature.shutdown ? [feature.shutdown().catch(() => undefined)] : []));
		if (work.length === 0) return;
		let limit: NodeJS.Timeout | undefined;
		await Promise.race([
			Promise.all(work),
			new Promise<void>((resolve) => {
				limit = setTimeout(resolve, this.options.shutdownLimitMs ?? DEFAULT_SHUTDOWN_LIMIT_MS);
			}),
		]);
		clearTimeout(limit);
	}

	private rewatch(): void {
		const watchPaths = this.options.watchPaths;
		if (!watchPaths) return;
		const model = this.state.model;
		const files = [...new Set(watchPaths(model).map((file) => path.resolve(model.root, file)))].sort();
		const key = files.join('\n');
		if (key === this.watchedFiles && this.watcher) return;
		this.watcher?.close();
		const watch = this.options.watch ?? watchFiles;
		this.watcher = watch(files, (changed) => void this.reload(changed), this.options.watchOptions ?? {});
		this.watchedFiles = key;
	}

	private loadPreviewIfNeeded(): void {
		const { key, content } = this.state.preview;
		if (key === null || content !== null || this.previewInFlight === key) return;
		const cached = this.previewCache.get(key);
		if (cached) {
			this.dispatch({ type: 'previewLoaded', key, preview: cached });
			return;
		}
		const target = previewTargetOf(this.state);
		if (!target || target.key !== key) return;
		const model = this.state.model;
		const read = this.options.readPreview ?? readPreviewFromDisk;
		this.previewInFlight = key;
		read(model.root, target.ref)
			.catch((error: unknown): Preview => ({ kind: 'unavailable', reason: `cannot read: ${describeError(error)}` }))
			.then((preview) => {
				// A reload in the meantime makes this read stale; the new model triggers its own.
				if (this.state.model !== model) return;
				if (this.previewInFlight === key) this.previewInFlight = null;
				this.previewCache.set(key, preview);
				if (this.previewCache.size > PREVIEW_CACHE_SIZE) {
					const oldest = this.previewCache.keys().next().value;
					if (oldest !== undefined) this.previewCache.delete(oldest);
				}
				if (!this.state.quit) this.dispatch({ type: 'previewLoaded', key, preview });
			});
	}
}
