/**
 * Holding back a load caught between the writes of one sign-off. A sign-off replaces its files one after
 * the other (history, ledger, tracker; see source/signoff/record-signoff.ts), so a load between two of them
 * shows a status the ledger contradicts, an interrupted sign-off, and a finding count that changes again a
 * moment later. Such a load is not shown: it is read again shortly (the watcher's report of the next file
 * reads at once), until a load is whole, or until re-reads have kept finding it half-written long enough
 * (a sign-off that really was interrupted), which is then shown as it is.
 *
 * The limit counts re-reads, not wall time, so a machine too busy to finish a sign-off's writes within a
 * second or two does not count as an interrupted sign-off.
 */

export interface Scheduled {
	cancel(): void;
}

export interface HoldBackOptions {
	/** How long after a held load it is read again. */
	retryMs?: number;
	/** How many loads in a row may be held before one is shown anyway. */
	maxHeld?: number;
	/** Timers; tests inject their own. */
	schedule?: (run: () => void, ms: number) => Scheduled;
}

export const DEFAULT_RETRY_MS = 200;
export const DEFAULT_MAX_HELD = 10;

function realTimer(run: () => void, ms: number): Scheduled {
	const timer = setTimeout(run, ms);
	timer.unref();
	return { cancel: () => clearTimeout(timer) };
}

export class HalfWrittenHold {
	private held: { count: number; changes: string[]; retry: Scheduled | null } | null = null;
	private readonly retryMs: number;
	private readonly maxHeld: number;
	private readonly schedule: (run: () => void, ms: number) => Scheduled;

	/** `reread` loads again (the controller's reload); it is called once per retry. */
	constructor(
		private readonly reread: () => void,
		options: HoldBackOptions = {},
	) {
		this.retryMs = options.retryMs ?? DEFAULT_RETRY_MS;
		this.maxHeld = options.maxHeld ?? DEFAULT_MAX_HELD;
		this.schedule = options.schedule ?? realTimer;
	}

	/** Files reported changed since the model on screen, while loads are held: the next load's cause names them all. */
	get changes(): string[] {
		return this.held?.changes ?? [];
	}

	/**
	 * A load looked half-written: true when it is held (and read again after the retry delay), false when
	 * loads have been held long enough and this one is to be shown.
	 */
	hold(changes: string[]): boolean {
		const count = (this.held?.count ?? 0) + 1;
		this.held?.retry?.cancel();
		if (count > this.maxHeld) {
			this.held = null;
			return false;
		}
		const retry = this.schedule(() => {
			if (this.held) this.held.retry = null;
			this.reread();
		}, this.retryMs);
		this.held = { count, changes, retry };
		return true;
	}

	/** A load is starting anyway (the rest of a sign-off arrived): the pending retry is not needed. */
	loading(): void {
		if (!this.held?.retry) return;
		this.held.retry.cancel();
		this.held.retry = null;
	}

	/** A load was shown, failed, or the app stops: nothing is held, and the next hold starts afresh. */
	release(): void {
		this.held?.retry?.cancel();
		this.held = null;
	}
}
