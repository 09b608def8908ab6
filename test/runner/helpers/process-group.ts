/**
 * Test helpers for asking whether a process group still has living members.
 *
 * `process.kill(-pgid, 0)` is not enough on its own: killed grandchildren are re-parented to PID 1, and
 * where PID 1 does not reap (minimal containers and VMs, including this project's CI sandbox) they stay
 * zombies, which the kernel still counts as group members. A zombie runs nothing, so on Linux the
 * members are read from /proc and zombies are left out.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

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

/** Waits until the group has no living member or `timeoutMs` passed; returns the members still living. */
export async function waitForGroupGone(pgid: number, timeoutMs: number): Promise<number[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const living = livingMembers(pgid);
		if (living.length === 0 || Date.now() >= deadline) return living;
		await delay(50);
	}
}
