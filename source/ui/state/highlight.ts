import {
	type CommandRow,
	commandRows,
	type EvidenceRow,
	evidenceRows,
	type FindingRow,
	findingRows,
	type GateRow,
	type GateSignalRow,
	gateRows,
	gateSignalRows,
	type HistoryRow,
	historyRows,
	type MatrixRow,
	matrixRows,
} from './lists.js';
import { activeListRef, filterOf, selectedOf } from './selection.js';
import type { UiState } from './state.js';

/**
 * The highlighted row of the screen on top, typed by the list it is in: what Enter opens, `d` describes,
 * `y` copies and `s`/`S` sign off. Null when the list is empty (or filtered to nothing).
 */
export type Highlight =
	| { kind: 'gate'; row: GateRow }
	| { kind: 'gate-signal'; gateId: number; row: GateSignalRow }
	| { kind: 'evidence'; signalId: string; row: EvidenceRow }
	| { kind: 'command'; signalId: string; row: CommandRow }
	| { kind: 'finding'; row: FindingRow }
	| { kind: 'matrix'; row: MatrixRow }
	| { kind: 'history'; row: HistoryRow };

export function highlighted(state: UiState): Highlight | null {
	const { model } = state;
	const ref = activeListRef(state);
	const filter = filterOf(state, ref);
	switch (ref.kind) {
		case 'gates': {
			const row = selectedOf(state, ref, gateRows(model, filter));
			return row ? { kind: 'gate', row } : null;
		}
		case 'gate-signals': {
			const row = selectedOf(state, ref, gateSignalRows(model, ref.gateId, filter));
			return row ? { kind: 'gate-signal', gateId: ref.gateId, row } : null;
		}
		case 'signal-evidence': {
			const row = selectedOf(state, ref, evidenceRows(model, ref.signalId, filter));
			return row ? { kind: 'evidence', signalId: ref.signalId, row } : null;
		}
		case 'signal-commands': {
			const row = selectedOf(state, ref, commandRows(model, ref.signalId, filter));
			return row ? { kind: 'command', signalId: ref.signalId, row } : null;
		}
		case 'findings': {
			const row = selectedOf(state, ref, findingRows(model, filter));
			return row ? { kind: 'finding', row } : null;
		}
		case 'matrix': {
			const row = selectedOf(state, ref, matrixRows(model, filter));
			return row ? { kind: 'matrix', row } : null;
		}
		case 'history': {
			const row = selectedOf(state, ref, historyRows(state.history, filter));
			return row ? { kind: 'history', row } : null;
		}
	}
}
