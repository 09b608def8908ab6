import { describeError } from '../../errors.js';
import type { AuditModel } from '../../model/types.js';
import { describeOutcome } from '../../rerun/describe-outcome.js';
import { DEFAULT_RERUN_SERVICES, performRerun, shellFor, type RerunServices as UseCaseServices } from '../../rerun/perform-rerun.js';
import { type RerunTarget, resolveRerunTarget } from '../../rerun/rerun-target.js';
import type { OutputSnapshot, RunHandle, Shell } from '../../runner/index.js';
import { EMPTY_OUTPUT } from '../state/runs.js';
import type { TuiController, UiFeature, UiFeatureFactory } from './controller.js';

/**
 * Runs the queued reruns one after another through the one rerun use case (source/rerun/perform-rerun.ts,
 * as `arco-review rerun` does) and reports each step as an action. Output reaches the state only through
 * the runner's throttled snapshots (one per ~75 ms at most), so a flood of output costs a few renders per
 * second; the running time ticks on its own clock here, from the runner's own start.
 */

export interface RerunServices extends UseCaseServices {
	now: () => number;
	/** How often the running time in the pane header moves. */
	tickMs: number;
	/** After a cancel, how long to wait for the run to end before sending SIGKILL at once (quitting only). */
	quitKillAfterMs: number;
}

const DEFAULT_SERVICES: RerunServices = {
	...DEFAULT_RERUN_SERVICES,
	now: () => Date.now(),
	tickMs: 250,
	// The runner itself sends SIGKILL 2 s after SIGTERM; this is the backstop if that did not end it.
	quitKillAfterMs: 3000,
};

export function rerunFeature(overrides: Partial<RerunServices> = {}): UiFeatureFactory {
	return (controller) => new RunSupervisor(controller, { ...DEFAULT_SERVICES, ...overrides }).feature();
}

interface CurrentRun {
	name: string;
	handle: RunHandle | null;
	unsubscribe: () => void;
	/** Settles when this run is over, recorded or not; never rejects. */
	finished: Promise<void>;
}

class RunSupervisor {
	private current: CurrentRun | null = null;
	private ticker: NodeJS.Timeout | null = null;
	private quitting = false;

	constructor(
		private readonly controller: TuiController,
		private readonly services: RerunServices,
	) {}

	feature(): UiFeature {
		return {
			effects: {
				rerun: () => this.pump(),
				rerunEntries: () => this.pump(),
				cancelRun: () => this.cancel(),
			},
			shutdown: () => this.shutdown(),
			stop: () => this.stop(),
		};
	}

	/** Starts the next queued entry when nothing runs. */
	private pump(): void {
		if (this.current || this.quitting) return;
		const state = this.controller.getState();
		if (state.quit) return;
		const name = state.queue[0];
		if (name === undefined) return;
		const current: CurrentRun = { name, handle: null, unsubscribe: () => {}, finished: Promise.resolve() };
		this.current = current;
		current.finished = this.run(current, state.model)
			.catch((error: unknown) => {
				// A bug of ours must not leave the queue stuck: report it as the run's failure.
				this.controller.dispatch({ type: 'runRecordFailed', name, message: describeError(error), recorded: false, log: null });
			})
			.finally(() => {
				current.unsubscribe();
				if (this.current === current) this.current = null;
				if (!this.controller.getState().activeRun) this.stopTicker();
				this.pump();
			});
	}

	private async run(current: CurrentRun, model: AuditModel): Promise<void> {
		const { name } = current;
		const dispatch = this.controller.dispatch.bind(this.controller);
		let prepared: { target: RerunTarget; shell: Shell } | { problem: string };
		try {
			prepared = { target: resolveRerunTarget(model, name), shell: shellFor(model) };
		} catch (error) {
			// The entry went away or became unrunnable since it was queued (a reload in between), or the shell is missing.
			prepared = { problem: describeError(error) };
		}
		dispatch({ type: 'runStarting', name, command: 'target' in prepared ? prepared.target.command : '', now: this.services.now() });
		if ('problem' in prepared) {
			dispatch({ type: 'runRecordFailed', name, message: prepared.problem, recorded: false, log: null });
			return;
		}
		const { target, shell } = prepared;
		this.startTicker();
		let writes: string[] = [];
		let report: Awaited<ReturnType<typeof performRerun>>;
		try {
			report = await performRerun(model, target, {
				shell,
				display: true,
				services: this.services,
				onStarted: (handle, started) => {
					current.handle = handle;
					current.unsubscribe = handle.subscribe((snapshot) => dispatch({ type: 'runOutput', name, snapshot }));
					dispatch({
						type: 'runStarted',
						name,
						log: started.log,
						head: started.head,
						dirty: started.dirty,
						shell: shell.path,
						shellIsBash: shell.isBash,
						startedAt: handle.startedAt,
					});
					// Cancelled while HEAD was being read: the runner stops it before or right after it starts.
					if (this.controller.getState().runs[name]?.cancelRequested || this.quitting) handle.cancel();
					dispatch({ type: 'runOutput', name, snapshot: handle.snapshot() });
				},
				onFinished: (outcome, toWrite) => {
					current.unsubscribe();
					writes = toWrite;
					if (writes.length > 0) this.controller.noteOwnWrites(writes);
					dispatch({
						type: 'runFinished',
						name,
						result: outcome,
						snapshot: current.handle ? lastSnapshot(current.handle) : EMPTY_OUTPUT,
						recording: writes.length > 0,
					});
				},
			});
		} catch (error) {
			// The run's log could not be written: the command was stopped, and nothing is recorded.
			dispatch({ type: 'runRecordFailed', name, message: describeError(error), recorded: false, log: null });
			return;
		}
		// Reload before saying so, so the matrix shows the new exit code along with the message (a row that
		// was written is reloaded even when a step after it failed).
		if (report.recorded && !this.quitting) await this.controller.reloadOwnWrites(writes);
		if (report.recordError !== null) {
			dispatch({ type: 'runRecordFailed', name, message: report.recordError, recorded: report.recorded, log: report.log });
			return;
		}
		const kind = report.outcome.kind;
		dispatch({
			type: 'runEnded',
			name,
			message: `${name} ${describeOutcome(report.outcome)} (log ${report.log})`,
			failed: kind !== 'passed' && kind !== 'cancelled',
			log: report.log,
		});
	}

	private cancel(): void {
		const current = this.current;
		if (!current) return;
		if (this.controller.getState().runs[current.name]?.cancelRequested) current.handle?.cancel();
	}

	/** Quitting: cancel what runs and wait for it to end (nothing is written back); SIGKILL if it will not end. */
	private async shutdown(): Promise<void> {
		this.quitting = true;
		const current = this.current;
		if (!current) {
			this.stopTicker();
			return;
		}
		current.handle?.cancel();
		let timer: NodeJS.Timeout | undefined;
		const ended = await Promise.race([
			current.finished.then(() => true),
			new Promise<boolean>((resolve) => {
				timer = setTimeout(() => resolve(false), this.services.quitKillAfterMs);
			}),
		]);
		clearTimeout(timer);
		// A second cancel sends SIGKILL to the whole group at once.
		if (!ended) current.handle?.cancel();
		await current.finished;
		this.stopTicker();
	}

	private stop(): void {
		this.quitting = true;
		this.stopTicker();
		this.current?.unsubscribe();
		this.current?.handle?.cancel();
	}

	private startTicker(): void {
		if (this.ticker) return;
		this.ticker = setInterval(() => this.controller.dispatch({ type: 'runTick', now: this.services.now() }), this.services.tickMs);
	}

	private stopTicker(): void {
		if (this.ticker) clearInterval(this.ticker);
		this.ticker = null;
	}
}

/** The final snapshot (running: false); the runner publishes it before `done` settles. */
function lastSnapshot(handle: RunHandle): OutputSnapshot {
	try {
		return handle.snapshot();
	} catch {
		return EMPTY_OUTPUT;
	}
}
