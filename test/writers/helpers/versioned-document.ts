/**
 * Documents whose every version is predictable, so a test can tell a complete old or new version
 * from a torn one. The payload is large enough that a partial write would be cut short.
 */

import { parseJsonStrict } from '../../../source/json/strict-json.js';
import { setJsonValues } from '../../../source/writers/json-edit.js';

const PAYLOAD_REPEAT = 20_000;

export function payloadFor(sequence: number): string {
	return `${sequence}:${'0123456789'.repeat(PAYLOAD_REPEAT)}`;
}

export function initialDocument(): string {
	return `{\n\t"schema": "1.0e3 test",\n\t"seq": 0,\n\t"big": 12345678901234567890,\n\t"payload": ${JSON.stringify(payloadFor(0))}\n}\n`;
}

/** The exact bytes of version `sequence`: the initial document with only seq and payload edited. */
export function documentAt(sequence: number): string {
	return setJsonValues(initialDocument(), [
		{ path: ['seq'], value: sequence },
		{ path: ['payload'], value: payloadFor(sequence) },
	]);
}

export function sequenceOf(text: string): number {
	const parsed = parseJsonStrict(text);
	if (!parsed.ok) throw new Error(`not strict JSON: ${parsed.problems[0]?.message ?? ''}`);
	const { seq } = parsed.value as { seq: unknown };
	if (typeof seq !== 'number') throw new Error('seq is not a number');
	return seq;
}

/** The transform every writer in the tests applies: the next version after the current one. */
export function nextVersion(current: string): string {
	const sequence = sequenceOf(current);
	return setJsonValues(current, [
		{ path: ['seq'], value: sequence + 1 },
		{ path: ['payload'], value: payloadFor(sequence + 1) },
	]);
}
