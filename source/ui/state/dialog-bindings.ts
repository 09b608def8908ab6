import { QUIT_KEYS, scroll } from './key-bindings.js';
import type { Binding, Layer } from './keymap.js';
import { keys } from './keys.js';
import { type SignoffPhase, signoffFields } from './signoff-dialog.js';
import type { Dialog, UiState } from './state.js';
import { textFieldBindings } from './text-field.js';

/** The bindings of each dialog, as data (see keymap.ts). Dialogs that take typing use the one text-field layer. */

const { char, named, ctrl } = keys;

function signoffPhase(state: UiState): SignoffPhase | null {
	return state.dialog?.kind === 'signoff' ? state.dialog.phase : null;
}

const inPhase =
	(...phases: SignoffPhase[]) =>
	(state: UiState): boolean => {
		const phase = signoffPhase(state);
		return phase !== null && phases.includes(phase);
	};

// The answers to a refusal come first: the hint line shows them before the rest.
const signoffBindings: Binding[] = [
	{
		keys: [char('a')],
		description: 'after a dirty-tree refusal: sign anyway, recording dirty: true',
		action: () => ({ type: 'signoffSubmit', allowDirty: true }),
		when: inPhase('confirm-dirty'),
		hint: 'a allow dirty',
	},
	{
		keys: [char('u')],
		description: 'after losing a race: take the state on disk and keep this dialog (status and note kept)',
		action: () => ({ type: 'signoffTakeCurrent' }),
		when: (state) => state.dialog?.kind === 'signoff' && state.dialog.phase === 'refused' && state.dialog.conflict,
		hint: 'u use new state',
	},
	{
		keys: [named('return')],
		description: 'sign with the chosen status and note',
		action: () => ({ type: 'signoffSubmit', allowDirty: false }),
		disabled: (state) => (signoffPhase(state) === 'writing' ? 'the sign-off is being written' : null),
		hint: '⏎ sign',
	},
	{
		keys: [named('escape')],
		description: 'cancel: nothing is written',
		action: () => ({ type: 'signoffCancel' }),
		hint: 'esc cancel',
	},
	{
		keys: [named('left')],
		description: 'previous status',
		action: () => ({ type: 'signoffChoose', delta: -1 }),
		when: inPhase('editing', 'confirm-dirty', 'refused'),
		hint: '←/→ status',
	},
	{
		keys: [named('right')],
		description: 'next status',
		action: () => ({ type: 'signoffChoose', delta: 1 }),
		when: inPhase('editing', 'confirm-dirty', 'refused'),
	},
	{
		keys: [named('tab'), named('down')],
		description: 'next field (note; owner, ticket, until when blocked)',
		action: () => ({ type: 'signoffFocus', delta: 1 }),
		when: inPhase('editing', 'confirm-dirty', 'refused'),
		hint: (state) => (state.dialog?.kind === 'signoff' && (state.dialog.phase !== 'editing' || signoffFields(state.dialog).length > 1) ? 'tab field' : null),
	},
	{
		keys: [named('up')],
		description: 'previous field',
		action: () => ({ type: 'signoffFocus', delta: -1 }),
		when: inPhase('editing', 'confirm-dirty', 'refused'),
	},
	...textFieldBindings('the focused field (note, owner, ticket, until)', inPhase('editing')),
	{
		keys: [keys.text],
		description: 'after a refusal, typing waits: Tab goes back to the fields',
		action: () => ({ type: 'setStatus', text: 'the fields are not being edited: Tab goes back to them', tone: 'info' }),
		when: inPhase('confirm-dirty', 'refused'),
	},
];

export const dialogLayers: Record<Dialog['kind'], Layer> = {
	help: {
		title: 'Help',
		passes: QUIT_KEYS,
		exclusiveHints: true,
		bindings: [
			{
				keys: [char('?'), named('escape'), char('q')],
				description: 'close help',
				action: () => ({ type: 'toggleHelp' }),
				hint: '?/esc close help',
			},
			...scroll('help', 'help'),
		],
	},
	filter: {
		title: 'Filter',
		passes: [ctrl('c')],
		exclusiveHints: true,
		bindings: [
			{ keys: [named('return')], description: 'keep the filter', action: () => ({ type: 'filterAccept' }), hint: '⏎ keep' },
			{ keys: [named('escape')], description: 'clear the filter', action: () => ({ type: 'filterCancel' }), hint: 'esc clear' },
			...textFieldBindings('narrow the list'),
		],
	},
	logSearch: {
		title: 'Log search',
		passes: [ctrl('c')],
		exclusiveHints: true,
		bindings: [
			{ keys: [named('return')], description: 'find', action: () => ({ type: 'logSearchAccept' }), hint: '⏎ find' },
			{ keys: [named('escape')], description: 'cancel', action: () => ({ type: 'logSearchCancel' }), hint: 'esc cancel' },
			...textFieldBindings('what to find'),
		],
	},
	jump: {
		title: 'Go to',
		passes: [ctrl('c')],
		exclusiveHints: true,
		bindings: [
			{ keys: [named('return')], description: 'go to the gate or signal typed', action: () => ({ type: 'jumpAccept' }), hint: '⏎ go' },
			{ keys: [named('tab')], description: 'complete the id', action: () => ({ type: 'jumpComplete' }), hint: 'tab complete' },
			{ keys: [named('escape')], description: 'cancel', action: () => ({ type: 'closeDialog' }), hint: 'esc cancel' },
			...textFieldBindings('a gate number or a signal id'),
		],
	},
	confirmQuit: {
		title: 'Quit?',
		passes: [ctrl('c')],
		exclusiveHints: true,
		bindings: [
			{ keys: [char('q'), char('Q'), ctrl('c')], description: 'quit', action: () => ({ type: 'quit', exitCode: 0, reason: 'quit' }), hint: 'q again to quit' },
			{ keys: [named('escape'), keys.any], description: 'stay', action: () => ({ type: 'closeDialog' }), hint: 'esc stay' },
		],
	},
	signoff: { title: 'Sign-off', passes: [ctrl('c')], exclusiveHints: true, bindings: signoffBindings },
};
