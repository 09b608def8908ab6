import { UserError } from '../errors.js';
import { findJsonProblems, formatJsonProblem, mayHaveDuplicateKeys, withoutByteOrderMark } from './strict-json.js';

export interface JsonPosition {
	line: number;
	column: number;
}

/** 1-based line and column of a character offset. */
export function positionAt(text: string, offset: number): JsonPosition {
	let line = 1;
	let lineStart = 0;
	for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
		line += 1;
		lineStart = index + 1;
	}
	return { line, column: offset - lineStart + 1 };
}

/**
 * Parses strict JSON for the loader: syntax errors and duplicate keys (which JSON.parse silently resolves)
 * become a UserError reading `file:line:column: message`. JSON.parse and a count of keys decide; the
 * full visitor runs only to say where a problem is.
 */
export function parseJsonOrRefuse(withBom: string, displayPath: string): unknown {
	const text = withoutByteOrderMark(withBom);
	let value: unknown;
	try {
		value = JSON.parse(text) as unknown;
	} catch (error) {
		const [problem] = findJsonProblems(text);
		if (problem) throw new UserError(`${formatJsonProblem(displayPath, problem)} (invalid JSON)`);
		// jsonc-parser accepts a few things JSON.parse does not (e.g. raw control characters in strings).
		throw new UserError(`${displayPath}: invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
	}
	if (mayHaveDuplicateKeys(text, value)) {
		const [problem] = findJsonProblems(text);
		if (problem) throw new UserError(`${formatJsonProblem(displayPath, problem)} (invalid JSON)`);
	}
	return value;
}
