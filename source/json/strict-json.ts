/**
 * Strict JSON parsing for files people edit by hand. `JSON.parse` silently keeps the last of two
 * duplicate keys and reports errors as a byte offset; this reports every duplicate key and syntax
 * error with a 1-based line:column. Comments and trailing commas are errors (the files are JSON, not
 * JSONC). Standalone on purpose: the loader and the writers share it.
 *
 * Numbers become JavaScript numbers, so integers above 2^53 lose precision in `value`; edit such
 * files with json-edit.ts, which never re-serialises values it did not change.
 */
import { type ParseError, type ParseOptions, parse, printParseErrorCode, visit } from 'jsonc-parser';

export interface JsonProblem {
	/** `duplicate-key` or a jsonc-parser error name such as `CommaExpected`. */
	code: string;
	message: string;
	/** 1-based. */
	line: number;
	/** 1-based, in UTF-16 code units. */
	column: number;
	/** 0-based offset in the text. */
	offset: number;
}

export type StrictJsonResult = { ok: true; value: unknown } | { ok: false; problems: JsonProblem[] };

const STRICT: ParseOptions = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

const MESSAGES: Record<string, string> = {
	InvalidSymbol: 'unexpected character',
	InvalidNumberFormat: 'invalid number',
	PropertyNameExpected: 'property name expected',
	ValueExpected: 'value expected',
	ColonExpected: 'colon expected',
	CommaExpected: 'comma expected',
	CloseBraceExpected: "'}' expected",
	CloseBracketExpected: "']' expected",
	EndOfFileExpected: 'end of file expected',
	InvalidCommentToken: 'comments are not allowed in JSON',
	UnexpectedEndOfComment: 'unterminated comment',
	UnexpectedEndOfString: 'unterminated string',
	UnexpectedEndOfNumber: 'unterminated number',
	InvalidUnicode: 'invalid unicode escape',
	InvalidEscapeCharacter: 'invalid escape character',
	InvalidCharacter: 'invalid character in string',
};

/** Parses JSON, reporting duplicate keys and syntax errors instead of guessing. */
export function parseJsonStrict(withBom: string): StrictJsonResult {
	const text = withoutByteOrderMark(withBom);
	const problems = findJsonProblems(text);
	if (problems.length > 0) return { ok: false, problems };
	const errors: ParseError[] = [];
	const value: unknown = parse(text, errors, STRICT);
	// The visitor above already saw every error the parser can raise; this is a belt for a library change.
	if (errors.length > 0) {
		return { ok: false, problems: errors.map((error) => problemAt(text, printParseErrorCode(error.error), error.offset)) };
	}
	return { ok: true, value };
}

/** Every duplicate key and syntax error in `text`, in document order. Empty when the text is strict JSON. */
export function findJsonProblems(text: string): JsonProblem[] {
	const problems: JsonProblem[] = [];
	// One entry per open object: key -> where it was first seen.
	const openObjects: Array<Map<string, { line: number; column: number }>> = [];
	visit(
		text,
		{
			onObjectBegin: () => {
				openObjects.push(new Map());
			},
			onObjectEnd: () => {
				openObjects.pop();
			},
			onObjectProperty: (property, offset, _length, startLine, startCharacter) => {
				const keys = openObjects[openObjects.length - 1];
				if (keys === undefined) return;
				const line = startLine + 1;
				const column = startCharacter + 1;
				const first = keys.get(property);
				if (first === undefined) {
					keys.set(property, { line, column });
					return;
				}
				problems.push({
					code: 'duplicate-key',
					message: `duplicate key ${JSON.stringify(property)} (first at ${first.line}:${first.column})`,
					line,
					column,
					offset,
				});
			},
			onError: (error, offset, _length, startLine, startCharacter) => {
				const code = printParseErrorCode(error);
				problems.push({ code, message: MESSAGES[code] ?? code, line: startLine + 1, column: startCharacter + 1, offset });
			},
		},
		STRICT,
	);
	return problems.sort((a, b) => a.offset - b.offset);
}

/**
 * Whether text that JSON.parse accepted (`value` is what it gave) may name a key twice in one object, the
 * one strictness JSON.parse lacks. Counted rather than scanned: outside strings a colon follows a key and
 * nothing else, so the text's colons are its keys plus the colons inside its strings. JSON.stringify of the
 * value writes the same strings (it never escapes a colon) and one colon per key JSON.parse kept, one per
 * name, so a duplicate leaves the value's text with fewer colons (a dropped value's colons only widen the
 * gap). Exact unless a string spells a colon as an escape (`\u003a`); then the answer is "may", and the
 * caller runs the full visitor above, which also says where. Both counts and the serialisation are native
 * work: no walk over the value in JavaScript.
 */
export function mayHaveDuplicateKeys(text: string, value: unknown): boolean {
	if (text.includes('\\u')) return true;
	return countColons(text) !== countColons(JSON.stringify(value) ?? '');
}

function countColons(text: string): number {
	return text.length - text.replaceAll(':', '').length;
}

/** `file:line:column: message`, the form editors and terminals turn into links. */
export function formatJsonProblem(file: string, problem: JsonProblem): string {
	return `${file}:${problem.line}:${problem.column}: ${problem.message}`;
}

function problemAt(text: string, code: string, offset: number): JsonProblem {
	const before = text.slice(0, offset);
	const lineStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
	const line = (before.match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
	return { code, message: MESSAGES[code] ?? code, line, column: offset - lineStart + 1, offset };
}

/** Editors on some systems save a byte-order mark; it is not part of the JSON. */
export function withoutByteOrderMark(text: string): string {
	return text.startsWith('\uFEFF') ? text.slice(1) : text;
}
