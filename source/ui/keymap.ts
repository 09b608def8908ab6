import type { Action } from './actions.js';
import { is, isPrintable, type KeyPress } from './keys.js';
import { activeListRef } from './selection.js';
import { currentScreen, type Dialog, type Pane, type Screen, type UiState } from './state.js';

/**
 * The one input router. A key goes to the first layer that binds it, in priority order
 * dialog > pane > screen > global. The same tables drive the help overlay and the hint line, so what
 * is shown is what works.
 *
 * Adding a key later (e.g. `r` rerun on the matrix screen): add a Binding to `screenLayers.matrix`
 * whose action returns a new Action type, and handle that type in reduce() or as a controller effect.
 * Adding a dialog or pane: extend the Dialog/Pane union in state.ts and add its layer here.
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
			action: (state) => (activeListRef(state) ? { type: 'filterStart' } : null),
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
		{ keys: 'Ctrl-C', description: 'quit', matches: is.ctrl('c'), action: () => ({ type: 'quit', exitCode: 0, reason: 'quit' }) },
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

export const screenLayers: Record<Screen['kind'], Layer> = {
	overview: { title: 'Overview', bindings: [enterOpens('open the selected gate', '⏎ open gate')] },
	gate: { title: 'Gate', bindings: [enterOpens('open the selected signal', '⏎ open signal')] },
	signal: {
		title: 'Signal',
		bindings: [
			enterOpens('open the highlighted evidence file or command log full screen', '⏎ view'),
			{ keys: 'Tab', description: 'switch between evidence and commands', matches: is.named('tab'), action: () => ({ type: 'focusNextSection' }), hint: 'tab section' },
			{ keys: 'PgDn', description: 'page the preview down', matches: is.named('pageDown'), action: () => ({ type: 'previewPage', direction: 1 }), hint: 'PgUp/Dn preview' },
			{ keys: 'PgUp', description: 'page the preview up', matches: is.named('pageUp'), action: () => ({ type: 'previewPage', direction: -1 }) },
		],
	},
	findings: { title: 'Findings', bindings: [enterOpens('open the gate or signal the finding is about', '⏎ open subject')] },
	matrix: { title: 'Command matrix', bindings: [enterOpens('view the log of the selected command', '⏎ view log')] },
};

export const paneLayers: Record<Pane['kind'], Layer> = {
	preview: {
		title: 'Preview',
		coversScreen: true,
		passes: is.any(quitKeys, is.char('?'), is.char('f'), is.char('m')),
		bindings: [
			{ keys: 'j ↓', description: 'scroll down', matches: is.any(is.char('j'), is.named('down')), action: () => ({ type: 'previewScroll', delta: 1 }), hint: 'j/k scroll' },
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
			{ keys: 'Esc q', description: 'close the preview', matches: is.any(is.named('escape'), is.char('q')), action: () => ({ type: 'closePane' }), hint: 'esc close' },
		],
	},
};

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
			{ keys: 'Backspace', description: 'delete a character', matches: is.any(is.named('backspace'), is.named('delete')), action: () => ({ type: 'filterErase' }) },
			{ keys: 'text', description: 'narrow the list', matches: isPrintable, action: (_state, press) => ({ type: 'filterType', text: press.input }) },
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
			if (state.pane && layer === globalLayer && !['? help', 'f findings', 'm matrix'].includes(hint)) continue;
			seen.add(hint);
			out.push(hint);
		}
	}
	// Help goes first so a narrow terminal never truncates away the way to learn the rest.
	const help = out.indexOf('? help');
	if (help > 0) out.unshift(...out.splice(help, 1));
	return out;
}

