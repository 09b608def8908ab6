import type { Action } from '../state/actions.js';
import { takesText } from '../state/fields.js';
import { routeKey } from '../state/keymap.js';
import { type KeyPress, splitChunk } from '../state/keys.js';
import { looksPasted, pastedText, pasteMarker } from '../state/paste.js';
import type { UiState } from '../state/state.js';

/**
 * Terminal input to actions: a key goes through the router; several typed keys read at once are routed
 * one by one; pasted text goes into the focused text field as one edit and never acts as keys (paste.ts).
 */
export class KeyInput {
	/** Between the two markers of a bracketed paste. */
	private pasting = false;

	constructor(
		private readonly getState: () => UiState,
		private readonly dispatch: (action: Action) => void,
	) {}

	handle(press: KeyPress): void {
		const marker = pasteMarker(press);
		if (marker !== null) {
			this.pasting = marker === 'start';
			return;
		}
		if (this.pasting) {
			this.inPaste(press);
			return;
		}
		const singles = splitChunk(press);
		const characters = singles.length > 1 ? Array.from(press.input) : [];
		for (const [index, single] of singles.entries()) {
			if (this.getState().quit) return;
			const rest = characters.slice(index);
			// A key of this chunk may have opened a field (`/`): the rest is read as what it now is.
			if (rest.length > 1 && takesText(this.getState()) && looksPasted(rest)) {
				this.paste(rest.join(''));
				return;
			}
			this.route(single);
		}
	}

	private route(press: KeyPress): void {
		const action = routeKey(this.getState(), press);
		if (action) this.dispatch(action);
	}

	/** Inside a bracketed paste, text is pasted; Ctrl-C still acts, and Esc ends a paste whose end never came. */
	private inPaste(press: KeyPress): void {
		if (press.ctrl && press.input === 'c') this.route(press);
		else if (press.name === 'escape') this.pasting = false;
		else if (press.name === null && !press.ctrl && !press.meta) this.paste(press.input);
	}

	private paste(text: string): void {
		const state = this.getState();
		if (state.quit) return;
		if (!takesText(state)) this.dispatch({ type: 'setStatus', text: 'pasted text ignored: no text field is open', tone: 'info' });
		else this.dispatch({ type: 'fieldEdit', edit: { kind: 'insert', text: pastedText(text) } });
	}
}
