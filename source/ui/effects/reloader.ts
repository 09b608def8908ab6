import path from 'node:path';
import { describeError } from '../../errors.js';
import type { AuditModel } from '../../model/types.js';
import type { Action } from '../state/actions.js';
import { describeCause, describeChange, halfWrittenSignoff, reloadSummary } from '../state/describe-change.js';
import type { UiState } from '../state/state.js';
import { HalfWrittenHold, type HoldBackOptions } from './hold-back.js';

/**
 * Reading the audit again after files changed, for the controller: overlapping requests merge into one
 * follow-up load; a load caught between the files of one sign-off is held back (hold-back.ts); a change
 * this app wrote itself reloads quietly (the writer already said what it wrote); everything else ends in
 * one `modelReloaded` whose status line names each change (describe-change.ts) and its cause.
 */

/** What ARCO_TUI_TRACE records (trace-file.ts): status-line messages, loads, and notes on how the UI runs. */
export type TraceEvent =
	| { kind: 'status'; text: string; detail?: string }
	| { kind: 'load'; outcome: 'shown' | 'held' | 'failed'; changed: string[]; reason?: string }
	| { kind: 'note'; text: string };

export interface ReloaderHost {
	getState: () => UiState;
	dispatch: (action: Action) => void;
	load: () => Promise<AuditModel>;
	holdBack?: HoldBackOptions;
	trace?: (event: TraceEvent) => void;
}

// A change the watcher reports this long after our own write to the same file is taken as that write.
const OWN_WRITE_WINDOW_MS = 3000;

export class Reloader {
	private inFlight: Promise<void> | null = null;
	private queuedChanges: string[] = [];
	private followUp = false;
	/** Loads started so far; a reload request is answered by the first load started after it that is shown. */
	private loadsStarted = 0;
	private waiters: Array<{ load: number; resolve: () => void }> = [];
	/** Why the next load happens, when it is not a file change (the day turned). */
	private nextCause: string | null = null;
	/** Absolute paths this app wrote, with the time until which a reported change of them is ours. */
	private readonly ownWrites = new Map<string, number>();
	private readonly hold: HalfWrittenHold;
	/** Loads finished so far (shown, held back or failed): tests wait for it rather than for time. */
	loadsFinished = 0;

	constructor(private readonly host: ReloaderHost) {
		this.hold = new HalfWrittenHold(() => void this.reload([]), host.holdBack);
	}

	/** The next load is for this reason rather than a file change. */
	becauseOf(cause: string): void {
		this.nextCause = cause;
	}

	/** Files this app is about to write (or just wrote), relative to the audit root or absolute. */
	noteOwnWrites(files: string[]): void {
		const until = Date.now() + OWN_WRITE_WINDOW_MS;
		for (const file of files) this.ownWrites.set(this.absolute(file), until);
	}

	/** Releases the hold's timer and answers every waiter (the app stops). */
	stop(): void {
		this.hold.release();
		this.answer(Number.MAX_SAFE_INTEGER);
	}

	/** Resolves once a model read after this call is on screen (or the load failed, or the app quit). */
	reload(changed: string[]): Promise<void> {
		// The rest of a held sign-off arrived: read it now rather than wait for the retry.
		this.hold.loading();
		const shown = new Promise<void>((resolve) => this.waiters.push({ load: this.loadsStarted + 1, resolve }));
		if (this.inFlight) {
			this.queuedChanges.push(...changed);
			this.followUp = true;
			return shown;
		}
		this.inFlight = this.run(changed).finally(() => {
			this.inFlight = null;
			if (this.followUp && !this.host.getState().quit) {
				const next = this.queuedChanges;
				this.queuedChanges = [];
				this.followUp = false;
				void this.reload(next);
			}
		});
		return shown;
	}

	private absolute(file: string): string {
		return path.resolve(this.host.getState().model.root, file);
	}

	private isOwnWrite(file: string): boolean {
		const until = this.ownWrites.get(this.absolute(file));
		return until !== undefined && until >= Date.now();
	}

	private answer(load: number): void {
		const answered = this.waiters.filter((waiter) => waiter.load <= load);
		this.waiters = this.waiters.filter((waiter) => waiter.load > load);
		for (const waiter of answered) waiter.resolve();
	}

	private async run(changedNow: string[]): Promise<void> {
		const load = ++this.loadsStarted;
		try {
			if (await this.loadAndShow(changedNow)) this.answer(load);
		} finally {
			if (this.host.getState().quit) this.answer(Number.MAX_SAFE_INTEGER);
		}
	}

	/** One load; false when it was held back as half-written (a later load answers for it). */
	private async loadAndShow(changedNow: string[]): Promise<boolean> {
		const before = this.host.getState().model;
		const changed = [...new Set([...this.hold.changes, ...changedNow])];
		const cause = this.nextCause ?? describeCause(changed, before);
		this.nextCause = null;
		let model: AuditModel;
		try {
			model = await this.host.load();
		} catch (error) {
			// A half-edited tracker is normal while someone types: keep showing the last good model. A hold
			// before it is over: the next half-written load is held afresh, its cause its own files.
			this.hold.release();
			this.finished({ kind: 'load', outcome: 'failed', changed });
			if (!this.host.getState().quit) this.host.dispatch({ type: 'reloadFailed', message: describeError(error), cause });
			return true;
		}
		if (this.host.getState().quit) return true;
		const halfWritten = halfWrittenSignoff(before, model);
		if (halfWritten !== null && this.hold.hold(changed)) {
			this.finished({ kind: 'load', outcome: 'held', changed, reason: halfWritten });
			return false;
		}
		this.hold.release();
		this.finished({ kind: 'load', outcome: 'shown', changed });
		const quiet = changed.length > 0 && changed.every((file) => this.isOwnWrite(file));
		this.host.dispatch({ type: 'modelReloaded', model, summary: reloadSummary(describeChange(before, model)), cause, ...(quiet ? { quiet } : {}) });
		return true;
	}

	private finished(event: Extract<TraceEvent, { kind: 'load' }>): void {
		this.loadsFinished += 1;
		this.host.trace?.(event);
	}
}
