import { findGate, findSignal } from '../../model/lookup.js';
import type { SubjectKey } from '../../model/subject.js';
import type { AuditModel } from '../../model/types.js';
import { parseSubjectArgument } from '../../signoff/subject.js';
import type { ActionHandlers, NavigationAction } from './actions.js';
import { navigateTo } from './navigation.js';
import { withStatus } from './state.js';
import type { FieldAdapter } from './text-field.js';

/**
 * The `:` go-to prompt: a gate number (`3`, `gate 3`, `G3`) or a signal id (any case, when that is
 * unambiguous) goes there; Tab completes from the audit's ids and the hint line lists the matches.
 */
type JumpAction = Extract<NavigationAction, { type: 'jumpStart' | 'jumpComplete' | 'jumpAccept' }>;

/** Signal ids and gate numbers, sorted, once per model. */
const idsByModel = new WeakMap<AuditModel, string[]>();

function completionIds(model: AuditModel): string[] {
	let ids = idsByModel.get(model);
	if (!ids) {
		ids = [...new Set([...model.gates.map((gate) => String(gate.id)), ...model.signals.map((signal) => signal.id)])].sort((a, b) =>
			a.localeCompare(b, 'en', { numeric: true }),
		);
		idsByModel.set(model, ids);
	}
	return ids;
}

/** Ids that start with what was typed, ignoring case. */
export function jumpMatches(model: AuditModel, text: string): string[] {
	const typed = text.trim().toLowerCase();
	if (typed === '') return [];
	return completionIds(model).filter((id) => id.toLowerCase().startsWith(typed));
}

function commonPrefix(values: string[]): string {
	const [first, ...rest] = values;
	if (first === undefined) return '';
	let length = first.length;
	for (const value of rest) {
		length = Math.min(length, value.length);
		while (length > 0 && value.slice(0, length).toLowerCase() !== first.slice(0, length).toLowerCase()) length -= 1;
	}
	return first.slice(0, length);
}

/** The subject the typed text names in this model, or why none. */
function resolveJump(model: AuditModel, text: string): SubjectKey | string {
	const typed = text.trim();
	if (typed === '') return 'type a gate number or a signal id';
	let key: SubjectKey | null = null;
	try {
		key = parseSubjectArgument(model, typed);
	} catch {
		// Not an exact id: a single completion is taken as meant.
		const matches = jumpMatches(model, typed);
		if (matches.length === 1 && matches[0] !== undefined) return resolveJump(model, matches[0]);
		if (matches.length > 1)
			return `"${typed}" could be ${matches.slice(0, 5).join(', ')}${matches.length > 5 ? ` or ${matches.length - 5} more` : ''}: Tab completes`;
		return `no gate or signal "${typed}"`;
	}
	if (key.kind === 'gate' && !findGate(model, key.gateId)) return `no gate ${key.gateId}`;
	if (key.kind === 'signal' && !findSignal(model, key.signalId)) return `no signal "${key.signalId}"`;
	return key;
}

export const jumpHandlers: ActionHandlers<JumpAction> = {
	jumpStart: (state) => withStatus({ ...state, dialog: { kind: 'jump', text: '', message: null } }, 'go to: a gate number or a signal id, Tab completes'),
	jumpComplete: (state) => {
		if (state.dialog?.kind !== 'jump') return state;
		const matches = jumpMatches(state.model, state.dialog.text);
		if (matches.length === 0) return { ...state, dialog: { ...state.dialog, message: `nothing starts with "${state.dialog.text}"` } };
		const completed = matches.length === 1 ? (matches[0] ?? '') : commonPrefix(matches);
		const text = completed.length >= state.dialog.text.trim().length ? completed : state.dialog.text;
		return { ...state, dialog: { ...state.dialog, text, message: null } };
	},
	jumpAccept: (state) => {
		if (state.dialog?.kind !== 'jump') return state;
		const target = resolveJump(state.model, state.dialog.text);
		if (typeof target === 'string') return withStatus({ ...state, dialog: { ...state.dialog, message: target } }, target, 'error');
		return navigateTo(state, target);
	},
};

export const jumpField: FieldAdapter = {
	get: (state) => (state.dialog?.kind === 'jump' ? state.dialog.text : null),
	set: (state, text) => (state.dialog?.kind === 'jump' ? { ...state, dialog: { ...state.dialog, text, message: null } } : state),
	maxLength: 100,
};
