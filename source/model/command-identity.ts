/**
 * Command identity by shell words: two command lines are one command when a POSIX shell (or bash, which
 * the audits are written for) splits them into the same words with the same meaning. A tracker that
 * writes `--against '.git#branch=main,subdir=proto'` and a TSV that recorded the shell-unquoted
 * `--against .git#branch=main,subdir=proto` name one command.
 *
 * Why not shell-quote or shlex: both remove quotes without remembering what the quotes protected, so
 * `echo '$HOME'` and `echo $HOME` (a literal and an expansion) come out as the same words, and
 * shell-quote also expands variables from its environment. Identity must not merge two commands that
 * do different things, so each word here keeps its meaning in a canonical spelling:
 * - literal characters (unquoted, single-quoted, double-quoted or escaped) are written once, with a
 *   backslash before every character that is not plainly safe (`'a b'`, `"a b"` and `a\ b` are `a\ b`);
 * - parameters are written with braces (`$x` is `${x}`), so `$x'y'` (x, then a literal y) is `${x}y`
 *   and never `$xy` (the parameter xy); other expansions and patterns that act unquoted (`${x:-}`,
 *   `$(...)`, backticks, `$'...'`, `$"..."`, `*`, `?`, `[`, braces) are kept as written;
 * - expansions inside double quotes are kept inside double quotes (`"$x"` is `"${x}"`, not `${x}`);
 * - quoting that changes what a word is keeps its mark: an assignment (`FOO=1`, an unquoted name and
 *   `=`) is not the word `'FOO=1'`; a reserved word (`!`, `time`, `]]`) is not its quoted spelling
 *   (`\time`); a tilde prefix (`~`, `~root`, and after `=` or `:` in an assignment) is not a quoted `~`;
 * - operators (`;`, `&&`, `|`, redirections, ...) are tokens of their own, so a quoted `';'` is a word;
 *   a redirection's file-descriptor number stays attached to it (`2>&1` is not `2 >&1`).
 * Comments, line continuations and trailing separators do not count; an unquoted newline is a `;`. A
 * command with a here-document (`<<`) is not split: its body is text, not words.
 */

import { Tokenizer } from './shell-tokenizer.js';

/**
 * The words and operators of a command line in canonical spelling, or null when it cannot be split into
 * words: a quote or substitution that is never closed, or a here-document.
 */
export function splitShellWords(command: string): string[] | null {
	return simpleWords(command) ?? new Tokenizer(command).run();
}

/**
 * A key equal for two commands exactly when they split into the same shell words. A command that cannot
 * be split is only equal to the same text.
 */
export function commandIdentity(command: string): string {
	// The usual case (`make check-12`) without an array or JSON.stringify: the words joined as JSON would.
	if (SIMPLE_COMMAND.test(command) && !command.includes('=')) {
		const words = command.trim();
		return words === '' ? 'words:[]' : `words:["${words.replace(ALL_BLANKS, '","')}"]`;
	}
	const words = splitShellWords(command);
	return words === null ? `text:${command.trim()}` : `words:${JSON.stringify(words)}`;
}

// Most recorded commands hold nothing but these: no quote, escape, expansion, pattern, comment or
// operator. Their words are what the blanks separate, spelled as the tokenizer would spell them (only
// `=` needs care), without walking them character by character.
const SIMPLE_COMMAND = /^[A-Za-z0-9_./:@%+^,=\t -]*$/;
const BLANKS = /[ \t]+/;
const ALL_BLANKS = /[ \t]+/g;
const ASSIGNMENT_PREFIX = /^[A-Za-z_][A-Za-z0-9_]*\+?=/;

function simpleWords(command: string): string[] | null {
	if (!SIMPLE_COMMAND.test(command)) return null;
	const words: string[] = [];
	for (const word of command.split(BLANKS)) {
		if (word === '') continue;
		if (!word.includes('=')) {
			words.push(word);
			continue;
		}
		const assignment = ASSIGNMENT_PREFIX.exec(word)?.[0] ?? '';
		words.push(assignment + word.slice(assignment.length).replaceAll('=', '\\='));
	}
	return words;
}
