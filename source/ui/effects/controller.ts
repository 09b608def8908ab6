import path from 'node:path';
import { describeError } from '../../errors.js';
import type { AuditModel, PathRef } from '../../model/types.js';
import type { Action, ActionType } from '../state/actions.js';
import { describeCause, describeChange, reloadSummary } from '../state/describe-change.js';
import { routeKey } from '../state/keymap.js';
import { type KeyPress, splitChunk } from '../state/keys.js';
import type { Preview } from '../state/preview-target.js';
import { reduce } from '../state/reducer.js';
import { previewTargetOf } from '../state/selection.js';
import { initialState, type UiState, type Viewport } from '../state/state.js';
import { readPreview as readPreviewFromDisk } from './preview-reader.js';
import { type FileWatcher, type WatchOptions, watchFiles } from './watch.js';

/**
 * The app controller: owns the UI state, turns keys into actions through the router, and performs
 * the effects the pure reducer only asks for (reading previews, reloading the model when files
 * change, exiting). Views subscribe to it and never touch files or processes themselves.
 */

export type EffectHandler<T extends ActionType> = (action: Extract<Action, { type: T }>, controller: TuiController) => void;
/** Side effects keyed by action type, run after the action is reduced. */
export type EffectHandlers = { [T in ActionType]?: EffectHandler<T> };

/**
 * A piece of work outside the state that lives as long as the app: reruns (processes, a clock) and
 * sign-offs (git, file writes). Created with the controller, it reacts to actions through its effects.
 */
export interface UiFeature {
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
}

const PREVIEW_CACHE_SIZE = 20;
// The runner's SIGTERM-to-SIGKILL grace (2 s) and its output drain (1 s), plus the write-back, with room.
const DEFAULT_SHUTDOWN_LIMIT_MS = 8000;
// A change the watcher reports this long after our own write to the same file is taken as that write.
const OWN_WRITE_WINDOW_MS = 3000;

export class TuiController {
	private state: UiState;
	private readonly listeners = new Set<() => void>();
	private readonly options: ControllerOptions;
	private watcher: FileWatcher | null = null;
	private watchedFiles = '';
	private readonly previewCache = new Map<string, Preview>();
	private previewInFlight: string | null = null;
	private reloadInFlight: Promise<void> | null = null;
	private queuedChanges: string[] = [];
	private started = false;
	private readonly features: UiFeature[];
	/** Absolute paths this app wrote, with the time until which a reported change of them is ours. */
	private readonly ownWrites = new Map<string, number>();
	private resolveExit: (exitCode: number) => void = () => {};
	/** Resolves with the exit code once the user quits. */
	readonly exited: Promise<number>;

	constructor(options: ControllerOptions) {
		this.options = options;
		this.state = initialState(options.model, options.viewport);
		this.exited = new Promise((resolve) => {
			this.resolveExit = resolve;
		});
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
	}

	/** Stops watching and releases every feature's timers (a run still going gets SIGTERM). */
	stop(): void {
		this.stopWatching();
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
		const until = Date.now() + OWN_WRITE_WINDOW_MS;
		for (const file of files) this.ownWrites.set(path.resolve(this.state.model.root, file), until);
	}

	/** Reloads after this app's own writes: the model follows, the status line is left to the writer. */
	reloadOwnWrites(files: string[]): Promise<void> {
		this.noteOwnWrites(files);
		return this.reload(files.map((file) => path.resolve(this.state.model.root, file)));
	}

	private isOwnWrite(file: string): boolean {
		const until = this.ownWrites.get(path.resolve(this.state.model.root, file));
		return until !== undefined && until >= Date.now();
	}

	/** One key press from the terminal (or a pasted chunk, handled key by key). */
	handleKey(press: KeyPress): void {
		for (const single of splitChunk(press)) {
			if (this.state.quit) return;
			const action = routeKey(this.state, single);
			if (action) this.dispatch(action);
		}
	}

	resize(viewport: Viewport): void {
		this.dispatch({ type: 'resized', viewport });
	}

	/** Reloads the model after files changed; overlapping requests are merged into one follow-up reload. */
	reload(changed: string[]): Promise<void> {
		if (this.reloadInFlight) {
			this.queuedChanges.push(...changed);
			return this.reloadInFlight;
		}
		this.reloadInFlight = this.runReload(changed).finally(() => {
			this.reloadInFlight = null;
			if (this.queuedChanges.length > 0 && !this.state.quit) {
				const next = this.queuedChanges;
				this.queuedChanges = [];
				void this.reload(next);
			}
		});
		return this.reloadInFlight;
	}

	private async runReload(changed: string[]): Promise<void> {
		const before = this.state.model;
		const cause = describeCause(changed, before);
		let model: AuditModel;
		try {
			model = await this.options.load();
		} catch (error) {
			// A half-edited tracker is normal while someone types: keep showing the last good model.
			if (!this.state.quit) this.dispatch({ type: 'reloadFailed', message: describeError(error), cause });
			return;
		}
		if (this.state.quit) return;
		const quiet = changed.length > 0 && changed.every((file) => this.isOwnWrite(file));
		this.dispatch({ type: 'modelReloaded', model, summary: reloadSummary(describeChange(before, model)), cause, ...(quiet ? { quiet } : {}) });
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
