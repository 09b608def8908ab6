import type { AuditModel } from '../../../source/model/types.js';
import type { Action } from '../../../source/ui/state/actions.js';
import { routeKey } from '../../../source/ui/state/keymap.js';
import type { KeyPress } from '../../../source/ui/state/keys.js';
import { reduce } from '../../../source/ui/state/reducer.js';
import { initialState, type UiState } from '../../../source/ui/state/state.js';

export function stateFor(model: AuditModel, viewport = { columns: 100, rows: 30 }): UiState {
	return initialState(model, viewport);
}

/** Key presses by the names tests use: single characters, or `enter`, `esc`, `down`, `ctrl-c`... */
export function key(name: string): KeyPress {
	const named: Record<string, KeyPress['name']> = {
		enter: 'return',
		esc: 'escape',
		up: 'up',
		down: 'down',
		pgup: 'pageUp',
		pgdn: 'pageDown',
		home: 'home',
		end: 'end',
		tab: 'tab',
		backspace: 'delete',
	};
	if (name === 'ctrl-c') return { input: 'c', name: null, ctrl: true, meta: false };
	const keyName = named[name];
	if (keyName) return { input: '', name: keyName, ctrl: false, meta: false };
	return { input: name, name: null, ctrl: false, meta: false };
}

/** Routes and reduces a sequence of keys, as the controller does (minus effects). */
export function pressKeys(state: UiState, ...names: string[]): UiState {
	let current = state;
	for (const name of names) {
		const action = routeKey(current, key(name));
		if (action) current = reduce(current, action);
	}
	return current;
}

export function apply(state: UiState, ...actions: Action[]): UiState {
	return actions.reduce(reduce, state);
}
