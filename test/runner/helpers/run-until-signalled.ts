/**
 * Child process for the process-wide cleanup tests. Starts a run whose shell has a grandchild, prints
 * `{"pgid": N}` once the group is populated, then waits to be signalled (or exits on its own, per mode).
 *
 * Usage: node --import=tsx run-until-signalled.ts <mode> <logPath>
 *   wait               do nothing special: the test sends SIGTERM, SIGHUP or SIGINT
 *   interrupt-handler  install a SIGINT handler that cancels, prints the outcome and exits 130 (the CLI's contract)
 *   exit               call process.exit(3) while the run is going
 */

import { setTimeout as delay } from 'node:timers/promises';
import { setInterruptHandler, startRun } from '../../../source/runner/index.js';
import { livingMembers } from './process-group.js';

const [mode, logPath] = process.argv.slice(2);
if (!mode || !logPath) throw new Error('usage: run-until-signalled.ts <mode> <logPath>');

const handle = startRun({ command: "sh -c 'sleep 30' & sleep 30", cwd: process.cwd(), logPath, graceMs: 500 });

if (mode === 'interrupt-handler') {
	setInterruptHandler(() => {
		handle.cancel();
		void handle.done.then((result) => {
			process.stdout.write(`${JSON.stringify({ outcome: result.outcome.kind })}\n`);
			process.exit(130);
		});
	});
}

while (handle.pid === undefined || livingMembers(handle.pid).length < 3) await delay(20);
process.stdout.write(`${JSON.stringify({ pgid: handle.pid })}\n`);

if (mode === 'exit') process.exit(3);
