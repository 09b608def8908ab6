/**
 * The TUI's sign-off waits for a lock held by another writer as the CLI does, and says so on the status
 * line ("waiting for <holder>…") instead of sitting silent; it lands once the holder lets go.
 */
import test from 'ava';
import { defaultFeatures } from '../../source/ui/effects/features.js';
import { LUMEN_LEDGER } from '../helpers/fixture-repo.js';
import { auditRepo, readTracker } from '../ui/helpers/audit-repo.js';
import { KEYS, renderApp } from '../ui/helpers/render-app.js';
import { holdLock } from './helpers/audit-repo.js';

test.serial('a sign-off from the TUI waiting for a held ledger says who holds it on the status line, then lands', async (t) => {
	const repo = auditRepo(t);
	const app = await renderApp(await repo.load(), { load: repo.load, features: defaultFeatures(), viewport: { columns: 120, rows: 30 } });
	t.teardown(() => app.close());
	await app.press(KEYS.enter, KEYS.enter);
	await app.waitFor((frame) => frame.split('\n')[0] === 'Audit > Gate 0 > G0-001');
	await app.press('s');
	await app.waitFor((frame) => /Records +\S+ at HEAD [0-9a-f]{7} by Ada Reviewer/.test(frame));
	const held = holdLock(repo.root, LUMEN_LEDGER, 'a test holding the ledger');
	t.teardown(held.release);
	await app.press(KEYS.enter);
	const waiting = await app.waitFor((frame) => frame.includes('waiting for pid'));
	t.regex(waiting, new RegExp(`waiting for pid ${process.pid} \\(a test holding the ledger\\)`));
	t.is(readTracker(repo.root).signals.find((signal) => signal.id === 'G0-001')?.signoff, undefined, 'written while the ledger was held');
	held.release();
	await app.waitFor((frame) => frame.includes(`signed G0-001 GO at ${repo.head.slice(0, 7)} as Ada Reviewer`));
	t.like(readTracker(repo.root).signals.find((signal) => signal.id === 'G0-001')?.signoff, { status: 'GO', head: repo.head });
});
