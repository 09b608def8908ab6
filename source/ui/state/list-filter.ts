import type { ActionHandlers, NavigationAction } from './actions.js';
import { type ListRef, listKey, rowsOf } from './lists.js';
import { activeListRef, cursorOf, filterOf } from './selection.js';
import { type UiState, withStatus } from './state.js';
import type { FieldAdapter } from './text-field.js';

/**
 * The `/` filter of the list on screen: typing narrows it as you go (text-field.ts), Enter keeps the
 * filter, Esc clears it. Filters are kept per list, so each screen remembers its own.
 */
type FilterAction = Extract<NavigationAction, { type: 'filterStart' | 'filterAccept' | 'filterCancel' }>;

export const filterHandlers: ActionHandlers<FilterAction> = {
	filterStart: (state) => {
		const ref = activeListRef(state);
		return withStatus({ ...state, dialog: { kind: 'filter', list: ref } }, `filter: ${filterOf(state, ref)}`);
	},
	filterAccept: (state) => {
		if (state.dialog?.kind !== 'filter') return state;
		const ref = state.dialog.list;
		const filter = filterOf(state, ref).trim();
		const closed = { ...state, dialog: null };
		if (filter === '') return withStatus(setFilter(closed, ref, ''), 'filter cleared');
		const shown = rowsOf(state, ref, filter).length;
		const total = rowsOf(state, ref, '').length;
		return withStatus(closed, `filter: ${filter} (${shown} of ${total})`);
	},
	filterCancel: (state) => {
		if (state.dialog?.kind !== 'filter') return state;
		return withStatus(setFilter({ ...state, dialog: null }, state.dialog.list, ''), 'filter cleared');
	},
};

function setFilter(state: UiState, ref: ListRef, filter: string): UiState {
	return { ...state, filters: { ...state.filters, [listKey(ref)]: filter } };
}

/** The filter dialog's field: the list's filter itself, so the list narrows with every key. */
export const filterField: FieldAdapter = {
	get: (state) => (state.dialog?.kind === 'filter' ? filterOf(state, state.dialog.list) : null),
	set: (state, filter) => {
		if (state.dialog?.kind !== 'filter') return state;
		const ref = state.dialog.list;
		const withFilter = setFilter(state, ref, filter);
		const rows = rowsOf(state, ref, filter);
		const cursor = cursorOf(state, ref);
		// Typing narrows the list: stay on the selected row while it still matches, otherwise jump to the first match.
		const keeps = cursor.id !== null && rows.some((row) => row.id === cursor.id);
		const cursors = keeps ? withFilter.cursors : { ...withFilter.cursors, [listKey(ref)]: { id: rows[0]?.id ?? null, index: 0, top: 0 } };
		return withStatus({ ...withFilter, cursors }, `filter: ${filter}`);
	},
	maxLength: 200,
};
