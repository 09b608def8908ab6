import { gateKey, type SubjectKey, signalKey, subjectLabel } from '../../model/subject.js';
import type { ActionHandlers, SignoffAction } from './actions.js';
import { gateRows, gateSignalRows } from './lists.js';
import { cursorOf, filterOf, selectedIndex } from './selection.js';
import { chosenStatus, MAX_NOTE_LENGTH, openSignoffDialog, SIGNOFF_STATUSES, type SignoffDialog } from './signoff-dialog.js';
import { currentScreen, type UiState, withStatus } from './state.js';

/**
 * The sign-off half of the state machine: opening the dialog for the subject on screen, editing it,
 * and showing what the controller reports back (the preview, a refusal, the write). Pure like reduce().
 */

/** One handler per sign-off action. */
export const signoffHandlers: ActionHandlers<SignoffAction> = {
	signoffOpen: (state, action) => open(state, action.target),
	signoffChoose: (state, action) => {
		return edit(state, (dialog) => {
			const count = SIGNOFF_STATUSES.length;
			const index = action.index ?? (((dialog.statusIndex + (action.delta ?? 1)) % count) + count) % count;
			return { ...dialog, statusIndex: Math.max(0, Math.min(count - 1, index)) };
		});
	},
	signoffType: (state, action) => edit(state, (dialog) => ({ ...dialog, note: (dialog.note + action.text).slice(0, MAX_NOTE_LENGTH) })),
	signoffErase: (state) => edit(state, (dialog) => ({ ...dialog, note: Array.from(dialog.note).slice(0, -1).join('') })),
	signoffSubmit: (state, action) => {
		const dialog = signoffDialog(state);
		if (!dialog || dialog.phase === 'writing') return state;
		const writing: SignoffDialog = { ...dialog, phase: 'writing', allowDirty: action.allowDirty, message: null };
		const dirtyNote = action.allowDirty ? ' (dirty tree allowed)' : '';
		return withStatus({ ...state, dialog: writing }, `signing ${subjectLabel(dialog.subject)} ${chosenStatus(dialog)}${dirtyNote}\u2026`);
	},
	signoffCancel: (state) => {
		const dialog = signoffDialog(state);
		if (!dialog) return state;
		if (dialog.phase === 'writing') return withStatus(state, 'the sign-off is being written: wait for it');
		return withStatus({ ...state, dialog: null }, `sign-off of ${subjectLabel(dialog.subject)} cancelled: nothing written`);
	},
	signoffPreviewLoaded: (state, action) => answer(state, action.token, (dialog) => ({ ...dialog, preview: { kind: 'ready', preview: action.preview } })),
	signoffPreviewFailed: (state, action) => answer(state, action.token, (dialog) => ({ ...dialog, preview: { kind: 'failed', message: action.message } })),
	signoffRefused: (state, action) => {
		const refused = answer(state, action.token, (dialog) => ({ ...dialog, phase: action.dirty ? 'confirm-dirty' : 'editing', message: action.message }));
		return withStatus(refused, action.message, 'error');
	},
	signoffWritten: (state, action) => {
		const dialog = signoffDialog(state);
		const closed = dialog?.token === action.token ? { ...state, dialog: null } : state;
		return withStatus(closed, action.message, 'change');
	},
};

export function signoffDialog(state: UiState): SignoffDialog | null {
	return state.dialog?.kind === 'signoff' ? state.dialog : null;
}

/** `s` signs what the screen is about; `S` (gate screen) the highlighted signal. The overview has only rows. */
function open(state: UiState, target: 'screen' | 'row'): UiState {
	const subject = subjectFor(state, target);
	if (typeof subject === 'string') return withStatus(state, subject, 'error');
	const token = state.dialogsOpened + 1;
	const dialog = openSignoffDialog(state.model, subject, token);
	if (!dialog) return withStatus(state, `${subjectLabel(subject)} is no longer in the tracker`, 'error');
	return withStatus({ ...state, dialog, dialogsOpened: token }, `sign off ${subjectLabel(subject)}: pick a status, type a note, Enter signs, Esc cancels`);
}

function subjectFor(state: UiState, target: 'screen' | 'row'): SubjectKey | string {
	const screen = currentScreen(state);
	switch (screen.kind) {
		case 'overview': {
			const ref = { kind: 'gates' } as const;
			const rows = gateRows(state.model, filterOf(state, ref));
			const row = rows[selectedIndex(rows, cursorOf(state, ref))];
			return row ? gateKey(row.gate.id) : 'no gate selected';
		}
		case 'gate': {
			if (target === 'screen') return gateKey(screen.gateId);
			const ref = { kind: 'gate-signals', gateId: screen.gateId } as const;
			const rows = gateSignalRows(state.model, screen.gateId, filterOf(state, ref));
			const row = rows[selectedIndex(rows, cursorOf(state, ref))];
			if (!row) return 'no signal selected';
			return row.signal ? signalKey(row.signal.id) : `${row.signalId} is not defined in the tracker: nothing to sign`;
		}
		case 'signal':
			return signalKey(screen.signalId);
		case 'findings':
		case 'matrix':
			return 's signs off a gate or a signal: open one first';
	}
}

/** Edits while the dialog takes input; a change after a dirty refusal goes back to plain editing. */
function edit(state: UiState, change: (dialog: SignoffDialog) => SignoffDialog): UiState {
	const dialog = signoffDialog(state);
	if (!dialog || dialog.phase === 'writing') return state;
	const changed = change(dialog);
	return { ...state, dialog: changed.phase === 'confirm-dirty' ? { ...changed, phase: 'editing', message: null } : changed };
}

/** Applies an answer from the controller to the dialog it was for; answers for a closed dialog are dropped. */
function answer(state: UiState, token: number, change: (dialog: SignoffDialog) => SignoffDialog): UiState {
	const dialog = signoffDialog(state);
	if (!dialog || dialog.token !== token) return state;
	return { ...state, dialog: change(dialog) };
}
