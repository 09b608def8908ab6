import { visit, printParseErrorCode, type ParseErrorCode } from 'jsonc-parser';
import { UserError } from '../errors.js';

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

const PARSE_ERROR_WORDS: Partial<Record<string, string>> = {
	InvalidSymbol: 'unexpected character',
	InvalidNumberFormat: 'invalid number',
	PropertyNameExpected: 'expected a property name',
	ValueExpected: 'expected a value',
	ColonExpected: "expected ':'",
	CommaExpected: "expected ','",
	CloseBraceExpected: "expected '}'",
	CloseBracketExpected: "expected ']'",
	EndOfFileExpected: 'unexpected content after the end',
	InvalidCommentToken: 'comments are not allowed in JSON',
	UnexpectedEndOfComment: 'unterminated comment',
	UnexpectedEndOfString: 'unterminated string',
	UnexpectedEndOfNumber: 'unterminated number',
	InvalidUnicode: 'invalid unicode escape',
	InvalidEscapeCharacter: 'invalid escape character',
	InvalidCharacter: 'invalid character in string',
};

function describeParseError(code: ParseErrorCode): string {
	const name = printParseErrorCode(code);
	return PARSE_ERROR_WORDS[name] ?? name;
}

/**
 * Parses strict JSON. JSON.parse reports neither a line:column nor duplicate keys (it silently keeps the
 * last one), so one jsonc-parser pass with comments and trailing commas disallowed finds both.
 * Errors are UserErrors reading `file:line:column: message`.
 */
export function parseStrictJson(text: string, displayPath: string): unknown {
	const problems: string[] = [];
	const keysByObject: Array<Set<string>> = [];
	visit(
		text,
		{
			onObjectBegin: () => {
				keysByObject.push(new Set());
			},
			onObjectEnd: () => {
				keysByObject.pop();
			},
			onObjectProperty: (property, offset) => {
				const keys = keysByObject[keysByObject.length - 1];
				if (!keys) return;
				if (keys.has(property)) {
					const { line, column } = positionAt(text, offset);
					problems.push(`${displayPath}:${line}:${column}: duplicate key "${property}"`);
				}
				keys.add(property);
			},
			onError: (error, offset) => {
				const { line, column } = positionAt(text, offset);
				problems.push(`${displayPath}:${line}:${column}: invalid JSON: ${describeParseError(error)}`);
			},
		},
		{ disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
	);
	const first = problems[0];
	if (first !== undefined) throw new UserError(first);
	try {
		return JSON.parse(text) as unknown;
	} catch (error) {
		// jsonc-parser accepts a few things JSON.parse does not (e.g. some control characters in strings).
		throw new UserError(`${displayPath}: invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
	}
}
