/**
 * Reading shell text without splitting it: character classes, names, and where a quote or substitution
 * that starts at a given place ends (shell-tokenizer.ts keeps such parts as written).
 */

/** Thrown for a command that is not words: an unclosed quote or substitution, or a here-document. */
export class NotWords extends Error {}

const NAME_CHARACTERS = characterSet('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_');

/** A lookup by character code for ASCII characters; every non-ASCII character is in the set. */
export function characterSet(characters: string): (character: string) => boolean {
	const table = new Uint8Array(128);
	for (const character of characters) table[character.charCodeAt(0)] = 1;
	return (character) => {
		const code = character.charCodeAt(0);
		return code > 0x7f || table[code] === 1;
	};
}

export function isNameStart(character: string): boolean {
	return NAME_CHARACTERS(character) && !(character >= '0' && character <= '9') && character.charCodeAt(0) <= 0x7f;
}

export function isNameCharacter(character: string): boolean {
	return NAME_CHARACTERS(character) && character.charCodeAt(0) <= 0x7f;
}

/** Where a name (`[A-Za-z_][A-Za-z0-9_]*`) starting at `from` ends; `from` when there is none. */
export function nameEnd(text: string, from: number): number {
	if (!isNameStart(text[from] ?? '')) return from;
	let end = from + 1;
	while (end < text.length && isNameCharacter(text[end] ?? '')) end += 1;
	return end;
}

/** Index of the backtick closing a command substitution whose text starts at `from`. */
export function closingBacktick(text: string, from: number): number {
	for (let index = from; index < text.length; index += 1) {
		if (text[index] === '\\') index += 1;
		else if (text[index] === '`') return index;
	}
	throw new NotWords();
}

export function closingAnsiQuote(text: string, from: number): number {
	for (let index = from; index < text.length; index += 1) {
		if (text[index] === '\\') index += 1;
		else if (text[index] === "'") return index;
	}
	throw new NotWords();
}

/** Index of the `)` closing `$(` (or `$((`) whose inside starts at `from`, skipping quotes and nested substitutions. */
export function closingParenthesis(text: string, from: number): number {
	return closingBracket(text, from, '(', ')');
}

export function closingBrace(text: string, from: number): number {
	return closingBracket(text, from, '{', '}');
}

function closingBracket(text: string, from: number, open: string, close: string): number {
	let depth = 1;
	for (let index = from; index < text.length; index += 1) {
		const character = text[index];
		if (character === '\\') index += 1;
		else if (character === "'") {
			const end = text.indexOf("'", index + 1);
			if (end === -1) throw new NotWords();
			index = end;
		} else if (character === '"') index = closingDoubleQuote(text, index + 1);
		else if (character === '`') index = closingBacktick(text, index + 1);
		else if (character === open) depth += 1;
		else if (character === close) {
			depth -= 1;
			if (depth === 0) return index;
		}
	}
	throw new NotWords();
}

export function closingDoubleQuote(text: string, from: number): number {
	for (let index = from; index < text.length; index += 1) {
		const character = text[index];
		if (character === '\\') index += 1;
		else if (character === '"') return index;
		else if (character === '$' && text[index + 1] === '(') index = closingParenthesis(text, index + 2);
		else if (character === '$' && text[index + 1] === '{') index = closingBrace(text, index + 2);
		else if (character === '`') index = closingBacktick(text, index + 1);
	}
	throw new NotWords();
}
