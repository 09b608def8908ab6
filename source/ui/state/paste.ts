import { sanitizeText } from '../../text/sanitize.js';
import type { KeyPress } from './keys.js';

/**
 * Pasted text is text: it never acts as keys. A paste into the sign-off note that held a line break used
 * to submit the note at the break and run the rest as keys (`q`, `R`, ...).
 *
 * Terminals that support bracketed paste (the terminal session asks for it with ESC[?2004h; tmux passes it
 * on) wrap a paste in ESC[200~ … ESC[201~, which Ink hands over as the inputs `[200~` and `[201~`: what
 * comes between goes into the focused text field, or nowhere. Without the markers, a chunk read in one go
 * whose line break is followed by more characters is a paste when a text field is focused: typing read
 * together under load ends at an Enter (`abc⏎`), it does not go on after one. A Tab followed by more is
 * typing (the next field, then its text), so it stays a key.
 */

export type PasteMarker = 'start' | 'end';

const MARKERS: Record<string, PasteMarker> = { '[200~': 'start', '[201~': 'end' };

/** Whether this input is the start or the end of a bracketed paste. */
export function pasteMarker(press: KeyPress): PasteMarker | null {
	if (press.name !== null || press.ctrl || press.meta) return null;
	return MARKERS[press.input] ?? null;
}

const LINE_BREAK = /[\r\n]/;

/** Characters of an unmarked chunk that can only be a paste: a line break with more after it. */
export function looksPasted(characters: readonly string[]): boolean {
	return characters.slice(0, -1).some((character) => LINE_BREAK.test(character));
}

/** Pasted text as a one-line field takes it: line breaks and tabs as spaces, nothing that is not printable. */
export function pastedText(text: string): string {
	return sanitizeText(text.replace(/\r\n|[\r\n\t]/g, ' '));
}
