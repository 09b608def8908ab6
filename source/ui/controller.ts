import path from 'node:path';
import type { AuditModel, PathRef } from '../model/types.js';
import { describeError } from '../errors.js';
import type { Action, ActionType } from './actions.js';
import { describeCause, describeChange, reloadSummary } from './describe-change.js';
import { routeKey } from './keymap.js';
import { splitChunk, type KeyPress } from './keys.js';
import { readPreview as readPreviewFromDisk, type Preview } from './preview.js';
import { reduce } from './reducer.js';
import { previewTargetOf } from './selection.js';
import { initialState, type UiState, type Viewport } from './state.js';
import { watchFiles, type FileWatcher, type WatchOptions } from './watch.js';

/**
 * The app controller: owns the UI state, turns keys into actions through the router, and performs
 * the effects the pure reducer only asks for (reading previews, reloading the model when files
 * change, exiting). Views subscribe to it and never touch files or processes themselves.
 */

export type EffectHandler<T extends ActionType> = (action: Extract<Action, { type: T }>, controller: TuiController) => void;
/** Side effects keyed by action type, run after the action is reduced. Later work registers e.g. `rerun` here. */
export type EffectHandlers = { [T in ActionType]?: EffectHandler<T> };

export interface ControllerOptions {
	model: AuditModel;
	load: () => Promise<AuditModel>;
	/** Files whose change triggers a reload; relative paths are taken from the model root. */
	watchPaths?: (model: AuditModel) => string[];
	viewport: Viewport;
	readPreview?: (root: string, ref: PathRef) => Promise<Preview>;
	watch?: (files: string[], onChange: (changed: string[]) => void, options: WatchOptions) => FileWatcher;
	watchOptions?: WatchOptions;
	effects?: EffectHandlers;
}

const PREVIEW_CACHE_SIZE = 20;

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
	private resolveExit: (exitCode: number) => void = () => {};
	/** Resolves with the exit code once the user quits. */
	readonly exited: Promise<number>;

	constructor(options: ControllerOptions) {
		this.options = options;
		this.state = initialState(options.model, options.viewport);
		this.exited = new Promise((resolve) => {
			this.resolveExit = resolve;
		});
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

	stop(): void {
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
		// The map is keyed by action type, so the handler found is the one for this action's type; TypeScript
		// cannot correlate the two through the lookup, hence the casts.
		const effect = this.options.effects?.[action.type] as EffectHandler<typeof action.type> | undefined;
		effect?.(action as never, this);
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
		this.dispatch({ type: 'modelReloaded', model, summary: reloadSummary(describeChange(before, model)), cause });
	}

	private afterChange(before: UiState): void {
		if (this.state.quit && !before.quit) {
			this.stop();
			this.resolveExit(this.state.quit.exitCode);
			return;
		}
		if (this.state.model !== before.model) {
			this.previewCache.clear();
			this.previewInFlight = null;
			if (this.started) this.rewatch();
		}
		this.loadPreviewIfNeeded();
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
