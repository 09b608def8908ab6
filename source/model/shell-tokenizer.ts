/**
 * The tokenizer behind command identity (command-identity.ts says what the canonical spelling keeps and
 * why): a command line, character by character, into words and operators in canonical spelling.
 */

import {
	characterSet,
	closingAnsiQuote,
	closingBacktick,
	closingBrace,
	closingDoubleQuote,
	closingParenthesis,
	isNameCharacter,
	isNameStart,
	NotWords,
	nameEnd,
} from './shell-scan.js';

// Longest first, so `&&` is not read as two `&`.
const OPERATORS = ['<<<', '<<-', ';;&', '&>>', '&&', '||', ';;', ';&', '|&', '>>', '<<', '<&', '>&', '<>', '>|', '&>', ';', '&', '|', '<', '>', '(', ')'];
const OPERATOR_START = new Set(OPERATORS.map((operator) => operator[0]));
const HERE_DOCUMENTS = new Set(['<<', '<<-']);
// Characters a literal can show without a backslash in the canonical spelling (and any non-ASCII one).
const PLAIN = characterSet('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:@%+^,-');
// Characters that act when unquoted inside a word: patterns and bash's brace expansion.
const PATTERN = new Set(['*', '?', '[', '{', '}']);
const SPECIAL_PARAMETERS = new Set(['@', '*', '#', '?', '-', '$', '!', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
// `$x`, `$1`, `$?`: written `${x}` so that a character after it cannot join the name.
const SIMPLE_PARAMETER = /^\$([A-Za-z_][A-Za-z0-9_]*|[@*#?\-$!0-9])$/;
// Separators that already end a command: a newline after them is only whitespace.
const COMMAND_ENDS = new Set([';', '&', '&&', '||', '|', '|&', ';;', ';&', ';;&', '(']);
// Reserved words of bash (and POSIX): unquoted they are syntax, quoted they are plain words.
const RESERVED_WORDS = new Set('! [[ ]] { } case coproc do done elif else esac fi for function if in select then time until while'.split(' '));

/** How far a word is from being an assignment (`name=` or `name+=`, all unquoted): `yes` once it is one. */
type AssignmentState = 'start' | 'name' | 'plus' | 'yes' | 'no';

export class Tokenizer {
	readonly #text: string;
	#position = 0;
	readonly #tokens: string[] = [];
	// The word being read, in canonical spelling; null between words.
	#word: string | null = null;
	// Whether the word so far is only unquoted digits (a file descriptor if a redirection follows at once).
	#digitsOnly = false;
	// The word's characters as read, and whether it is only literal characters (for reserved words).
	#literalText = '';
	#onlyLiteral = true;
	// Whether any character of the word was quoted or escaped.
	#quoted = false;
	#assignment: AssignmentState = 'start';
	// Right after an unquoted `=` or `:` of an assignment, where bash expands a `~`.
	#tildeMayStart = false;
	// Where in #word an open tilde prefix's `~` is; a quoted character or an expansion before its end makes it literal.
	#tildeAt: number | null = null;
	// An expansion inside double quotes waiting to be closed with its neighbours: `"$a$b"` is one segment.
	#quotedExpansion = '';

	constructor(text: string) {
		this.#text = text;
	}

	run(): string[] | null {
		try {
			while (this.#position < this.#text.length) this.#step();
			this.#endWord();
		} catch (error) {
			if (error instanceof NotWords) return null;
			throw error;
		}
		while (this.#tokens.at(-1) === ';') this.#tokens.pop();
		return this.#tokens;
	}

	#step(): void {
		const text = this.#text;
		const character = text[this.#position] ?? '';
		if (character === '\\' && text[this.#position + 1] === '\n') {
			this.#position += 2;
			return;
		}
		if (character === ' ' || character === '\t') {
			this.#endWord();
			this.#position += 1;
			return;
		}
		if (character === '\n') {
			this.#endWord();
			const last = this.#tokens.at(-1);
			if (last !== undefined && !COMMAND_ENDS.has(last)) this.#tokens.push(';');
			this.#position += 1;
			return;
		}
		if (character === '#' && this.#word === null) {
			const newline = text.indexOf('\n', this.#position);
			this.#position = newline === -1 ? text.length : newline;
			return;
		}
		if (OPERATOR_START.has(character)) {
			this.#operator();
			return;
		}
		this.#wordPart(character);
	}

	#operator(): void {
		const operator = OPERATORS.find((candidate) => this.#text.startsWith(candidate, this.#position)) ?? this.#text[this.#position] ?? '';
		if (HERE_DOCUMENTS.has(operator)) throw new NotWords();
		this.#position += operator.length;
		// `2>&1`: digits right before a redirection name the descriptor it applies to.
		const redirection = operator.startsWith('<') || operator.startsWith('>');
		if (redirection && this.#word !== null && this.#digitsOnly) {
			const descriptor = this.#word;
			this.#word = null;
			this.#tokens.push(`${descriptor}${operator}`);
			return;
		}
		this.#endWord();
		this.#tokens.push(operator);
	}

	#wordPart(character: string): void {
		const text = this.#text;
		if (character === '\\') {
			const next = text[this.#position + 1];
			if (next === undefined) throw new NotWords();
			this.#literal(next, true);
			this.#position += 2;
		} else if (character === "'") {
			const end = text.indexOf("'", this.#position + 1);
			if (end === -1) throw new NotWords();
			// `''` is an empty word, which still counts.
			this.#openQuote();
			for (const literal of text.slice(this.#position + 1, end)) this.#literal(literal, true);
			this.#position = end + 1;
		} else if (character === '"') {
			this.#doubleQuoted();
		} else if (character === '$' || character === '`') {
			const end = this.#expansionEnd(this.#position, true);
			if (end === this.#position) this.#literal('$', false);
			else this.#active(canonicalExpansion(text.slice(this.#position, end)));
			this.#position = Math.max(end, this.#position + 1);
		} else if (character === '~' && (this.#word === null || this.#tildeMayStart)) {
			this.#tilde();
			this.#position += 1;
		} else if (PATTERN.has(character)) {
			this.#active(character);
			this.#position += 1;
		} else if (!this.#plainRun()) {
			this.#literal(character, false);
			this.#position += 1;
		}
	}

	/**
	 * Takes a run of plain characters at once where none of them can change what the word is (inside a word
	 * that is no assignment, tilde prefix or descriptor number): most of a long command. False when it cannot.
	 */
	#plainRun(): boolean {
		if (this.#word === null || this.#assignment !== 'no' || this.#tildeAt !== null || this.#digitsOnly || this.#quotedExpansion !== '') return false;
		const text = this.#text;
		let end = this.#position;
		while (end < text.length && PLAIN(text[end] ?? '')) end += 1;
		if (end === this.#position) return false;
		const run = text.slice(this.#position, end);
		this.#word += run;
		this.#literalText += run;
		this.#position = end;
		return true;
	}

	#doubleQuoted(): void {
		const text = this.#text;
		this.#openQuote();
		this.#position += 1;
		for (;;) {
			const character = text[this.#position];
			if (character === undefined) throw new NotWords();
			if (character === '"') {
				this.#position += 1;
				return;
			}
			if (character === '\\') {
				const next = text[this.#position + 1];
				if (next === undefined) throw new NotWords();
				// Inside double quotes a backslash escapes only these; elsewhere it is itself.
				if (next === '\n') this.#position += 2;
				else if ('$`"\\'.includes(next)) {
					this.#literal(next, true);
					this.#position += 2;
				} else {
					this.#literal('\\', true);
					this.#position += 1;
				}
				continue;
			}
			if (character === '$' || character === '`') {
				const end = this.#expansionEnd(this.#position, false);
				if (end > this.#position) {
					this.#quotedExpansion += canonicalExpansion(text.slice(this.#position, end));
					this.#markNotLiteral();
					this.#position = end;
					continue;
				}
			}
			this.#literal(character, true);
			this.#position += 1;
		}
	}

	/**
	 * Where the expansion starting at `start` (`$` or a backtick) ends; `start` itself when `$` is just a
	 * character. bash's `$'...'` and `$"..."` are quotes of their own only outside double quotes.
	 */
	#expansionEnd(start: number, unquoted: boolean): number {
		const text = this.#text;
		if (text[start] === '`') return closingBacktick(text, start + 1) + 1;
		const next = text[start + 1];
		if (next === '(') return closingParenthesis(text, start + 2) + 1;
		if (next === '{') return closingBrace(text, start + 2) + 1;
		if (unquoted && next === "'") return closingAnsiQuote(text, start + 2) + 1;
		if (unquoted && next === '"') return closingDoubleQuote(text, start + 2) + 1;
		if (next !== undefined && SPECIAL_PARAMETERS.has(next)) return start + 2;
		const end = nameEnd(text, start + 1);
		return end === start + 1 ? start : end;
	}

	#startWord(quoted: boolean): void {
		if (this.#word !== null) return;
		this.#word = '';
		this.#digitsOnly = false;
		this.#literalText = '';
		this.#onlyLiteral = true;
		this.#quoted = quoted;
		this.#assignment = quoted ? 'no' : 'start';
		this.#tildeMayStart = false;
		this.#tildeAt = null;
	}

	/** A quote, even an empty one, makes the word quoted: `time''` is no reserved word, `FOO''=1` no assignment, `~''` no tilde prefix. */
	#openQuote(): void {
		this.#startWord(true);
		this.#quoted = true;
		if (this.#assignment !== 'yes') this.#assignment = 'no';
		this.#literalTilde();
		this.#tildeMayStart = false;
	}

	#literal(character: string, quoted: boolean): void {
		this.#flushQuotedExpansion();
		const wasEmpty = this.#word === null;
		this.#startWord(quoted);
		if (quoted) this.#quoted = true;
		const makesAssignment = this.#advanceAssignment(character, quoted);
		this.#continueTilde(character, quoted);
		const plain = makesAssignment || PLAIN(character);
		this.#word = (this.#word ?? '') + (plain ? character : `\\${character}`);
		this.#literalText += character;
		this.#digitsOnly = !quoted && character >= '0' && character <= '9' && (wasEmpty || this.#digitsOnly);
		this.#tildeMayStart = !quoted && this.#assignment === 'yes' && (character === '=' || character === ':');
	}

	/** True when `character` is the `=` that makes the word an assignment. */
	#advanceAssignment(character: string, quoted: boolean): boolean {
		const state = this.#assignment;
		if (state === 'start') this.#assignment = !quoted && isNameStart(character) ? 'name' : 'no';
		else if (state === 'name' || state === 'plus') {
			if (!quoted && character === '=') {
				this.#assignment = 'yes';
				return true;
			}
			if (state === 'name' && !quoted && isNameCharacter(character)) return false;
			this.#assignment = state === 'name' && !quoted && character === '+' ? 'plus' : 'no';
		}
		return false;
	}

	/** A tilde prefix ends at an unquoted `/` (or `:` in an assignment); anything quoted before that makes the `~` literal. */
	#continueTilde(character: string, quoted: boolean): void {
		if (this.#tildeAt === null) return;
		if (quoted) this.#literalTilde();
		else if (character === '/' || (character === ':' && this.#assignment === 'yes')) this.#tildeAt = null;
	}

	#literalTilde(): void {
		const at = this.#tildeAt;
		if (at === null || this.#word === null) return;
		this.#word = `${this.#word.slice(0, at)}\\~${this.#word.slice(at + 1)}`;
		this.#tildeAt = null;
	}

	#tilde(): void {
		this.#flushQuotedExpansion();
		this.#startWord(false);
		if (this.#assignment !== 'yes') this.#assignment = 'no';
		this.#tildeAt = (this.#word ?? '').length;
		this.#word = `${this.#word ?? ''}~`;
		this.#markNotLiteral();
	}

	#active(raw: string): void {
		this.#flushQuotedExpansion();
		this.#startWord(false);
		this.#literalTilde();
		if (this.#assignment !== 'yes') this.#assignment = 'no';
		this.#word = (this.#word ?? '') + raw;
		this.#markNotLiteral();
	}

	#markNotLiteral(): void {
		this.#onlyLiteral = false;
		this.#digitsOnly = false;
		this.#tildeMayStart = false;
	}

	#flushQuotedExpansion(): void {
		if (this.#quotedExpansion === '') return;
		this.#literalTilde();
		if (this.#assignment !== 'yes') this.#assignment = 'no';
		this.#word = `${this.#word ?? ''}"${this.#quotedExpansion}"`;
		this.#quotedExpansion = '';
		this.#markNotLiteral();
	}

	#endWord(): void {
		this.#flushQuotedExpansion();
		let word = this.#word;
		if (word !== null && this.#onlyLiteral && RESERVED_WORDS.has(this.#literalText)) {
			// Unquoted, the reserved word itself; quoted, a plain word, marked by a leading backslash.
			word = !this.#quoted ? this.#literalText : word.startsWith('\\') ? word : `\\${word}`;
		}
		if (word !== null) this.#tokens.push(word);
		this.#word = null;
		this.#digitsOnly = false;
		this.#tildeAt = null;
	}
}

function canonicalExpansion(raw: string): string {
	const parameter = SIMPLE_PARAMETER.exec(raw);
	return parameter ? `\${${parameter[1]}}` : raw;
}
