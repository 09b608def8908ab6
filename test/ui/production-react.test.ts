/**
 * The UI runs production React without anything else seeing NODE_ENV=production: not the audit's load,
 * which runs meanwhile and starts git processes, not a rerun. Checked in a fresh process (the module cache
 * decides which build is used), with code running on every turn of the event loop while the UI loads.
 */
import { execFile } from 'node:child_process';
import test from 'ava';
import { PROJECT_ROOT } from '../helpers/fixture-repo.js';

const SCRIPT = `
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { loadProductionReact } from './source/ui/effects/production-react.ts';
const seen = new Set();
const children = new Set();
let loading = true;
// What other work sees while the UI loads: this process's environment, and a child process's.
const watch = () => {
	seen.add(String(process.env.NODE_ENV));
	if (!loading) return;
	children.add(execFileSync('sh', ['-c', 'echo "[$NODE_ENV]"'], { encoding: 'utf8' }).trim());
	setImmediate(watch);
};
watch();
await Promise.resolve().then(() => {
	loadProductionReact();
	return Promise.all([import('ink'), import('react')]);
});
loading = false;
// Run, not only resolved: importing CommonJS from an ES module makes Node look at every file it could re-export.
const loaded = Object.values(createRequire(import.meta.url).cache).flatMap((module) => (module?.loaded ? [module.filename] : []));
console.log(JSON.stringify({ seen: [...seen], children: [...children], after: process.env.NODE_ENV ?? null, loaded }));
`;

test('React and its reconciler load as production builds; nothing running meanwhile sees NODE_ENV', async (t) => {
	const { NODE_ENV: _nodeEnv, ...env } = process.env;
	const output = await new Promise<string>((resolve, reject) => {
		execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], { cwd: PROJECT_ROOT, env }, (error, stdout) =>
			error ? reject(error) : resolve(stdout),
		);
	});
	const result = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as { seen: string[]; children: string[]; after: string | null; loaded: string[] };
	t.deepEqual(result.seen, ['undefined']);
	t.deepEqual(result.children, ['[]']);
	t.is(result.after, null);
	t.true(result.loaded.some((file) => file.endsWith('/react/cjs/react.production.js')));
	t.true(result.loaded.some((file) => file.endsWith('/react-reconciler/cjs/react-reconciler.production.js')));
	t.false(
		result.loaded.some((file) => /\.development\.js$/.test(file)),
		result.loaded.filter((file) => file.includes('development')).join('\n'),
	);
});

test('a NODE_ENV the user set is left alone', async (t) => {
	const output = await new Promise<string>((resolve, reject) => {
		execFile(
			process.execPath,
			[
				'--import',
				'tsx',
				'--input-type=module',
				'-e',
				"import { loadProductionReact } from './source/ui/effects/production-react.ts'; loadProductionReact(); console.log(process.env.NODE_ENV);",
			],
			{ cwd: PROJECT_ROOT, env: { ...process.env, NODE_ENV: 'development' } },
			(error, stdout) => (error ? reject(error) : resolve(stdout)),
		);
	});
	t.is(output.trim(), 'development');
});
