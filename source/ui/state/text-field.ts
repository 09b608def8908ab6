import type { Binding } from './keymap.js';
import { keys } from './keys.js';
import type { UiState } from './state.js';

/**
 * The one text-field layer: the list filter, the log search, the go-to prompt and the sign-off dialog's
 * note and block fields all take typing through the same bindings and the same `fieldEdit` action (a paste
 * too, as one insert: paste.ts). Which field a key edits is decided by the open dialog: each kind of
 * dialog has a FieldAdapter that reads its text and writes it back (re-filtering a list, re-completing
 * ids, ...); fields.ts lists them.
 *
 * Adding a field: give its dialog an adapter in fields.ts and put textFieldBindings() in its layer.
 */

export type TextEdit = { kind: 'insert'; text: string } | { kind: 'erase' } | { kind: 'eraseWord' } | { kind: 'clear' };

export interface FieldAdapter {
	/** The text being edited, or null when the dialog shows no field that takes typing right now. */
	get: (state: UiState) => string | null;
	set: (state: UiState, text: string) => UiState;
	/** A field is one line; this keeps a paste from growing the state without bound (per field, for a dialog with several). */
	maxLength: number | ((state: UiState) => number);
}

const DEFAULT_MAX_LENGTH = 500;

/** The edit applied to a field's text, cut to `maxLength` characters (whole code points). */
export function applyEdit(text: string, edit: TextEdit, maxLength = DEFAULT_MAX_LENGTH): string {
	switch (edit.kind) {
		case 'insert':
			return Array.from(text + edit.text)
				.slice(0, maxLength)
				.join('');
		case 'erase':
			return Array.from(text).slice(0, -1).join('');
		case 'eraseWord':
			// The word before the end and the spaces after it, as Ctrl-W does in a shell.
			return text.replace(/\S*\s*$/, '');
		case 'clear':
			return '';
	}
}

/** Applies an edit through a field's adapter; the state is unchanged when the text is. */
export function editField(state: UiState, field: FieldAdapter, edit: TextEdit): UiState {
	const current = field.get(state);
	if (current === null) return state;
	const next = applyEdit(current, edit, typeof field.maxLength === 'number' ? field.maxLength : field.maxLength(state));
	return next === current ? state : field.set(state, next);
}

/** The keys every text field takes: typing, Backspace, Ctrl-W (word), Ctrl-U (all). */
export function textFieldBindings(what: string, when?: (state: UiState) => boolean): Binding[] {
	const guard = when ? { when } : {};
	return [
		{
			keys: [keys.named('backspace'), keys.named('delete')],
			description: 'delete a character',
			action: () => ({ type: 'fieldEdit', edit: { kind: 'erase' } }),
			...guard,
		},
		{ keys: [keys.ctrl('w')], description: 'delete a word', action: () => ({ type: 'fieldEdit', edit: { kind: 'eraseWord' } }), ...guard },
		{ keys: [keys.ctrl('u')], description: 'clear the field', action: () => ({ type: 'fieldEdit', edit: { kind: 'clear' } }), ...guard },
		{ keys: [keys.text], description: what, action: (_state, press) => ({ type: 'fieldEdit', edit: { kind: 'insert', text: press.input } }), ...guard },
	];
}
