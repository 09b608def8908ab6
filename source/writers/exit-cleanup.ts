/**
 * Synchronous clean-ups (lock files, temp files) that must run however this process ends while a write
 * is in progress: on `exit`, and on SIGINT, SIGTERM and SIGHUP, which otherwise end a Node process
 * without running `finally` blocks (git likewise removes its `index.lock` on these signals).
 *
 * The signal listeners are installed only while a clean-up is registered, so the signals keep their
 * default behaviour the rest of the time. On a signal every clean-up runs, our listeners are removed,
 * and the signal is raised again when nobody else listens for it, so the process still dies of it and
 * its exit status says so. When someone else listens (the TUI's terminal restore, the runner's process
 * groups) the decision is theirs; the clean-ups have revoked the locks, so a write still in progress
 * stops before its next replace.
 *
 * signal-exit does this too, but it patches `process.emit` and `process.reallyExit` for every module of
 * the process; these few lines do only what the writers need.
 */

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const cleanups = new Set<() => void>();
let installed = false;

/** Runs `cleanup` (synchronous, must not throw) if the process exits or is signalled before the returned function is called. */
export function onAbruptExit(cleanup: () => void): () => void {
	cleanups.add(cleanup);
	install();
	return () => {
		cleanups.delete(cleanup);
		if (cleanups.size === 0) uninstall();
	};
}

function runAll(): void {
	const pending = [...cleanups];
	cleanups.clear();
	for (const cleanup of pending) {
		try {
			cleanup();
		} catch {
			// One failed clean-up must not keep the others from running.
		}
	}
}

function onSignal(signal: NodeJS.Signals): void {
	runAll();
	uninstall();
	if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function install(): void {
	if (installed) return;
	installed = true;
	process.on('exit', runAll);
	for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
	if (!installed) return;
	installed = false;
	process.off('exit', runAll);
	for (const signal of SIGNALS) process.off(signal, onSignal);
}
