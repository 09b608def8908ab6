import path from 'node:path';
import { describeError } from '../../errors.js';
import { readWorkTreeState } from '../../git/repository.js';
import type { AuditModel } from '../../model/types.js';
import { logPathForRun, type RerunTarget, resolveRerunTarget } from '../../rerun/rerun-target.js';
import { writeBackRun } from '../../rerun/write-back.js';
import { type OutputSnapshot, type RunHandle, type RunResult, startRun } from '../../runner/index.js';
import { describeResult, EMPTY_OUTPUT, type RunSummary } from '../state/runs.js';
import type { TuiController, UiFeature, UiFeatureFactory } from './controller.js';

/**
 * Runs the queued reruns one after another, the way `arco-review rerun` does (resolve the entry, read
 * HEAD and dirtiness, start the runner, write the result back), and reports each step as an action.
 * Output reaches the state only through the runner's throttled snapshots (one per ~75 ms at most), so a
 * flood of output costs a few renders per second; the running time ticks on its own clock here.
 */

export interface RerunServices {
	readWorkTreeState: typeof readWorkTreeState;
	startRun: typeof startRun;
	writeBackRun: typeof writeBackRun;
	now: () => number;
	/** How often the running time in the pane header moves. */
	tickMs: number;
	/** After a cancel, how long to wait for the run to end before sending SIGKILL at once (quitting only). */
	quitKillAfterMs: number;
}

const DEFAULT_SERVICES: RerunServices = {
	readWorkTreeState,
	startRun,
	writeBackRun,
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
				this.controller.dispatch({ type: 'runRecordFailed', name, message: describeError(error) });
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
		let target: RerunTarget | null = null;
		let log = '';
		let problem = '';
		try {
			target = resolveRerunTarget(model, name);
			log = logPathForRun(model, target);
		} catch (error) {
			// The entry went away or became unrunnable since it was queued (a reload in between).
			problem = describeError(error);
		}
		dispatch({ type: 'runStarting', name, command: target?.command ?? '', now: this.services.now() });
		if (!target || log === '') {
			dispatch({ type: 'runRecordFailed', name, message: problem });
			return;
		}
		this.startTicker();
		// The log header records where the command ran: read it right before starting, as the CLI does.
		const { head, dirty } = await this.services.readWorkTreeState(model.root).catch(() => ({ head: null, dirty: false }));
		let handle: RunHandle;
		try {
			handle = this.services.startRun({ command: target.command, cwd: model.root, logPath: path.join(model.root, log), head, dirty });
		} catch (error) {
			dispatch({ type: 'runRecordFailed', name, message: describeError(error) });
			return;
		}
		current.handle = handle;
		current.unsubscribe = handle.subscribe((snapshot) => dispatch({ type: 'runOutput', name, snapshot }));
		dispatch({ type: 'runStarted', name, log: log, head, dirty });
		// Cancelled while HEAD was being read: the runner records it as cancelled (130) like any other cancel.
		if (this.controller.getState().runs[name]?.cancelRequested || this.quitting) handle.cancel();
		dispatch({ type: 'runOutput', name, snapshot: handle.snapshot() });

		let result: RunResult;
		try {
			result = await handle.done;
		} catch (error) {
			// Only our own log I/O fails `done`; the command was stopped, and nothing is recorded.
			dispatch({ type: 'runRecordFailed', name, message: describeError(error) });
			return;
		}
		current.unsubscribe();
		const summary = summarize(result);
		dispatch({ type: 'runFinished', name, result: summary, snapshot: lastSnapshot(handle) });

		const written = [target.entry.statusFile, ...(target.inMatrix ? [model.trackerPath] : [])];
		this.controller.noteOwnWrites(written);
		try {
			await this.services.writeBackRun(model, target, {
				exitCode: result.exitCode,
				outcome: result.outcome.kind,
				startUtc: result.startUtc,
				endUtc: result.endUtc,
				log: log,
			});
		} catch (error) {
			dispatch({ type: 'runRecordFailed', name, message: describeError(error) });
			return;
		}
		// Reload before saying so, so the matrix shows the new exit code along with the message.
		if (!this.quitting) await this.controller.reloadOwnWrites(written);
		const logNote = summary.kind === 'passed' ? ` (log ${log})` : '';
		dispatch({ type: 'runRecorded', name, message: `${name} ${describeResult(summary)}${logNote}`, failed: summary.kind !== 'passed' });
	}

	private cancel(): void {
		const current = this.current;
		if (!current) return;
		if (this.controller.getState().runs[current.name]?.cancelRequested) current.handle?.cancel();
	}

	/** Quitting: cancel what runs, wait for it to be recorded as cancelled; SIGKILL if it will not end. */
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

function summarize(result: RunResult): RunSummary {
	const summary: RunSummary = { kind: result.outcome.kind, exitCode: result.exitCode, durationMs: result.durationMs };
	if (result.outcome.kind === 'failed-to-start') summary.message = result.outcome.message;
	return summary;
}

/** The final snapshot (running: false); the runner publishes it before `done` settles. */
function lastSnapshot(handle: RunHandle): OutputSnapshot {
	try {
		return handle.snapshot();
	} catch {
		return EMPTY_OUTPUT;
	}
}
