/**
 * The processes a run started that left its process group: `setsid cmd &`, a daemon that double-forks
 * into a session of its own. Signalling the group (`kill(-pgid)`) does not reach them, so on Linux they
 * are found in /proc and signalled one by one:
 * - by parent links, walked down from the group's leader while it is alive (before anything is signalled,
 *   since a dead parent's children are re-parented and the links are gone);
 * - by a marker in their environment (ARCO_REVIEW_RUNS, inherited by every descendant that keeps its
 *   environment), which still finds them after their parent died, e.g. once the shell exited on its own.
 * Each is remembered with its start time, so a pid the system reused later is never signalled.
 * Elsewhere (no /proc) the group is all there is, as before.
 */

import fs from 'node:fs';

/** Environment variable listing the runs a process descends from (colon-separated tokens, outermost first). */
export const RUN_MARKER_VARIABLE = 'ARCO_REVIEW_RUNS';

interface ProcessInfo {
	pid: number;
	ppid: number;
	pgid: number;
	/** Single-letter state from /proc/<pid>/stat (`Z` zombie, `X` dead). */
	state: string;
	/** Start time in clock ticks since boot: with the pid, it names one process for its whole life. */
	startTime: string;
}

/** The run's marker added to the inherited one, for the environment of the run's shell. */
export function markerValue(inherited: string | undefined, token: string): string {
	return inherited ? `${inherited}:${token}` : token;
}

/** Processes that left a group and are tracked so they can be signalled with it. */
export class Escapees {
	readonly #pgid: number;
	readonly #marker: string;
	readonly #known = new Map<number, string>();
	// The leader's start time: its parent links are only walked while that same process is alive.
	readonly #leaderStart: string | null;

	constructor(pgid: number, marker: string) {
		this.#pgid = pgid;
		this.#marker = marker;
		this.#leaderStart = readProcess(pgid)?.startTime ?? null;
	}

	/**
	 * Looks for new escapees: descendants of the leader by parent links, and processes carrying the run's
	 * marker, outside the group. Without /proc, or when reading it fails, it finds nothing: the group alone is
	 * what is known then.
	 */
	collect(): void {
		try {
			this.#collect();
		} catch {
			// Reading /proc failed: nothing new is tracked.
		}
	}

	#collect(): void {
		const table = readProcessTable();
		if (table === null) return;
		const children = new Map<number, ProcessInfo[]>();
		for (const info of table.values()) {
			const siblings = children.get(info.ppid);
			if (siblings) siblings.push(info);
			else children.set(info.ppid, [info]);
		}
		const leader = table.get(this.#pgid);
		const pending = leader !== undefined && leader.startTime === this.#leaderStart && !isGone(leader.state) ? [this.#pgid] : [];
		const seen = new Set<number>();
		while (pending.length > 0) {
			const pid = pending.pop() as number;
			if (seen.has(pid)) continue;
			seen.add(pid);
			for (const child of children.get(pid) ?? []) {
				pending.push(child.pid);
				this.#track(child);
			}
		}
		// Only what started after the leader can descend from it: older processes' environments are not read.
		const since = this.#leaderStart === null ? 0 : Number(this.#leaderStart);
		for (const info of table.values()) {
			if (info.pgid === this.#pgid || this.#known.has(info.pid) || Number(info.startTime) < since) continue;
			if (carriesMarker(info.pid, this.#marker)) this.#track(info);
		}
	}

	/** Sends `signal` to every tracked escapee still alive (the same process, not a reused pid); whether there was one. */
	signal(signal: NodeJS.Signals): boolean {
		const living = this.#living();
		for (const pid of living) {
			try {
				process.kill(pid, signal);
			} catch {
				// Gone meanwhile, or not ours to signal.
			}
		}
		return living.length > 0;
	}

	/** Whether a tracked escapee is still running (zombies run nothing). */
	anyAlive(): boolean {
		return this.#living().length > 0;
	}

	#track(info: ProcessInfo): void {
		if (info.pgid === this.#pgid || isGone(info.state)) return;
		this.#known.set(info.pid, info.startTime);
	}

	#living(): number[] {
		const living: number[] = [];
		for (const [pid, startTime] of this.#known) {
			const info = readProcess(pid);
			if (info === null || info.startTime !== startTime || isGone(info.state)) this.#known.delete(pid);
			else living.push(pid);
		}
		return living;
	}
}

function isGone(state: string): boolean {
	return state === 'Z' || state === 'X';
}

/** Every process in /proc, or null when there is no /proc (not Linux). */
function readProcessTable(): Map<number, ProcessInfo> | null {
	let entries: string[];
	try {
		entries = fs.readdirSync('/proc');
	} catch {
		return null;
	}
	const table = new Map<number, ProcessInfo>();
	for (const entry of entries) {
		if (entry.charCodeAt(0) < 0x30 || entry.charCodeAt(0) > 0x39) continue;
		const info = readProcess(Number(entry));
		if (info !== null) table.set(info.pid, info);
	}
	return table;
}

function readProcess(pid: number): ProcessInfo | null {
	let stat: string;
	try {
		stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
	} catch {
		return null;
	}
	// The command name is in parentheses and may itself hold spaces or ')': fields start after the last one.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const state = fields[0] ?? '';
	const ppid = Number(fields[1]);
	const pgid = Number(fields[2]);
	const startTime = fields[19] ?? '';
	if (!Number.isInteger(ppid) || !Number.isInteger(pgid) || startTime === '') return null;
	return { pid, ppid, pgid, state, startTime };
}

function carriesMarker(pid: number, marker: string): boolean {
	let environment: string;
	try {
		environment = fs.readFileSync(`/proc/${pid}/environ`, 'latin1');
	} catch {
		return false;
	}
	const prefix = `${RUN_MARKER_VARIABLE}=`;
	for (const variable of environment.split('\0')) {
		if (variable.startsWith(prefix)) return variable.slice(prefix.length).split(':').includes(marker);
	}
	return false;
}
