import { gateKey, type SubjectKey, signalKey, subjectLabel } from '../../model/subject.js';
import type { ActionHandlers, SignoffAction } from './actions.js';
import { highlighted } from './highlight.js';
import {
	blockedProblem,
	chosenStatus,
	fieldText,
	MAX_BLOCKED_FIELD_LENGTH,
	MAX_NOTE_LENGTH,
	openSignoffDialog,
	SIGNOFF_STATUSES,
	type SignoffDialog,
	signoffFields,
	signoffSummary,
	subjectState,
} from './signoff-dialog.js';
import { currentScreen, type UiState, withStatus } from './state.js';
import type { FieldAdapter } from './text-field.js';

/**
 * The sign-off half of the state machine: opening the dialog for the subject on screen, editing it,
 * and showing what the controller reports back (the preview, a refusal, the write). Pure like reduce().
 */

/** One handler per sign-off action. */
export const signoffHandlers: ActionHandlers<SignoffAction> = {
	signoffOpen: (state, action) => open(state, action.target),
	signoffChoose: (state, action) =>
		edit(state, (dialog) => {
			const count = SIGNOFF_STATUSES.length;
			const statusIndex = (((dialog.statusIndex + action.delta) % count) + count) % count;
			const chosen = { ...dialog, statusIndex };
			// The block's fields go away with BLOCKED-EXTERNAL: the note takes the typing again.
			return signoffFields(chosen).includes(dialog.focus) ? chosen : { ...chosen, focus: 'note' };
		}),
	signoffFocus: (state, action) =>
		edit(state, (dialog) => {
			const fields = signoffFields(dialog);
			const index = fields.indexOf(dialog.focus);
			const next = fields[(((index + action.delta) % fields.length) + fields.length) % fields.length] ?? 'note';
			return { ...dialog, focus: next };
		}),
	signoffSubmit: (state, action) => {
		const dialog = signoffDialog(state);
		if (!dialog || dialog.phase === 'writing') return state;
		const problem = blockedProblem(dialog);
		if (problem) {
			return withStatus(
				{ ...state, dialog: { ...dialog, phase: 'editing', focus: problem.field, message: problem.message, conflict: false } },
				problem.message,
				'error',
			);
		}
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
	signoffTakeCurrent: (state) => {
		const dialog = signoffDialog(state);
		if (!dialog) return state;
		return withStatus(state, `reading ${subjectLabel(dialog.subject)} from disk\u2026`);
	},
	signoffRebase: (state, action) =>
		answer(state, action.token, (dialog, model) => {
			const current = subjectState(model, dialog.subject);
			if (!current) return { ...dialog, phase: 'refused', conflict: false, message: `${subjectLabel(dialog.subject)} is no longer in the tracker` };
			const now = current.signoff ? `${current.status}, signed ${signoffSummary(current.signoff)}` : current.status;
			return {
				...dialog,
				expected: { status: current.status, signoff: current.signoff },
				phase: 'editing',
				conflict: false,
				message: `now ${now}: your status and note are kept; Enter signs over it`,
			};
		}),
	signoffPreviewLoaded: (state, action) => answer(state, action.token, (dialog) => ({ ...dialog, preview: { kind: 'ready', preview: action.preview } })),
	signoffPreviewFailed: (state, action) => answer(state, action.token, (dialog) => ({ ...dialog, preview: { kind: 'failed', message: action.message } })),
	signoffRefused: (state, action) => {
		const refused = answer(state, action.token, (dialog) => ({
			...dialog,
			phase: action.dirty ? 'confirm-dirty' : 'refused',
			message: action.message,
			conflict: !action.dirty && action.conflict,
		}));
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

/** The focused field of the sign-off dialog, while it is being edited. */
export const signoffField: FieldAdapter = {
	get: (state) => {
		const dialog = signoffDialog(state);
		return dialog?.phase === 'editing' ? fieldText(dialog, dialog.focus) : null;
	},
	set: (state, text) => {
		const dialog = signoffDialog(state);
		if (!dialog) return state;
		if (dialog.focus === 'note') return { ...state, dialog: { ...dialog, note: text } };
		return { ...state, dialog: { ...dialog, blocked: { ...dialog.blocked, [dialog.focus]: text } } };
	},
	maxLength: (state) => (signoffDialog(state)?.focus === 'note' ? MAX_NOTE_LENGTH : MAX_BLOCKED_FIELD_LENGTH),
};

/** `s` signs what the screen is about; `S` (gate screen) the highlighted signal. The overview has only rows. */
function open(state: UiState, target: 'screen' | 'row'): UiState {
	const subject = subjectFor(state, target);
	if (typeof subject === 'string') return withStatus(state, subject, 'error');
	const token = state.dialogsOpened + 1;
	const dialog = openSignoffDialog(state.model, subject, token);
	if (!dialog) return withStatus(state, `${subjectLabel(subject)} is no longer in the tracker`, 'error');
	return withStatus({ ...state, dialog, dialogsOpened: token }, `sign off ${subjectLabel(subject)}: choose the status, type a note`);
}

function subjectFor(state: UiState, target: 'screen' | 'row'): SubjectKey | string {
	const screen = currentScreen(state);
	const row = highlighted(state);
	switch (screen.kind) {
		case 'overview':
			return row?.kind === 'gate' ? gateKey(row.row.gate.id) : 'no gate selected';
		case 'gate': {
			if (target === 'screen') return gateKey(screen.gateId);
			if (row?.kind !== 'gate-signal') return 'no signal selected';
			return row.row.signal ? signalKey(row.row.signal.id) : `${row.row.signalId} is not defined in the tracker: nothing to sign`;
		}
		case 'signal':
			return signalKey(screen.signalId);
		case 'findings':
		case 'matrix':
		case 'history':
			return 's signs off a gate or a signal: open one first';
	}
}

/** Edits while the dialog takes input; any edit after a refusal goes back to plain editing. */
function edit(state: UiState, change: (dialog: SignoffDialog) => SignoffDialog): UiState {
	const dialog = signoffDialog(state);
	if (!dialog || dialog.phase === 'writing') return state;
	const changed = change(dialog);
	return { ...state, dialog: changed.phase === 'editing' ? changed : { ...changed, phase: 'editing', message: null, conflict: false } };
}

/** Applies an answer from the controller to the dialog it was for; answers for a closed dialog are dropped. */
function answer(state: UiState, token: number, change: (dialog: SignoffDialog, model: UiState['model']) => SignoffDialog): UiState {
	const dialog = signoffDialog(state);
	if (!dialog || dialog.token !== token) return state;
	return { ...state, dialog: change(dialog, state.model) };
}
