import { createRequire } from 'node:module';

/**
 * React and its reconciler pick their development or production build when first loaded, from NODE_ENV.
 * The development build checks and warns on every render (several times slower per key press), so the UI
 * loads them with NODE_ENV=production unless the user set it. They are CommonJS: required here in one
 * synchronous step, with the variable set only for that step, so no other code runs while it is set (not
 * the audit's load and the git processes it starts meanwhile, not a rerun: they all see the user's
 * environment). Ink's own import later finds the production builds in Node's module cache.
 */
export function loadProductionReact(env: NodeJS.ProcessEnv = process.env): void {
	if (env['NODE_ENV'] !== undefined) return;
	const require = createRequire(import.meta.url);
	// The reconciler and the scheduler are Ink's dependencies: resolved from where Ink is.
	const inkRequire = createRequire(require.resolve('ink'));
	env['NODE_ENV'] = 'production';
	try {
		require('react');
		require('react/jsx-runtime');
		inkRequire('react-reconciler');
		inkRequire('react-reconciler/constants.js');
		// Required by the reconciler only when Ink creates it, and imported by Ink itself.
		inkRequire('scheduler');
	} finally {
		delete env['NODE_ENV'];
	}
}
