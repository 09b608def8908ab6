/**
 * Test helpers for asking whether a process group still has living members.
 *
 * `process.kill(-pgid, 0)` is not enough on its own: killed grandchildren are re-parented to PID 1, and
 * where PID 1 does not reap (minimal containers and VMs, including this project's CI sandbox) they stay
 * zombies, which the kernel still counts as group members. A zombie runs nothing, so on Linux the
 * members are read from /proc and zombies are left out.
 */

import { readdirSync, readFileSync } from 'node:fs';

/** Pids of the group's members that are not zombies. */
export function livingMembers(pgid: number): number[] {
	let entries: string[];
	try {
		entries = readdirSync('/proc');
	} catch {
		return groupSignalable(pgid) ? [pgid] : [];
	}
	const living: number[] = [];
	for (const entry of entries) {
		if (!/^\d+$/.test(entry)) continue;
		let stat: string;
		try {
			stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
		} catch {
			continue; // exited while we looked
		}
		// Fields after the command name, which is in parentheses and may itself hold spaces or ')'.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const state = fields[0];
		const processGroup = Number(fields[2]);
		if (processGroup === pgid && state !== 'Z' && state !== 'X') living.push(Number(entry));
	}
	return living;
}

function groupSignalable(pgid: number): boolean {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch {
		return false;
	}
}

interface ProcessStat {
	pid: number;
	ppid: number;
	pgid: number;
	state: string;
	command: string;
}

function readStat(pid: number): ProcessStat | null {
	let stat: string;
	try {
		stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	} catch {
		return null;
	}
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
	return { pid, ppid: Number(fields[1]), pgid: Number(fields[2]), state: fields[0] ?? '', command };
}

/** Whether the process runs (exists and is not a zombie). Linux /proc only. */
export function isRunning(pid: number): boolean {
	const stat = readStat(pid);
	return stat !== null && stat.state !== 'Z' && stat.state !== 'X';
}

/** Every living descendant of `pid` by parent links, with its process group and command name. */
export function livingDescendants(pid: number): ProcessStat[] {
	const all = readdirSync('/proc')
		.filter((entry) => /^\d+$/.test(entry))
		.map((entry) => readStat(Number(entry)))
		.filter((stat): stat is ProcessStat => stat !== null && stat.state !== 'Z' && stat.state !== 'X');
	const found: ProcessStat[] = [];
	const pending = [pid];
	while (pending.length > 0) {
		const parent = pending.pop();
		for (const child of all.filter((stat) => stat.ppid === parent)) {
			found.push(child);
			pending.push(child.pid);
		}
	}
	return found;
}
