import type { Action } from './actions.js';
import { is, isPrintable, type KeyPress } from './keys.js';
import { isActive, isCancellable } from './runs.js';
import { currentScreen, type Dialog, type Pane, type Screen, type UiState } from './state.js';

/**
 * The one input router. A key goes to the first layer that binds it, in priority order
 * dialog > pane > screen > global. The same tables drive the help overlay and the hint line, so what
 * is shown is what works.
 *
 * Adding a key: add a Binding to the layer where it applies, whose action returns an Action handled in
 * reduce() (and, for work outside the state, by a controller feature's effect). Adding a dialog or pane:
 * extend the Dialog/Pane union in state.ts and add its layer here.
 */

export interface Binding {
	/** Key label for help, e.g. `j ↓`. */
	keys: string;
	description: string;
	matches: (press: KeyPress) => boolean;
	/** Null means the binding does not apply right now and the key continues to the next binding. */
	action: (state: UiState, press: KeyPress) => Action | null;
	/** Short form for the always-visible hint line; bindings without one appear in help only. */
	hint?: string | ((state: UiState) => string);
}

export interface Layer {
	title: string;
	bindings: Binding[];
	/**
	 * Which unbound keys may continue to the layers below; absent lets every key through. Modal layers
	 * let only quit keys through so typing into them cannot act on the screen underneath.
	 */
	passes?: (press: KeyPress) => boolean;
	/** Keys that pass skip the screen layer and go straight to the global one (a pane covers the screen). */
	coversScreen?: boolean;
}

const quitKeys = is.any(is.char('Q'), is.ctrl('c'));

/** The run that `x` and Ctrl-C would cancel, if any. */
function cancellableRun(state: UiState): boolean {
	return state.activeRun !== null && isCancellable(state.runs[state.activeRun]);
}

export const globalLayer: Layer = {
	title: 'Everywhere',
	bindings: [
		{ keys: 'j ↓', description: 'move down', matches: is.any(is.char('j'), is.named('down')), action: () => ({ type: 'move', delta: 1 }), hint: 'j/k move' },
		{ keys: 'k ↑', description: 'move up', matches: is.any(is.char('k'), is.named('up')), action: () => ({ type: 'move', delta: -1 }) },
		{ keys: 'g Home', description: 'first row', matches: is.any(is.char('g'), is.named('home')), action: () => ({ type: 'moveToEdge', edge: 'first' }) },
		{ keys: 'G End', description: 'last row', matches: is.any(is.char('G'), is.named('end')), action: () => ({ type: 'moveToEdge', edge: 'last' }) },
		{ keys: 'PgDn', description: 'page down', matches: is.named('pageDown'), action: () => ({ type: 'page', direction: 1 }) },
		{ keys: 'PgUp', description: 'page up', matches: is.named('pageUp'), action: () => ({ type: 'page', direction: -1 }) },
		{
			keys: '/',
			description: 'filter this list (Enter keeps, Esc clears)',
			matches: is.char('/'),
			action: () => ({ type: 'filterStart' }),
			hint: '/ filter',
		},
		{ keys: 'Esc', description: 'clear the filter, else go back', matches: is.named('escape'), action: () => ({ type: 'back' }) },
		{
			keys: 'q',
			description: 'go back; quit at the top',
			matches: is.char('q'),
			action: () => ({ type: 'backOrQuit' }),
			hint: (state) => (state.stack.length > 1 || state.pane ? 'q back' : 'q quit'),
		},
		{ keys: 'Q', description: 'quit', matches: is.char('Q'), action: () => ({ type: 'quit', exitCode: 0, reason: 'quit' }) },
		{
			keys: 'Ctrl-C',
			description: 'cancel the running command; quit when nothing runs',
			matches: is.ctrl('c'),
			action: (state) => (cancellableRun(state) ? { type: 'cancelRun' } : { type: 'quit', exitCode: 0, reason: 'quit' }),
		},
		{
			keys: 'x',
			description: 'cancel the running command (and the queued ones)',
			matches: is.char('x'),
			action: () => ({ type: 'cancelRun' }),
			hint: (state) => (cancellableRun(state) ? 'x cancel' : ''),
		},
		{
			keys: 'l',
			description: 'show the log of the current or last rerun',
			matches: is.char('l'),
			action: () => ({ type: 'openRunPane' }),
			hint: (state) => (state.lastRun !== null && state.pane?.kind !== 'run' ? 'l run log' : ''),
		},
		{ keys: 'f', description: 'findings', matches: is.char('f'), action: () => ({ type: 'goto', screen: 'findings' }), hint: 'f findings' },
		{ keys: 'm', description: 'command matrix', matches: is.char('m'), action: () => ({ type: 'goto', screen: 'matrix' }), hint: 'm matrix' },
		{ keys: '?', description: 'help', matches: is.char('?'), action: () => ({ type: 'toggleHelp' }), hint: '? help' },
	],
};

const enterOpens = (description: string, hint: string): Binding => ({
	keys: 'Enter',
	description,
	matches: is.named('return'),
	action: () => ({ type: 'open' }),
	hint,
});

const rerunSelected = (description: string): Binding => ({
	keys: 'r',
	description,
	matches: is.char('r'),
	action: () => ({ type: 'rerun', scope: 'selected' }),
	hint: 'r rerun',
});

const rerunFailed = (description: string): Binding => ({
	keys: 'R',
	description,
	matches: is.char('R'),
	action: () => ({ type: 'rerun', scope: 'failed' }),
	hint: 'R rerun failed',
});

const signOff = (keys: 's' | 'S', description: string, hint: string): Binding => ({
	keys,
	description,
	matches: is.char(keys),
	action: () => ({ type: 'signoffOpen', target: keys === 's' ? 'screen' : 'row' }),
	hint,
});

export const screenLayers: Record<Screen['kind'], Layer> = {
	overview: { title: 'Overview', bindings: [enterOpens('open the selected gate', '⏎ open gate'), signOff('s', 'sign off the selected gate', 's sign off')] },
	gate: {
		title: 'Gate',
		bindings: [
			enterOpens('open the selected signal', '⏎ open signal'),
			signOff('s', 'sign off this gate', 's sign gate'),
			signOff('S', 'sign off the selected signal', 'S sign signal'),
		],
	},
	signal: {
		title: 'Signal',
		bindings: [
			enterOpens('open the highlighted evidence file or command log (or its rerun) full screen', '⏎ view'),
			signOff('s', 'sign off this signal', 's sign off'),
			rerunSelected('rerun the highlighted command (Commands list)'),
			rerunFailed('rerun every failed command of this signal, one after another'),
			{
				keys: 'A',
				description: "rerun all of this signal's commands, one after another",
				matches: is.char('A'),
				action: () => ({ type: 'rerun', scope: 'all' }),
				hint: 'A rerun all',
			},
			{
				keys: 'Tab',
				description: 'switch between evidence and commands',
				matches: is.named('tab'),
				action: () => ({ type: 'focusNextSection' }),
				hint: 'tab section',
			},
			{
				keys: 'PgDn',
				description: 'page the preview down',
				matches: is.named('pageDown'),
				action: () => ({ type: 'previewPage', direction: 1 }),
				hint: 'PgUp/Dn preview',
			},
			{ keys: 'PgUp', description: 'page the preview up', matches: is.named('pageUp'), action: () => ({ type: 'previewPage', direction: -1 }) },
		],
	},
	findings: { title: 'Findings', bindings: [enterOpens('open the gate or signal the finding is about', '⏎ open subject')] },
	matrix: {
		title: 'Command matrix',
		bindings: [
			enterOpens('view the log of the selected command (or its rerun)', '⏎ view log'),
			rerunSelected('rerun the selected command'),
			rerunFailed('rerun every failed entry, one after another'),
		],
	},
};

export const paneLayers: Record<Pane['kind'], Layer> = {
	preview: {
		title: 'Preview',
		coversScreen: true,
		passes: is.any(quitKeys, is.char('?'), is.char('f'), is.char('m')),
		bindings: [
			{
				keys: 'j ↓',
				description: 'scroll down',
				matches: is.any(is.char('j'), is.named('down')),
				action: () => ({ type: 'previewScroll', delta: 1 }),
				hint: 'j/k scroll',
			},
			{ keys: 'k ↑', description: 'scroll up', matches: is.any(is.char('k'), is.named('up')), action: () => ({ type: 'previewScroll', delta: -1 }) },
			{
				keys: 'PgDn Space',
				description: 'page down',
				matches: is.any(is.named('pageDown'), is.char(' ')),
				action: () => ({ type: 'previewPage', direction: 1 }),
				hint: 'PgUp/PgDn page',
			},
			{ keys: 'PgUp', description: 'page up', matches: is.named('pageUp'), action: () => ({ type: 'previewPage', direction: -1 }) },
			{ keys: 'g Home', description: 'top', matches: is.any(is.char('g'), is.named('home')), action: () => ({ type: 'previewEdge', edge: 'first' }) },
			{ keys: 'G End', description: 'bottom', matches: is.any(is.char('G'), is.named('end')), action: () => ({ type: 'previewEdge', edge: 'last' }) },
			{
				keys: 'Esc q',
				description: 'close the preview',
				matches: is.any(is.named('escape'), is.char('q')),
				action: () => ({ type: 'closePane' }),
				hint: 'esc close',
			},
		],
	},
	run: {
		title: 'Run log',
		coversScreen: true,
		passes: is.any(quitKeys, is.char('?'), is.char('f'), is.char('m'), is.char('l')),
		bindings: [
			{
				keys: 'j ↓',
				description: 'scroll down (pauses follow)',
				matches: is.any(is.char('j'), is.named('down')),
				action: () => ({ type: 'logScroll', delta: 1 }),
				hint: 'j/k scroll',
			},
			{
				keys: 'k ↑',
				description: 'scroll up (pauses follow)',
				matches: is.any(is.char('k'), is.named('up')),
				action: () => ({ type: 'logScroll', delta: -1 }),
			},
			{ keys: 'PgDn Space', description: 'page down', matches: is.any(is.named('pageDown'), is.char(' ')), action: () => ({ type: 'logPage', direction: 1 }) },
			{ keys: 'PgUp', description: 'page up', matches: is.named('pageUp'), action: () => ({ type: 'logPage', direction: -1 }) },
			{ keys: 'g Home', description: 'oldest line held', matches: is.any(is.char('g'), is.named('home')), action: () => ({ type: 'logEdge', edge: 'first' }) },
			{
				keys: 'G End',
				description: 'newest line, following',
				matches: is.any(is.char('G'), is.named('end')),
				action: () => ({ type: 'logEdge', edge: 'last' }),
			},
			{
				keys: 'F',
				description: 'follow new output again',
				matches: is.char('F'),
				action: () => ({ type: 'logFollow' }),
				hint: (state) => (state.pane?.kind === 'run' && state.runs[state.pane.run]?.view.follow === false ? 'F follow' : ''),
			},
			{ keys: '/', description: 'search the log', matches: is.char('/'), action: () => ({ type: 'logSearchStart' }), hint: '/ search' },
			{ keys: 'n', description: 'next match', matches: is.char('n'), action: () => ({ type: 'logSearchNext', direction: 1 }), hint: 'n/N match' },
			{ keys: 'N', description: 'previous match', matches: is.char('N'), action: () => ({ type: 'logSearchNext', direction: -1 }) },
			{
				keys: 'x',
				description: 'cancel the run',
				matches: is.char('x'),
				action: () => ({ type: 'cancelRun' }),
				hint: (state) => (cancellableRun(state) ? 'x cancel' : ''),
			},
			{
				keys: 'r',
				description: 'run this entry again',
				matches: is.char('r'),
				action: (state) => (state.pane?.kind === 'run' && !isActive(state.runs[state.pane.run]) ? { type: 'rerunEntries', names: [state.pane.run] } : null),
				hint: (state) => (state.pane?.kind === 'run' && state.runs[state.pane.run]?.phase === 'done' ? 'r again' : ''),
			},
			{
				keys: 'Esc q',
				description: 'hide the log (a run goes on)',
				matches: is.any(is.named('escape'), is.char('q')),
				action: () => ({ type: 'closePane' }),
				hint: 'esc hide',
			},
		],
	},
};

const isStatusDigit = (press: KeyPress) => press.name === null && !press.ctrl && !press.meta && /^[1-4]$/.test(press.input);

function signoffPhase(state: UiState): string | null {
	return state.dialog?.kind === 'signoff' ? state.dialog.phase : null;
}

export const dialogLayers: Record<Dialog['kind'], Layer> = {
	help: {
		title: 'Help',
		passes: quitKeys,
		bindings: [
			{
				keys: '? Esc q',
				description: 'close help',
				matches: is.any(is.char('?'), is.named('escape'), is.char('q')),
				action: () => ({ type: 'toggleHelp' }),
				hint: '?/esc close help',
			},
		],
	},
	filter: {
		title: 'Filter',
		passes: is.ctrl('c'),
		bindings: [
			{ keys: 'Enter', description: 'keep the filter', matches: is.named('return'), action: () => ({ type: 'filterAccept' }), hint: '⏎ keep' },
			{ keys: 'Esc', description: 'clear the filter', matches: is.named('escape'), action: () => ({ type: 'filterCancel' }), hint: 'esc clear' },
			{
				keys: 'Backspace',
				description: 'delete a character',
				matches: is.any(is.named('backspace'), is.named('delete')),
				action: () => ({ type: 'filterErase' }),
			},
			{ keys: 'text', description: 'narrow the list', matches: isPrintable, action: (_state, press) => ({ type: 'filterType', text: press.input }) },
		],
	},
	logSearch: {
		title: 'Log search',
		passes: is.ctrl('c'),
		bindings: [
			{ keys: 'Enter', description: 'find', matches: is.named('return'), action: () => ({ type: 'logSearchAccept' }), hint: '⏎ find' },
			{ keys: 'Esc', description: 'cancel', matches: is.named('escape'), action: () => ({ type: 'logSearchCancel' }), hint: 'esc cancel' },
			{
				keys: 'Backspace',
				description: 'delete a character',
				matches: is.any(is.named('backspace'), is.named('delete')),
				action: () => ({ type: 'logSearchErase' }),
			},
			{ keys: 'text', description: 'what to find', matches: isPrintable, action: (_state, press) => ({ type: 'logSearchType', text: press.input }) },
		],
	},
	signoff: {
		title: 'Sign-off',
		passes: is.ctrl('c'),
		bindings: [
			{
				keys: 'Enter',
				description: 'sign with the chosen status and note',
				matches: is.named('return'),
				action: (state) => (signoffPhase(state) === 'writing' ? null : { type: 'signoffSubmit', allowDirty: false }),
				hint: '⏎ sign',
			},
			{
				keys: 'a',
				description: 'after a dirty-tree refusal: sign anyway, recording dirty: true',
				matches: is.char('a'),
				action: (state) => (signoffPhase(state) === 'confirm-dirty' ? { type: 'signoffSubmit', allowDirty: true } : null),
				hint: (state) => (signoffPhase(state) === 'confirm-dirty' ? 'a allow dirty' : ''),
			},
			{ keys: 'Esc', description: 'cancel: nothing is written', matches: is.named('escape'), action: () => ({ type: 'signoffCancel' }), hint: 'esc cancel' },
			{
				keys: '← →',
				description: 'previous / next status',
				matches: is.named('left'),
				action: () => ({ type: 'signoffChoose', delta: -1 }),
				hint: '←/→ tab 1-4 status',
			},
			{ keys: '→ Tab', description: 'next status', matches: is.any(is.named('right'), is.named('tab')), action: () => ({ type: 'signoffChoose', delta: 1 }) },
			{
				keys: '1-4',
				description: 'pick a status (before typing a note; then digits are text)',
				matches: isStatusDigit,
				action: (state, press) =>
					state.dialog?.kind === 'signoff' && state.dialog.note === '' ? { type: 'signoffChoose', index: Number(press.input) - 1 } : null,
			},
			{
				keys: 'Backspace',
				description: 'delete a character of the note',
				matches: is.any(is.named('backspace'), is.named('delete')),
				action: () => ({ type: 'signoffErase' }),
			},
			{
				keys: 'text',
				description: 'the note',
				matches: isPrintable,
				action: (_state, press) => ({ type: 'signoffType', text: press.input }),
				hint: 'type a note',
			},
		],
	},
};

/** Layers in the order a key visits them. */
export function activeLayers(state: UiState): Layer[] {
	const layers: Layer[] = [];
	if (state.dialog) layers.push(dialogLayers[state.dialog.kind]);
	if (state.pane) layers.push(paneLayers[state.pane.kind]);
	layers.push(screenLayers[currentScreen(state).kind], globalLayer);
	return layers;
}

export function routeKey(state: UiState, press: KeyPress): Action | null {
	let skipScreen = false;
	for (const layer of activeLayers(state)) {
		if (skipScreen && layer === screenLayers[currentScreen(state).kind]) continue;
		for (const binding of layer.bindings) {
			if (!binding.matches(press)) continue;
			const action = binding.action(state, press);
			if (action) return action;
		}
		if (layer.passes && !layer.passes(press)) return null;
		if (layer.coversScreen) skipScreen = true;
	}
	return null;
}

/** Layers whose keys the help overlay lists: everything under the help dialog itself. */
export function helpLayers(state: UiState): Layer[] {
	const underneath = { ...state, dialog: null };
	const layers = activeLayers(underneath);
	return state.pane ? layers.filter((layer) => layer !== screenLayers[currentScreen(state).kind]) : layers;
}

/** Hint-line entries for the current state, most specific layer first. */
export function hints(state: UiState): string[] {
	const layers = activeLayers(state);
	const top = layers[0];
	// A modal layer's hints are all that apply while it is open.
	const shown = top?.passes && state.dialog ? [top] : state.pane ? layers.filter((layer) => layer !== screenLayers[currentScreen(state).kind]) : layers;
	const seen = new Set<string>();
	const out: string[] = [];
	for (const layer of shown) {
		for (const binding of layer.bindings) {
			const hint = typeof binding.hint === 'function' ? binding.hint(state) : binding.hint;
			if (!hint || seen.has(hint)) continue;
			// The pane's own keys replace global ones with the same meaning.
			if (state.pane && layer === globalLayer && !['? help', 'f findings', 'm matrix', 'l run log'].includes(hint)) continue;
			seen.add(hint);
			out.push(hint);
		}
	}
	// Help goes first so a narrow terminal never truncates away the way to learn the rest.
	const help = out.indexOf('? help');
	if (help > 0) out.unshift(...out.splice(help, 1));
	return out;
}
