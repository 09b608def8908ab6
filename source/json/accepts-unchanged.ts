import type { z } from 'zod';

/**
 * A fast "yes" derived from a zod schema: `acceptsUnchanged(schema)` compiles the schema once into a plain
 * predicate that is true only when zod would accept a JSON value and give it back unchanged (no defaults,
 * transforms, coercion or stripped keys). zod copies every object it parses and keeps an issue list per
 * value, one of the largest costs of loading a 10,000-signal tracker; the predicate allocates nothing.
 * Callers ask the predicate first and run zod only when it says no, so zod still decides every refusal and
 * words every message, and the schema is written once.
 *
 * The predicate may say no where zod says yes (a check with a `when`, a part of zod this file does not
 * know: the caller then simply runs zod), never yes where zod says no. `isDerivable` tells a test whether
 * a schema is understood in full, so a zod upgrade that changes its definitions cannot silently turn the
 * fast path off.
 */
export type Acceptor<T> = (value: unknown) => value is T;

type Check = (value: unknown) => boolean;

const NEVER: Check = () => false;
const ALWAYS: Check = () => true;

/** The compiled predicate; `NEVER` (zod decides every time) when some part of the schema is not understood. */
export function acceptsUnchanged<S extends z.ZodType>(schema: S): Acceptor<z.output<S>> {
	return (compile(schema) ?? NEVER) as Acceptor<z.output<S>>;
}

/** Whether every part of the schema is understood, so the predicate can say yes at all. */
export function isDerivable(schema: z.ZodType): boolean {
	return compile(schema) !== null;
}

// A zod 4 schema and its checks as their definitions (`_zod.def`, what zod documents for library authors) show them.
interface SchemaLike {
	_zod: { def: { type: string; checks?: ReadonlyArray<{ _zod: { def: CheckDef } }> } & Record<string, unknown> };
}
interface CheckDef {
	check: string;
	minimum?: number;
	value?: unknown;
	inclusive?: boolean;
	format?: string;
}

function compile(schema: SchemaLike | z.ZodType): Check | null {
	const def = (schema as SchemaLike)._zod.def;
	// A definition with anything more (a string format, coercion, a default) means something this file does not check.
	if (!onlyKeys(def, ALLOWED_KEYS[def.type])) return null;
	switch (def.type) {
		case 'string':
			return withChecks((value) => typeof value === 'string', def.checks);
		case 'number':
			return withChecks((value) => typeof value === 'number' && Number.isFinite(value), def.checks);
		case 'boolean':
			return (value) => typeof value === 'boolean';
		case 'unknown':
		case 'any':
			return ALWAYS;
		case 'literal':
			return literal(def['values']);
		case 'optional': {
			const inner = compile(def['innerType'] as SchemaLike);
			return inner === null ? null : (value) => value === undefined || inner(value);
		}
		case 'array':
			return array(compile(def['element'] as SchemaLike));
		case 'object':
			return object(def['shape'] as Record<string, SchemaLike>, def['catchall'] as SchemaLike | undefined);
		default:
			return null;
	}
}

// The definition keys each understood type may have (`error` only words a message); checks only where listed.
const ALLOWED_KEYS: Record<string, readonly string[]> = {
	string: ['type', 'error', 'checks'],
	number: ['type', 'error', 'checks'],
	boolean: ['type', 'error'],
	unknown: ['type', 'error'],
	any: ['type', 'error'],
	literal: ['type', 'error', 'values'],
	optional: ['type', 'error', 'innerType'],
	array: ['type', 'error', 'element'],
	object: ['type', 'error', 'shape', 'catchall'],
};

function onlyKeys(def: Record<string, unknown>, allowed: readonly string[] | undefined): boolean {
	if (allowed === undefined) return false;
	for (const key of Object.keys(def)) {
		const value = def[key];
		if (value === undefined || allowed.includes(key)) continue;
		// An empty list of checks is no check.
		if (key === 'checks' && Array.isArray(value) && value.length === 0) continue;
		return false;
	}
	return true;
}

function literal(values: unknown): Check | null {
	if (!Array.isArray(values) || !values.every((item) => ['string', 'number', 'boolean'].includes(typeof item) || item === null)) return null;
	const allowed = new Set<unknown>(values);
	return (value) => allowed.has(value);
}

function array(element: Check | null): Check | null {
	if (element === null) return null;
	return (value) => {
		if (!Array.isArray(value)) return false;
		for (let index = 0; index < value.length; index += 1) if (!element(value[index])) return false;
		return true;
	};
}

function object(shape: Record<string, SchemaLike>, catchall: SchemaLike | undefined): Check | null {
	const keys = Object.keys(shape);
	const checks: Check[] = [];
	for (const key of keys) {
		const check = compile(shape[key] as SchemaLike);
		if (check === null) return null;
		checks.push(check);
	}
	// A loose object keeps unknown keys; a plain or strict one gives them back only when there are none.
	const catchallType = catchall?._zod.def.type;
	const keepsUnknownKeys = catchallType === 'unknown' || catchallType === 'any';
	if (catchall !== undefined && !keepsUnknownKeys && catchallType !== 'never') return null;
	const known = new Set(keys);
	return (value) => {
		if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
		const record = value as Record<string, unknown>;
		for (let index = 0; index < keys.length; index += 1) {
			const key = keys[index] as string;
			if (!(checks[index] as Check)(Object.hasOwn(record, key) ? record[key] : undefined)) return false;
		}
		if (keepsUnknownKeys) return true;
		for (const key in record) if (!known.has(key)) return false;
		return true;
	};
}

function withChecks(base: Check, checks: SchemaLike['_zod']['def']['checks']): Check | null {
	const parts: Check[] = [base];
	for (const check of checks ?? []) {
		const part = checkOf(check._zod.def);
		if (part === null) return null;
		parts.push(part);
	}
	if (parts.length === 1) return base;
	return (value) => {
		for (let index = 0; index < parts.length; index += 1) if (!(parts[index] as Check)(value)) return false;
		return true;
	};
}

function checkOf(def: CheckDef): Check | null {
	switch (def.check) {
		case 'min_length': {
			const minimum = def.minimum;
			return typeof minimum === 'number' ? (value) => (value as string).length >= minimum : null;
		}
		case 'greater_than': {
			const bound = def.value;
			if (typeof bound !== 'number') return null;
			return def.inclusive ? (value) => (value as number) >= bound : (value) => (value as number) > bound;
		}
		case 'less_than': {
			const bound = def.value;
			if (typeof bound !== 'number') return null;
			return def.inclusive ? (value) => (value as number) <= bound : (value) => (value as number) < bound;
		}
		case 'number_format':
			return def.format === 'safeint' ? (value) => Number.isSafeInteger(value) : null;
		default:
			return null;
	}
}
