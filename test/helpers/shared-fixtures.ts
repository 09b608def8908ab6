/**
 * The real audit snapshots in ../shared/fixtures. When that folder is absent, tests that need it fail under
 * CI (CI=true), and are skipped with a notice elsewhere.
 */
import fs from 'node:fs';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { PROJECT_ROOT } from './fixture-repo.js';

/** ../shared/fixtures next to the project; ARCO_TEST_SHARED_FIXTURES points elsewhere (e.g. to check the skip path). */
export const SHARED_FIXTURES = process.env['ARCO_TEST_SHARED_FIXTURES'] || path.resolve(PROJECT_ROOT, '..', 'shared', 'fixtures');

/** ../shared/fixtures when it exists, else null. */
export function sharedFixtures(): string | null {
	return fs.existsSync(SHARED_FIXTURES) && fs.statSync(SHARED_FIXTURES).isDirectory() ? SHARED_FIXTURES : null;
}

const MISSING = `the shared fixtures folder ../shared/fixtures (${SHARED_FIXTURES}) is missing`;
let noticeRegistered = false;

/** Registers a test that needs one folder of ../shared/fixtures; `run` gets its absolute path. */
export function sharedTest(title: string, folder: string, run: (t: ExecutionContext, fixture: string) => Promise<void> | void): void {
	const base = sharedFixtures();
	const fixture = base === null ? null : path.join(base, folder);
	if (fixture !== null && fs.existsSync(fixture)) {
		test(title, (t) => run(t, fixture));
		return;
	}
	const what = fixture === null ? MISSING : `${fixture} is missing`;
	if (process.env['CI'] === 'true') {
		test(title, (t) => {
			t.fail(`${what}; CI needs it: check out the shared folder next to the project`);
		});
		return;
	}
	test.skip(title, () => {});
	if (!noticeRegistered) {
		noticeRegistered = true;
		const notice = `skipped: tests on the real audit snapshots did not run because ${what} (CI=true makes this a failure)`;
		console.log(notice);
		test('shared fixtures notice', (t) => {
			t.log(notice);
			t.pass();
		});
	}
}
