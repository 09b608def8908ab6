// Writes byte chunks to stdout with pauses between them, so the parent receives them as separate reads.
// Arguments: hex byte strings, and `+N` for a pause of N milliseconds, e.g. `e282 +150 ac0a`.
import { setTimeout as delay } from 'node:timers/promises';

for (const argument of process.argv.slice(2)) {
	if (argument.startsWith('+')) await delay(Number(argument.slice(1)));
	else await new Promise((resolve) => process.stdout.write(Buffer.from(argument, 'hex'), resolve));
}
