import { benchStatus } from './status.bench.js';

// Each benchmark reports ratios against a baseline measured in the same run, never a bare timing.
const suites: Array<[string, () => string[] | Promise<string[]>]> = [
	['status', benchStatus],
	['rerun', async () => (await import('./rerun.bench.js')).benchRerun()],
	['tui', async () => (await import('./tui-keypress.js')).benchTuiKeypress()],
	['tui-flood', async () => (await import('./tui-flood.js')).benchTuiFlood()],
	['signoff', async () => (await import('./signoff.bench.js')).benchSignoff()],
];

const only = process.argv.slice(2);
for (const [name, run] of suites) {
	if (only.length > 0 && !only.includes(name)) continue;
	process.stdout.write(`## ${name}\n`);
	for (const line of await run()) process.stdout.write(`${line}\n`);
}
