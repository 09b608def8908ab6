/**
 * Process-wide registry of the process groups our runs lead, and the cleanup that keeps them from
 * outliving us.
 *
 * Every command is spawned detached, so it leads its own process group and we can signal the whole
 * group (`kill(-pgid)`): signalling only the shell would leave its children running. Only pgids of
 * detached children ever enter this registry, and signals go only to registered groups, so we never
 * signal `-pid` of a child that shares our own group. Descendants that left the group (`setsid`) are
 * collected before each signal and signalled with it (process-tree.ts, Linux), until the run limits itself
 * to its group (a command that ended on its own: what it started on purpose outside the group stays).
 *
 * Contract with callers (CLI, TUI):
 * - Cleanup is installed once (first registered group or first `setInterruptHandler` call) for `exit`,
 *   SIGINT, SIGTERM and SIGHUP.
 * - `exit`: every registered group gets SIGKILL (exit handlers cannot wait).
 * - SIGTERM, SIGHUP: every run is cancelled (SIGTERM, SIGKILL after its grace period), we wait for the
 *   runs to settle (their logs get a `cancelled` footer), SIGKILL whatever is left, remove our signal
 *   listeners and re-raise the signal, so the exit status says how we died and other listeners (Ink's
 *   terminal restore) still get their turn. A second such signal skips the wait.
 * - SIGINT, SIGTERM, SIGHUP: if the caller installed a handler with `setInterruptHandler`, the first such
 *   signal goes only to that handler, which owns the outcome (the CLI `rerun` cancels its run, which
 *   writes nothing back, then exits 128 + the signal's number; the `exit` cleanup still kills any group left).
 *   A second fatal signal, or any of them without a handler, takes the default path above.
 *   The TUI reads Ctrl-C as a key in raw mode, so a SIGINT there comes from outside and gets the default.
 * - `killAllGroups` (synchronous) and `cancelAllRuns` (graceful, awaitable) let callers stop everything
 *   themselves, e.g. before quitting the TUI.
 */

import process from 'node:process';
import { Escapees } from './process-tree.js';

export interface GroupControls {
	/** Starts a graceful stop of the run (SIGTERM now, SIGKILL after its grace period). */
	terminate(): void;
	/** Settles once the run has finished and its log is closed. */
	settled: Promise<unknown>;
}

/** What a run holds for its registered group. Signals are no-ops once it is released. */
export interface RegisteredGroup {
	readonly pgid: number;
	/** Sends `signal` to every process of the group; false when none is left (or released). */
	signal(signal: NodeJS.Signals): boolean;
	/** True while any process of the group exists (zombies count: the kernel still has them), or an escapee runs. */
	hasMembers(): boolean;
	/** Looks for descendants that left the group (e.g. once the leader exited after our signal). */
	collectEscapees(): void;
	/** From now on only the group is signalled and waited for, not the descendants that left it. */
	limitToGroup(): void;
	release(): void;
}

interface Entry extends GroupControls {
	pgid: number;
	escapees: Escapees;
	/** `tree`: the group and the descendants that left it; `group`: the group only. */
	scope: 'tree' | 'group';
}

const registry = new Set<Entry>();
const FATAL_SIGNALS = ['SIGTERM', 'SIGHUP'] as const;
// Bounds the wait before re-raising, in case a run cannot settle (e.g. its log is on a hung disk).
const SHUTDOWN_WAIT_LIMIT_MS = 10_000;

let interruptHandler: ((signal: NodeJS.Signals) => void) | null = null;
let interruptHandled = false;
let exitCleanupInstalled = false;
let signalCleanupInstalled = false;
let shuttingDown = false;

/**
 * Registers the group led by a child spawned with `detached: true`, whose environment carries `marker`
 * in ARCO_REVIEW_RUNS (process-tree.ts). Passing the pid of a non-detached child would make us signal our
 * own process group: never do that.
 */
export function registerGroup(pgid: number, marker: string, controls: GroupControls): RegisteredGroup {
	if (!Number.isInteger(pgid) || pgid <= 1) throw new RangeError(`not a process group id: ${pgid}`);
	installCleanup();
	const entry: Entry = { pgid, escapees: new Escapees(pgid, marker), scope: 'tree', terminate: controls.terminate, settled: controls.settled };
	registry.add(entry);
	return {
		pgid,
		signal: (signal) => registry.has(entry) && signalEntry(entry, signal),
		hasMembers: () => registry.has(entry) && (signalGroup(pgid, 0) || (entry.scope === 'tree' && entry.escapees.anyAlive())),
		collectEscapees: () => {
			if (entry.scope === 'tree') entry.escapees.collect();
		},
		limitToGroup: () => {
			entry.scope = 'group';
		},
		release: () => {
			registry.delete(entry);
		},
	};
}

/** Sends `signal` (default SIGKILL) to every registered group and its escapees, synchronously. */
export function killAllGroups(signal: NodeJS.Signals = 'SIGKILL'): void {
	for (const entry of registry) signalEntry(entry, signal);
}

// The tree is collected before the group is signalled: once the leader dies its children lose their parent link.
function signalEntry(entry: Entry, signal: NodeJS.Signals): boolean {
	if (entry.scope === 'group') return signalGroup(entry.pgid, signal);
	entry.escapees.collect();
	const group = signalGroup(entry.pgid, signal);
	const escapees = entry.escapees.signal(signal);
	return group || escapees;
}

/** Cancels every run gracefully and resolves once all of them have settled. */
export async function cancelAllRuns(): Promise<void> {
	const entries = [...registry];
	for (const entry of entries) entry.terminate();
	await Promise.allSettled(entries.map((entry) => entry.settled));
}

/**
 * Replaces the default behaviour of the first SIGINT, SIGTERM or SIGHUP (see the module comment); null
 * restores it. Installs the signal cleanup at once, so the handler is in effect even before the first run.
 */
export function setInterruptHandler(handler: ((signal: NodeJS.Signals) => void) | null): void {
	interruptHandler = handler;
	interruptHandled = false;
	installCleanup();
}

export function runningGroupCount(): number {
	return registry.size;
}

// Never throws: it runs inside exit and signal handlers, where one failure must not spare the other groups.
function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
	try {
		process.kill(-pgid, signal);
		return true;
	} catch (error) {
		// EPERM: a member we may not signal (it changed user); the group still exists.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function installCleanup(): void {
	if (!exitCleanupInstalled) {
		exitCleanupInstalled = true;
		process.on('exit', onExit);
	}
	if (!signalCleanupInstalled) {
		signalCleanupInstalled = true;
		process.on('SIGINT', onInterrupt);
		for (const signal of FATAL_SIGNALS) process.on(signal, onFatalSignal);
	}
}

function uninstallSignalCleanup(): void {
	signalCleanupInstalled = false;
	process.off('SIGINT', onInterrupt);
	for (const signal of FATAL_SIGNALS) process.off(signal, onFatalSignal);
}

function onExit(): void {
	killAllGroups('SIGKILL');
}

function onInterrupt(): void {
	if (interruptHandler) interruptHandler('SIGINT');
	else void shutDownAndReraise('SIGINT');
}

function onFatalSignal(signal: NodeJS.Signals): void {
	if (interruptHandler && !interruptHandled) {
		interruptHandled = true;
		interruptHandler(signal);
	} else {
		void shutDownAndReraise(signal);
	}
}

async function shutDownAndReraise(signal: NodeJS.Signals): Promise<void> {
	if (!shuttingDown) {
		shuttingDown = true;
		let limit: NodeJS.Timeout | undefined;
		await Promise.race([
			cancelAllRuns(),
			new Promise<void>((resolve) => {
				limit = setTimeout(resolve, SHUTDOWN_WAIT_LIMIT_MS);
			}),
		]);
		clearTimeout(limit);
	}
	killAllGroups('SIGKILL');
	// With our listeners gone the signal's default action (or whoever else listens) ends the process.
	uninstallSignalCleanup();
	process.kill(process.pid, signal);
}
