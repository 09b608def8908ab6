import { hasControlCharacters } from '../../text/sanitize.js';

/**
 * Key presses as the router sees them, independent of Ink so routing is testable without a terminal.
 * The view's single useInput converts Ink's (input, key) pair with keyPressFromInk.
 */

export type KeyName = 'up' | 'down' | 'left' | 'right' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'return' | 'escape' | 'tab' | 'backspace' | 'delete';

export interface KeyPress {
	/** Printable text typed (several characters when pasted); empty for named keys. */
	input: string;
	name: KeyName | null;
	ctrl: boolean;
	meta: boolean;
}

/** The part of Ink's `Key` this program reads (structural, so this module does not import Ink). */
export interface InkKeyFlags {
	upArrow: boolean;
	downArrow: boolean;
	leftArrow: boolean;
	rightArrow: boolean;
	pageUp: boolean;
	pageDown: boolean;
	home: boolean;
	end: boolean;
	return: boolean;
	escape: boolean;
	tab: boolean;
	backspace: boolean;
	delete: boolean;
	ctrl: boolean;
	meta: boolean;
}

export function keyPressFromInk(input: string, key: InkKeyFlags): KeyPress {
	const name: KeyName | null = key.upArrow
		? 'up'
		: key.downArrow
			? 'down'
			: key.leftArrow
				? 'left'
				: key.rightArrow
					? 'right'
					: key.pageUp
						? 'pageUp'
						: key.pageDown
							? 'pageDown'
							: key.home
								? 'home'
								: key.end
									? 'end'
									: key.return
										? 'return'
										: key.escape
											? 'escape'
											: key.tab
												? 'tab'
												: key.backspace
													? 'backspace'
													: key.delete
														? 'delete'
														: null;
	// Ink reports Escape with meta set; meta only means Alt when it modifies something else.
	return { input: name === null ? input : '', name, ctrl: key.ctrl, meta: key.meta && name !== 'escape' };
}

/** Control characters that arrive inside a multi-character chunk (typed fast or pasted) as named keys. */
const CHUNK_CONTROLS: Record<string, Partial<KeyPress>> = {
	'\r': { name: 'return' },
	'\n': { name: 'return' },
	'\t': { name: 'tab' },
	'\u007F': { name: 'delete' },
	'\b': { name: 'backspace' },
	'\u0003': { input: 'c', ctrl: true },
};

/** One key press per character of a chunk, so `jjj` moves three times. */
export function splitChunk(press: KeyPress): KeyPress[] {
	if (press.name !== null || press.ctrl || press.meta) return [press];
	const characters = Array.from(press.input);
	if (characters.length <= 1) return [singleCharacter(press.input)];
	return characters.map(singleCharacter);
}

function singleCharacter(character: string): KeyPress {
	const control = CHUNK_CONTROLS[character];
	return { input: character, name: null, ctrl: false, meta: false, ...(control ?? {}), ...(control?.name ? { input: '' } : {}) };
}

function isPrintable(press: KeyPress): boolean {
	if (press.name !== null || press.ctrl || press.meta || press.input === '') return false;
	// Reject anything with controls: pasted escape sequences must never reach the filter text.
	return !hasControlCharacters(press.input);
}

/**
 * A key as data: what bindings name, what layers let through, and what help shows. `text` is any
 * printable input (what a text field takes); `any` is every key (a question answered by the next key).
 */
export type KeySpec = { char: string } | { named: KeyName } | { ctrl: string } | { text: true } | { any: true };

export const keys = {
	char: (character: string): KeySpec => ({ char: character }),
	named: (name: KeyName): KeySpec => ({ named: name }),
	ctrl: (character: string): KeySpec => ({ ctrl: character }),
	text: { text: true } as KeySpec,
	any: { any: true } as KeySpec,
};

export function matchesKey(spec: KeySpec, press: KeyPress): boolean {
	if ('char' in spec) return press.name === null && !press.ctrl && !press.meta && press.input === spec.char;
	if ('named' in spec) return press.name === spec.named && !press.ctrl;
	if ('ctrl' in spec) return press.ctrl && press.input === spec.ctrl;
	if ('any' in spec) return true;
	return isPrintable(press);
}

/** Identity of a key, for telling which binding already took it. */
export function keyId(spec: KeySpec): string {
	if ('char' in spec) return `char:${spec.char}`;
	if ('named' in spec) return `named:${spec.named}`;
	if ('ctrl' in spec) return `ctrl:${spec.ctrl}`;
	return 'any' in spec ? 'any' : 'text';
}

const NAMED_LABELS: Record<KeyName, string> = {
	up: '↑',
	down: '↓',
	left: '←',
	right: '→',
	pageUp: 'PgUp',
	pageDown: 'PgDn',
	home: 'Home',
	end: 'End',
	return: 'Enter',
	escape: 'Esc',
	tab: 'Tab',
	backspace: 'Backspace',
	delete: 'Backspace',
};

/** How help names a key: `j`, `↓`, `Ctrl-C`, `Space`, `text`. */
export function keyLabel(spec: KeySpec): string {
	if ('char' in spec) return spec.char === ' ' ? 'Space' : spec.char;
	if ('named' in spec) return NAMED_LABELS[spec.named];
	if ('ctrl' in spec) return `Ctrl-${spec.ctrl.toUpperCase()}`;
	return 'any' in spec ? 'other keys' : 'text';
}
