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

export function isPrintable(press: KeyPress): boolean {
	if (press.name !== null || press.ctrl || press.meta || press.input === '') return false;
	// Reject anything with controls: pasted escape sequences must never reach the filter text.
	return !/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/.test(press.input);
}

export const is = {
	char: (character: string) => (press: KeyPress) => press.name === null && !press.ctrl && !press.meta && press.input === character,
	named: (name: KeyName) => (press: KeyPress) => press.name === name && !press.ctrl,
	ctrl: (character: string) => (press: KeyPress) => press.ctrl && press.input === character,
	any:
		(...matchers: Array<(press: KeyPress) => boolean>) =>
		(press: KeyPress) =>
			matchers.some((matches) => matches(press)),
};
