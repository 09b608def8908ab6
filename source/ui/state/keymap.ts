import type { Action } from './actions.js';
import { dialogLayers } from './dialog-bindings.js';
import { globalLayer, paneLayers, screenLayers } from './key-bindings.js';
import { type KeyPress, type KeySpec, keyId, keyLabel, matchesKey } from './keys.js';
import { currentScreen, type UiState } from './state.js';

/**
 * The one input router, and the one source of the hint line and the help overlay. Key bindings are data
 * (key-bindings.ts, dialog-bindings.ts): a key goes to the first binding that takes it, in layer order
 * dialog > pane > screen > global. Help and hints are computed from the same walk, so a key is hinted
 * exactly where it acts, and a key that cannot act right now says why (lazygit's disabled reasons).
 *
 * Adding a key: add a Binding to the layer where it applies, whose action returns an Action handled in
 * reduce() (and, for work outside the state, by a controller feature's effect). Adding a dialog or pane:
 * extend the Dialog/Pane union in state.ts and add its layer.
 */

export interface Binding {
	keys: KeySpec[];
	description: string;
	action: (state: UiState, press: KeyPress) => Action;
	/** Whether the binding exists in this state; when false its keys go on to the next binding. */
	when?: (state: UiState) => boolean;
	/** Why the key cannot act right now: the key is taken, nothing changes, and the status line says why. */
	disabled?: (state: UiState) => string | null;
	/** Short form for the always-visible hint line; bindings without one appear in help only. */
	hint?: string | ((state: UiState) => string | null);
}

export interface Layer {
	title: string;
	bindings: Binding[];
	/** Which keys this layer does not bind may go on to the layers below; absent lets every key through. */
	passes?: KeySpec[];
	/** Keys that pass skip the screen layer and go to the global one (a pane covers the screen). */
	coversScreen?: boolean;
	/** While this layer is on top, the hint line shows only its hints (dialogs that take the keyboard). */
	exclusiveHints?: boolean;
}

/** Layers in the order a key visits them. */
export function activeLayers(state: UiState): Layer[] {
	const layers: Layer[] = [];
	if (state.dialog) layers.push(dialogLayers[state.dialog.kind]);
	if (state.pane) layers.push(paneLayers[state.pane.kind]);
	if (!layers.some((layer) => layer.coversScreen)) layers.push(screenLayers[currentScreen(state).kind]);
	layers.push(globalLayer);
	return layers;
}

function applies(binding: Binding, state: UiState): boolean {
	return binding.when === undefined || binding.when(state);
}

export function routeKey(state: UiState, press: KeyPress): Action | null {
	for (const layer of activeLayers(state)) {
		for (const binding of layer.bindings) {
			const matched = binding.keys.find((spec) => matchesKey(spec, press));
			if (!matched || !applies(binding, state)) continue;
			const reason = binding.disabled?.(state);
			if (reason) return { type: 'setStatus', text: `${keyLabel(matched)}: ${reason}`, tone: 'info' };
			return binding.action(state, press);
		}
		if (layer.passes && !layer.passes.some((spec) => matchesKey(spec, press))) return null;
	}
	return null;
}

/** A binding some of whose keys reach it in this state, with those keys. */
export interface ReachableBinding {
	layer: Layer;
	binding: Binding;
	keys: KeySpec[];
	/** Why it cannot act right now; null when it can. */
	disabled: string | null;
}

/**
 * The bindings a key can reach right now, most specific first: a key taken by a binding above, or held
 * back by a layer above that does not let it through, does not reach the ones below.
 */
export function reachableBindings(state: UiState): ReachableBinding[] {
	const taken = new Set<string>();
	let textTaken = false;
	let allTaken = false;
	const filters: Array<Set<string>> = [];
	const out: ReachableBinding[] = [];
	const reaches = (spec: KeySpec) => {
		const id = keyId(spec);
		if (allTaken || taken.has(id) || (textTaken && 'char' in spec)) return false;
		return filters.every((filter) => filter.has(id));
	};
	for (const layer of activeLayers(state)) {
		for (const binding of layer.bindings) {
			if (!applies(binding, state)) continue;
			const keys = binding.keys.filter(reaches);
			if (keys.length > 0) out.push({ layer, binding, keys, disabled: binding.disabled?.(state) ?? null });
			for (const spec of binding.keys) {
				taken.add(keyId(spec));
				if ('text' in spec) textTaken = true;
				if ('any' in spec) allTaken = true;
			}
		}
		if (layer.passes) filters.push(new Set(layer.passes.map(keyId)));
	}
	return out;
}

/** A key as the router receives it, for asking a binding what it would do (bindings are pure). */
function pressOf(spec: KeySpec): KeyPress | null {
	if ('char' in spec) return { input: spec.char, name: null, ctrl: false, meta: false };
	if ('named' in spec) return { input: '', name: spec.named, ctrl: false, meta: false };
	if ('ctrl' in spec) return { input: spec.ctrl, name: null, ctrl: true, meta: false };
	return null;
}

/**
 * The keys that do `wanted` right now, named as help names them (`?`, `Esc`), from the first binding that
 * does it (one with a hint before one without: `x` over Ctrl-C for cancelling a run); empty when no key
 * does. For text on screen that tells which key does something (`[running test: l log, x cancel]`), so
 * it names a key only where the router would let it act.
 */
export function keysFor(state: UiState, wanted: (action: Action) => boolean): string[] {
	let found: string[] = [];
	for (const { binding, keys, disabled } of reachableBindings(state)) {
		if (disabled) continue;
		const acting = keys.filter((spec) => {
			const press = pressOf(spec);
			return press !== null && wanted(binding.action(state, press));
		});
		if (acting.length === 0) continue;
		if (binding.hint) return acting.map(keyLabel);
		if (found.length === 0) found = acting.map(keyLabel);
	}
	return found;
}

/** The first of keysFor: the key that does `wanted` right now, or null. */
export function keyFor(state: UiState, wanted: (action: Action) => boolean): string | null {
	return keysFor(state, wanted)[0] ?? null;
}

/** Hint-line entries for the current state, most specific layer first; `? help` leads. */
export function hints(state: UiState): string[] {
	const reachable = reachableBindings(state);
	const top = activeLayers(state)[0];
	const shown = top?.exclusiveHints ? reachable.filter((entry) => entry.layer === top) : reachable;
	const out: string[] = [];
	for (const { binding, disabled } of shown) {
		if (disabled) continue;
		const hint = typeof binding.hint === 'function' ? binding.hint(state) : binding.hint;
		if (hint && !out.includes(hint)) out.push(hint);
	}
	// Help goes first so a narrow terminal never hides the way to learn the rest.
	const help = out.indexOf('? help');
	if (help > 0) out.unshift(...out.splice(help, 1));
	return out;
}

export interface HelpSection {
	title: string;
	entries: Array<{ keys: string; description: string; disabled: string | null }>;
}

/** What help lists: every key that reaches a binding on the screen under the help overlay, by layer. */
export function helpSections(state: UiState): HelpSection[] {
	const underneath: UiState = state.dialog?.kind === 'help' ? { ...state, dialog: null } : state;
	const sections: HelpSection[] = [];
	for (const entry of reachableBindings(underneath)) {
		let section = sections.find((candidate) => candidate.title === `${entry.layer.title} keys`);
		if (!section) {
			section = { title: `${entry.layer.title} keys`, entries: [] };
			sections.push(section);
		}
		section.entries.push({ keys: entry.keys.map(keyLabel).join(' '), description: entry.binding.description, disabled: entry.disabled });
	}
	return sections;
}
