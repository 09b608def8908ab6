import type { ActionHandlers, FieldAction } from './actions.js';
import { jumpField } from './jump.js';
import { filterField } from './list-filter.js';
import { signoffField } from './signoff-reducer.js';
import type { Dialog, UiState } from './state.js';
import { editField, type FieldAdapter } from './text-field.js';

/** Which field each dialog's typing goes to (text-field.ts); dialogs without one take no typing. */

/** The log search field: its query lives in the dialog (searched on Enter by run-reducer.ts). */
const logSearchField: FieldAdapter = {
	get: (state) => (state.dialog?.kind === 'logSearch' ? state.dialog.query : null),
	set: (state, query) =>
		state.dialog?.kind === 'logSearch' ? { ...state, dialog: { ...state.dialog, query }, status: { text: `search: ${query}`, tone: 'info' } } : state,
	maxLength: 200,
};

const fields: Partial<Record<Dialog['kind'], FieldAdapter>> = {
	filter: filterField,
	logSearch: logSearchField,
	jump: jumpField,
	signoff: signoffField,
};

function focusedField(state: UiState): FieldAdapter | null {
	return state.dialog ? (fields[state.dialog.kind] ?? null) : null;
}

/** Whether a text field takes typing right now (a paste goes into it; without one, a paste goes nowhere). */
export function takesText(state: UiState): boolean {
	const field = focusedField(state);
	return field !== null && field.get(state) !== null;
}

export const fieldHandlers: ActionHandlers<FieldAction> = {
	fieldEdit: (state, action) => {
		const field = focusedField(state);
		return field ? editField(state, field, action.edit) : state;
	},
};
