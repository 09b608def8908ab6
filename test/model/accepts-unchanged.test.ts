/**
 * The tracker loader's fast "yes": a predicate derived from the zod schema that says yes only when zod
 * would accept the value and give it back unchanged. Checked against zod itself on real trackers and on
 * thousands of mutations of them, so a yes the schema would refuse cannot slip through.
 */
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { z } from 'zod';
import { acceptsUnchanged, isDerivable } from '../../source/json/accepts-unchanged.js';
import { trackerSchema } from '../../source/tracker/schema.js';
import { PROJECT_ROOT } from '../helpers/fixture-repo.js';
import { sharedFixtures } from '../helpers/shared-fixtures.js';

const isTracker = acceptsUnchanged(trackerSchema);

function trackerFiles(): string[] {
	const roots = [path.join(PROJECT_ROOT, 'test', 'fixtures', 'lumen-audit'), path.join(PROJECT_ROOT, 'evidence')];
	const shared = sharedFixtures();
	if (shared !== null) roots.push(...fs.readdirSync(shared).map((name) => path.join(shared, name)));
	const found: string[] = [];
	const walk = (directory: string): void => {
		for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
			const full = path.join(directory, entry.name);
			if (entry.isDirectory() && entry.name !== '.git' && entry.name !== 'node_modules') walk(full);
			else if (entry.isFile() && entry.name === 'gate-tracker.json') found.push(full);
		}
	};
	for (const root of roots) if (fs.existsSync(root)) walk(root);
	return found;
}

function agreesWithZod(value: unknown): { fast: boolean; zod: boolean; sameOutput: boolean } {
	const result = trackerSchema.safeParse(value);
	return {
		fast: isTracker(value),
		zod: result.success,
		sameOutput: result.success && JSON.stringify(sortKeys(result.data)) === JSON.stringify(sortKeys(value)),
	};
}

// zod's copy puts the schema's keys first; the values are what must be equal.
function sortKeys(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(sortKeys);
	if (value === null || typeof value !== 'object') return value;
	return Object.fromEntries(
		Object.keys(value)
			.sort()
			.map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
	);
}

test('the tracker schema is understood in full: the fast path is on', (t) => {
	t.true(isDerivable(trackerSchema));
});

test('every real tracker zod accepts is accepted as it is, value for value, and the others are left to zod', (t) => {
	let accepted = 0;
	for (const file of trackerFiles()) {
		const verdict = agreesWithZod(JSON.parse(fs.readFileSync(file, 'utf8')));
		t.is(verdict.fast, verdict.zod, file);
		t.is(verdict.sameOutput, verdict.zod, file);
		if (verdict.zod) accepted += 1;
	}
	t.true(accepted >= 2, `trackers accepted: ${accepted}`);
});

// Small deterministic generator: the same mutations on every run.
function generator(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state * 1664525 + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
}

const REPLACEMENTS: unknown[] = [null, '', 'GO', 0, -1, 1.5, 2 ** 53, true, false, [], ['x'], [1], {}, { id: 'x' }, undefined];

/** Every path to a value inside `root`. */
function paths(root: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
	if (root === null || typeof root !== 'object') return [prefix];
	const children = Array.isArray(root) ? root.map((_, index) => index) : Object.keys(root);
	return [prefix, ...children.flatMap((key) => paths((root as Record<string | number, unknown>)[key], [...prefix, key]))];
}

function mutate(value: unknown, at: Array<string | number>, replacement: unknown): unknown {
	const copy = structuredClone(value);
	if (at.length === 0) return replacement;
	let parent = copy as Record<string | number, unknown>;
	for (const key of at.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
	const last = at[at.length - 1] as string | number;
	if (replacement === undefined && !Array.isArray(parent)) delete parent[last];
	else parent[last] = replacement;
	return copy;
}

test('on thousands of mutated trackers the fast path never says yes where zod says no, and a yes means zod gives the value back', (t) => {
	const base = JSON.parse(
		fs.readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'lumen-audit', 'docs', 'audits', '2026-03-02-lumen-readiness', 'gate-tracker.json'), 'utf8'),
	);
	// A sign-off and a block on the fixture too, so their schemas are exercised.
	base.signals[0].signoff = {
		status: 'GO',
		reviewer: { name: 'R', email: 'r@example.invalid' },
		signed_at: '2026-03-02T00:00:00Z',
		head: 'a'.repeat(40),
		dirty: false,
		note: 'n',
		evidence: [{ path: 'x', sha256: 'b'.repeat(64) }],
		extra: 1,
	};
	base.signals[1].blocked = { owner: 'Ops', until: '2026-04-01' };
	t.deepEqual(agreesWithZod(base), { fast: true, zod: true, sameOutput: true });
	const random = generator(13);
	const all = paths(base);
	let refused = 0;
	for (let round = 0; round < 3000; round += 1) {
		const at = all[Math.floor(random() * all.length)] ?? [];
		const replacement = REPLACEMENTS[Math.floor(random() * REPLACEMENTS.length)];
		const value = mutate(base, at, replacement);
		const verdict = agreesWithZod(value);
		if (verdict.fast)
			t.true(verdict.zod && verdict.sameOutput, `fast yes but zod ${verdict.zod ? 'changed it' : 'refused'}: ${at.join('.')} = ${JSON.stringify(replacement)}`);
		// Every value zod refuses is refused here too; values zod accepts may take the slow path, but not these.
		if (verdict.zod) t.true(verdict.fast, `zod accepts ${at.join('.')} = ${JSON.stringify(replacement)} but the fast path did not`);
		if (!verdict.zod) refused += 1;
	}
	t.true(refused > 500, `mutations zod refused: ${refused}`);
});

test('parts it does not understand make the predicate say no, so zod decides', (t) => {
	const transformed = z.looseObject({ a: z.string().transform((text) => text.length) });
	const stripping = z.object({ a: z.string() });
	const emailed = z.object({ a: z.email() });
	const trimmed = z.object({ a: z.string().trim() });
	const defaulted = z.object({ a: z.string().default('x') });
	t.false(isDerivable(transformed));
	t.false(acceptsUnchanged(transformed)({ a: 'x' }));
	t.false(isDerivable(emailed));
	t.false(acceptsUnchanged(emailed)({ a: 'a@example.invalid' }));
	t.false(isDerivable(trimmed));
	t.false(isDerivable(defaulted));
	t.false(isDerivable(z.object({ a: z.union([z.string(), z.number()]) })));
	// A plain object strips unknown keys: the value comes back unchanged only without them.
	t.true(acceptsUnchanged(stripping)({ a: 'x' }));
	t.false(acceptsUnchanged(stripping)({ a: 'x', b: 1 }));
	t.false(acceptsUnchanged(z.looseObject({ id: z.number().int().nonnegative() }))({ id: 1.5 }));
	t.false(acceptsUnchanged(z.looseObject({ id: z.number().int().nonnegative() }))({ id: -1 }));
	t.true(acceptsUnchanged(z.looseObject({ id: z.number().int().nonnegative() }))({ id: 0, more: [1] }));
});
