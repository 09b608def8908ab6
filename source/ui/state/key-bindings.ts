import { copyTarget } from './copy.js';
import { detailSubjectOf } from './detail.js';
import { highlighted } from './highlight.js';
import type { Binding, Layer } from './keymap.js';
import { type KeySpec, keys } from './keys.js';
import { commandsForSignal } from './lists.js';
import { failedMatrixNames, signalHasFailedCommand } from './model-memo.js';
import { isActive, isCancellable } from './runs.js';
import { activeListRef } from './selection.js';
import { currentScreen, type Screen, type UiState } from './state.js';

/** The bindings of the global layer, each screen and each pane, as data (see keymap.ts). */

const { char, named, ctrl } = keys;

/** Keys a pane or dialog lets through to the global layer: quitting, and going somewhere else. */
export const QUIT_KEYS: KeySpec[] = [char('Q'), ctrl('c')];
/** Over a pane, the keys that go elsewhere, and the run's own keys: `x` cancels it, `l` shows its log. */
const PANE_PASSES: KeySpec[] = [...QUIT_KEYS, char('?'), char('f'), char('m'), char('h'), char(':'), char('y'), char('x'), char('l')];

function cancellableRun(state: UiState): boolean {
	return state.activeRun !== null && isCancellable(state.runs[state.activeRun]);
}

/** j/k, paging and the ends, for a view that scrolls: the preview, the detail pane, help. */
export const scroll = (view: 'preview' | 'help' | 'detail', noun: string): Binding[] => [
	{
		keys: [char('j'), named('down')],
		description: `scroll ${noun} down`,
		action: () => ({ type: 'scrollView', view, move: { by: 'line', delta: 1 } }),
		hint: 'j/k scroll',
	},
	{ keys: [char('k'), named('up')], description: `scroll ${noun} up`, action: () => ({ type: 'scrollView', view, move: { by: 'line', delta: -1 } }) },
	{
		keys: [named('pageDown'), char(' ')],
		description: 'page down',
		action: () => ({ type: 'scrollView', view, move: { by: 'page', direction: 1 } }),
	},
	{ keys: [named('pageUp')], description: 'page up', action: () => ({ type: 'scrollView', view, move: { by: 'page', direction: -1 } }) },
	{ keys: [char('g'), named('home')], description: 'top', action: () => ({ type: 'scrollView', view, move: { by: 'edge', edge: 'first' } }) },
	{ keys: [char('G'), named('end')], description: 'bottom', action: () => ({ type: 'scrollView', view, move: { by: 'edge', edge: 'last' } }) },
];

export const globalLayer: Layer = {
	title: 'Everywhere',
	bindings: [
		{ keys: [char('j'), named('down')], description: 'move down', action: () => ({ type: 'move', delta: 1 }), hint: 'j/k move' },
		{ keys: [char('k'), named('up')], description: 'move up', action: () => ({ type: 'move', delta: -1 }) },
		{ keys: [char('g'), named('home')], description: 'first row', action: () => ({ type: 'moveToEdge', edge: 'first' }) },
		{ keys: [char('G'), named('end')], description: 'last row', action: () => ({ type: 'moveToEdge', edge: 'last' }) },
		{ keys: [named('pageDown')], description: 'page down', action: () => ({ type: 'page', direction: 1 }) },
		{ keys: [named('pageUp')], description: 'page up', action: () => ({ type: 'page', direction: -1 }) },
		{ keys: [char('/')], description: 'filter this list (Enter keeps, Esc clears)', action: () => ({ type: 'filterStart' }), hint: '/ filter' },
		{
			keys: [char('d')],
			description: 'detail of the highlighted row: every field whole',
			action: () => ({ type: 'openDetail' }),
			disabled: (state) => (detailSubjectOf(state) ? null : 'nothing highlighted to describe'),
			hint: 'd detail',
		},
		{
			keys: [char('y')],
			description: "copy the highlighted row's command, path or id (OSC 52)",
			action: () => ({ type: 'copy' }),
			disabled: (state) => (copyTarget(state) ? null : 'nothing highlighted to copy'),
			hint: 'y copy',
		},
		{ keys: [char(':')], description: 'go to a gate or signal by number or id (Tab completes)', action: () => ({ type: 'jumpStart' }), hint: ': go to' },
		{
			keys: [char('h')],
			description: 'sign-off history: who signed what, when, newest first',
			action: () => ({ type: 'goto', screen: 'history' }),
			disabled: (state) => (currentScreen(state).kind === 'history' ? 'this is the history' : null),
			hint: 'h history',
		},
		{ keys: [named('escape')], description: 'clear the filter, else go back', action: () => ({ type: 'back' }) },
		{
			keys: [char('q')],
			description: 'go back; on the top screen asks first (q again quits)',
			action: () => ({ type: 'backOrQuit' }),
			hint: (state) => (state.stack.length > 1 || state.pane ? 'q back' : 'q quit'),
		},
		{ keys: [char('Q')], description: 'quit at once', action: () => ({ type: 'quit', exitCode: 0, reason: 'quit' }) },
		{
			keys: [ctrl('c')],
			description: 'cancel the running command; quit when nothing runs',
			action: (state) => (cancellableRun(state) ? { type: 'cancelRun' } : { type: 'quit', exitCode: 0, reason: 'quit' }),
		},
		{
			keys: [char('x')],
			description: 'cancel the running command (and the queued ones)',
			action: () => ({ type: 'cancelRun' }),
			disabled: (state) => (cancellableRun(state) || state.queue.length > 0 ? null : 'nothing is running'),
			hint: 'x cancel',
		},
		{
			keys: [char('l')],
			description: 'show the log of the current or last rerun',
			action: () => ({ type: 'openRunPane' }),
			disabled: (state) => ((state.activeRun ?? state.lastRun) ? null : 'no rerun in this session yet'),
			hint: 'l run log',
		},
		{ keys: [char('f')], description: 'findings', action: () => ({ type: 'goto', screen: 'findings' }), hint: 'f findings' },
		{ keys: [char('m')], description: 'command matrix', action: () => ({ type: 'goto', screen: 'matrix' }), hint: 'm matrix' },
		{ keys: [char('?')], description: 'help: every key of this screen', action: () => ({ type: 'toggleHelp' }), hint: '? help' },
	],
};

const enterOpens = (description: string, hint: string, disabled?: (state: UiState) => string | null): Binding => ({
	keys: [named('return')],
	description,
	action: () => ({ type: 'open' }),
	disabled: (state) => (highlighted(state) ? (disabled?.(state) ?? null) : 'the list is empty'),
	hint,
});

const signOff = (key: 's' | 'S', description: string, hint: string): Binding => ({
	keys: [char(key)],
	description,
	action: () => ({ type: 'signoffOpen', target: key === 's' ? 'screen' : 'row' }),
	...(key === 'S' ? { disabled: (state: UiState) => (highlighted(state)?.kind === 'gate-signal' ? null : 'no signal highlighted') } : {}),
	hint,
});

function signalOnScreen(state: UiState): string | null {
	const screen = currentScreen(state);
	return screen.kind === 'signal' ? screen.signalId : null;
}

/** Why a signal's commands cannot be rerun: none recorded. */
function noCommands(state: UiState): string | null {
	const signalId = signalOnScreen(state);
	return signalId !== null && commandsForSignal(state.model, signalId).length === 0 ? `no commands recorded for ${signalId}` : null;
}

export const screenLayers: Record<Screen['kind'], Layer> = {
	overview: {
		title: 'Overview',
		bindings: [enterOpens('open the selected gate', '⏎ open gate'), signOff('s', 'sign off the selected gate', 's sign off')],
	},
	gate: {
		title: 'Gate',
		bindings: [
			enterOpens('open the selected signal', '⏎ open signal', (state) => {
				const row = highlighted(state);
				return row?.kind === 'gate-signal' && !row.row.signal ? `${row.row.signalId} is not defined in the tracker` : null;
			}),
			signOff('s', 'sign off this gate', 's sign gate'),
			signOff('S', 'sign off the selected signal', 'S sign signal'),
		],
	},
	signal: {
		title: 'Signal',
		bindings: [
			enterOpens('open the highlighted evidence file or command log (or its rerun) full screen', '⏎ view'),
			signOff('s', 'sign off this signal', 's sign off'),
			{
				keys: [char('r')],
				description: 'rerun the highlighted command (Commands list)',
				action: () => ({ type: 'rerun', scope: 'selected' }),
				disabled: (state) => noCommands(state) ?? (activeListRef(state).kind === 'signal-commands' ? null : 'Tab to the Commands list first'),
				hint: 'r rerun',
			},
			{
				keys: [char('R')],
				description: 'rerun every failed command of this signal, one after another',
				action: () => ({ type: 'rerun', scope: 'failed' }),
				disabled: (state) => {
					const signalId = signalOnScreen(state);
					return noCommands(state) ?? (signalId !== null && signalHasFailedCommand(state.model, signalId) ? null : 'no failed commands');
				},
				hint: 'R rerun failed',
			},
			{
				keys: [char('A')],
				description: "rerun all of this signal's commands, one after another",
				action: () => ({ type: 'rerun', scope: 'all' }),
				disabled: noCommands,
				hint: 'A rerun all',
			},
			{ keys: [named('tab')], description: 'switch between evidence and commands', action: () => ({ type: 'focusNextSection' }), hint: 'tab section' },
			{
				keys: [named('pageDown')],
				description: 'page the preview down',
				action: () => ({ type: 'scrollView', view: 'preview', move: { by: 'page', direction: 1 } }),
				hint: 'PgUp/Dn preview',
			},
			{
				keys: [named('pageUp')],
				description: 'page the preview up',
				action: () => ({ type: 'scrollView', view: 'preview', move: { by: 'page', direction: -1 } }),
			},
		],
	},
	findings: {
		title: 'Findings',
		bindings: [
			enterOpens('open the gate or signal the finding is about', '⏎ open subject', (state) => {
				const row = highlighted(state);
				return row?.kind === 'finding' && row.row.finding.about === null ? `no screen for "${row.row.finding.subject}": d shows it whole` : null;
			}),
		],
	},
	matrix: {
		title: 'Command matrix',
		bindings: [
			enterOpens('view the log of the highlighted command (or its rerun)', '⏎ view log'),
			{
				keys: [char('r')],
				description: 'rerun the highlighted command',
				action: () => ({ type: 'rerun', scope: 'selected' }),
				disabled: (state) => {
					const row = highlighted(state);
					return row?.kind === 'matrix' && !row.row.entry.entry ? `${row.row.entry.name ?? row.row.entry.command} has no row in the status file` : null;
				},
				hint: 'r rerun',
			},
			{
				keys: [char('R')],
				description: 'rerun every failed entry, one after another',
				action: () => ({ type: 'rerun', scope: 'failed' }),
				disabled: (state) => (failedMatrixNames(state.model).length > 0 ? null : 'no failed entries'),
				hint: 'R rerun failed',
			},
		],
	},
	history: { title: 'Sign-off history', bindings: [enterOpens('open the gate or signal that was signed', '⏎ open subject')] },
};

export const paneLayers: Record<'preview' | 'run' | 'detail', Layer> = {
	preview: {
		title: 'Preview',
		coversScreen: true,
		passes: PANE_PASSES,
		bindings: [
			...scroll('preview', 'the file'),
			{ keys: [named('escape'), char('q')], description: 'close the preview', action: () => ({ type: 'closePane' }), hint: 'esc close' },
		],
	},
	detail: {
		title: 'Detail',
		coversScreen: true,
		passes: PANE_PASSES,
		bindings: [
			...scroll('detail', 'the detail'),
			{
				keys: [named('return')],
				description: 'open the gate or signal this is about',
				action: () => ({ type: 'open' }),
				disabled: (state) => (detailOpens(state) ? null : 'nothing to open from here'),
				hint: '⏎ open',
			},
			{ keys: [named('escape'), char('q')], description: 'close the detail', action: () => ({ type: 'closePane' }), hint: 'esc close' },
		],
	},
	run: {
		title: 'Run log',
		coversScreen: true,
		passes: PANE_PASSES,
		bindings: [
			{ keys: [char('j'), named('down')], description: 'scroll down (pauses follow)', action: () => ({ type: 'logScroll', delta: 1 }), hint: 'j/k scroll' },
			{ keys: [char('k'), named('up')], description: 'scroll up (pauses follow)', action: () => ({ type: 'logScroll', delta: -1 }) },
			{ keys: [named('pageDown'), char(' ')], description: 'page down', action: () => ({ type: 'logPage', direction: 1 }) },
			{ keys: [named('pageUp')], description: 'page up', action: () => ({ type: 'logPage', direction: -1 }) },
			{ keys: [char('g'), named('home')], description: 'oldest line held', action: () => ({ type: 'logEdge', edge: 'first' }) },
			{ keys: [char('G'), named('end')], description: 'newest line, following', action: () => ({ type: 'logEdge', edge: 'last' }) },
			{
				keys: [char('F')],
				description: 'follow new output again',
				action: () => ({ type: 'logFollow' }),
				disabled: (state) => (state.pane?.kind === 'run' && state.runs[state.pane.run]?.view.follow === false ? null : 'already following'),
				hint: 'F follow',
			},
			{ keys: [char('/')], description: 'search the log', action: () => ({ type: 'logSearchStart' }), hint: '/ search' },
			{ keys: [char('n')], description: 'next match', action: () => ({ type: 'logSearchNext', direction: 1 }), hint: 'n/N match' },
			{ keys: [char('N')], description: 'previous match', action: () => ({ type: 'logSearchNext', direction: -1 }) },
			{
				keys: [char('x')],
				description: 'cancel the run',
				action: () => ({ type: 'cancelRun' }),
				disabled: (state) => (cancellableRun(state) || state.queue.length > 0 ? null : 'nothing is running'),
				hint: 'x cancel',
			},
			{
				keys: [char('r')],
				description: 'run this entry again',
				action: (state) => ({ type: 'rerunEntries', names: state.pane?.kind === 'run' ? [state.pane.run] : [] }),
				disabled: (state) => (state.pane?.kind === 'run' && !isActive(state.runs[state.pane.run]) ? null : 'it is still running'),
				hint: 'r again',
			},
			{ keys: [named('escape'), char('q')], description: 'hide the log (a run goes on)', action: () => ({ type: 'closePane' }), hint: 'esc hide' },
		],
	},
};

/** Enter in the detail pane opens the gate or signal it is about, when there is one. */
function detailOpens(state: UiState): boolean {
	if (state.pane?.kind !== 'detail') return false;
	const kind = state.pane.subject.kind;
	return kind === 'gate' || kind === 'signal' || kind === 'finding' || kind === 'history';
}
