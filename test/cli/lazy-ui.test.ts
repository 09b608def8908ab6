/**
 * The non-interactive commands must not load Ink or React (start-up time, and no terminal handling when
 * piped). The real binary runs with a preload (test/helpers/record-modules.mjs) that records every module it
 * resolves or requires; a control run proves the recorder does see Ink and React when they are imported.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { copyFixture, emptyRepo, PROJECT_ROOT, type TempRepo } from '../helpers/fixture-repo.js';
import { runBinary } from '../helpers/run-cli.js';

const PRELOAD = fileURLToPath(new URL('../helpers/record-modules.mjs', import.meta.url));
// The views are bundled into dist/ chunks; Ink and React stay external packages, so they show by path.
const UI_MODULE = /\/node_modules\/(ink|react|react-reconciler|react-dom|yoga-layout|@alcalzone\/ink-table|ink-[a-z-]+)\//;

function recorded(file: string): string[] {
	return fs.existsSync(file)
		? fs
				.readFileSync(file, 'utf8')
				.split('\n')
				.filter((line) => line !== '')
		: [];
}

test('the recorder sees Ink and React when a program imports them (control)', async (t) => {
	const scratch = emptyRepo({ git: false, t }).root;
	const log = path.join(scratch, 'modules.log');
	await new Promise<void>((resolve, reject) => {
		execFile(
			process.execPath,
			['--import', PRELOAD, '--input-type=module', '-e', "await import('ink'); await import('react');"],
			{ cwd: PROJECT_ROOT, env: { ...process.env, ARCO_TEST_MODULE_LOG: log } },
			(error) => (error ? reject(error) : resolve()),
		);
	});
	const modules = recorded(log);
	t.true(modules.some((url) => /\/node_modules\/ink\//.test(url)));
	t.true(modules.some((url) => /\/node_modules\/react\//.test(url)));
});

const COMMANDS = [['status'], ['status', '--json'], ['check', '--json'], ['matrix'], ['matrix', '--all', '--json'], ['signal', 'G1-001'], ['--help'], []];

// The commands only read, so they share one copy.
let repo: TempRepo;
test.before(() => {
	repo = copyFixture('lumen-audit');
});
test.after.always(() => repo?.cleanup());

for (const argv of COMMANDS) {
	test(`\`${['arco-review', ...argv].join(' ')}\` (not a terminal) loads neither Ink nor React`, async (t) => {
		const log = path.join(emptyRepo({ git: false, t }).root, 'modules.log');
		const result = await runBinary(argv, { cwd: repo.root, env: { ARCO_TEST_MODULE_LOG: log }, nodeArgs: ['--import', PRELOAD] });
		t.true(result.code === 0 || (argv[0] === 'check' && result.code === 1), `exit ${result.code}: ${result.stderr}`);
		const modules = recorded(log);
		t.true(
			modules.some((url) => url.endsWith('/dist/cli.js')),
			'the recorder saw nothing of the program',
		);
		t.deepEqual(
			modules.filter((url) => UI_MODULE.test(url)),
			[],
		);
	});
}
