import { wrapWords } from '../../format/wrap-text.js';
import { findGate, findSignal } from '../../model/lookup.js';
import { gateKey, signalKey, subjectLabel } from '../../model/subject.js';
import type { PathRef } from '../../model/types.js';
import { gateSubject, restsOn, signalSubject } from '../../signoff/subject.js';
import { sanitizeLine } from '../../text/sanitize.js';
import { type DetailBlock, detailBlocks } from './detail-content.js';
import type { DetailSubject, DiffRequest } from './detail-subject.js';
import { highlighted } from './highlight.js';
import { currentScreen, type UiState, withStatus } from './state.js';
import type { StyleName } from './theme.js';

/**
 * The detail pane (`d`, like k9s' describe): which subject the highlighted row names, its blocks wrapped
 * to the terminal's width (so scrolling knows how far it can go), and the `git diff` it asks for.
 */

/** One line of the pane: a block title, a labelled field's line (the label on its first line only), a gap. */
export type DetailRow = { kind: 'title'; text: string } | { kind: 'field'; label: string; text: string; style?: StyleName } | { kind: 'blank' };

/** Cells of the label column (`Exit test  `), and the indent before it. */
export const DETAIL_LABEL_WIDTH = 13;
export const DETAIL_INDENT = 2;

/** What `d` describes: the highlighted row, or the screen's own gate or signal when its list is empty. */
export function detailSubjectOf(state: UiState): DetailSubject | null {
	const row = highlighted(state);
	switch (row?.kind) {
		case 'gate':
			return { kind: 'gate', gateId: row.row.gate.id };
		case 'gate-signal':
			return row.row.signal ? { kind: 'signal', signalId: row.row.signal.id } : null;
		case 'evidence':
			return { kind: 'signal', signalId: row.signalId };
		case 'command':
			return { kind: 'entry', name: row.row.entry.name };
		case 'finding':
			return { kind: 'finding', rowId: row.row.id };
		case 'matrix':
			return { kind: 'matrix', rowId: row.row.id };
		case 'history':
			return { kind: 'history', rowId: row.row.id };
		case undefined: {
			const screen = currentScreen(state);
			if (screen.kind === 'signal') return { kind: 'signal', signalId: screen.signalId };
			if (screen.kind === 'gate') return { kind: 'gate', gateId: screen.gateId };
			return null;
		}
	}
}

/** What the pane's header names: `gate 3`, `G3-002`, a command's name, or what kind of row it is. */
export function describeSubject(subject: DetailSubject): string {
	switch (subject.kind) {
		case 'gate':
			return subjectLabel(gateKey(subject.gateId));
		case 'signal':
			return subjectLabel(signalKey(subject.signalId));
		case 'entry':
			return subject.name;
		case 'finding':
			return 'the finding';
		case 'matrix':
			return 'the matrix entry';
		case 'history':
			return 'the history line';
	}
}

/** The diff the pane needs: the files the subject's sign-off rests on, between its HEAD and the work tree. */
export function diffRequestOf(state: UiState): DiffRequest | null {
	if (state.pane?.kind !== 'detail') return null;
	const { subject } = state.pane;
	const { model } = state;
	let refs: PathRef[];
	let head: string;
	if (subject.kind === 'gate') {
		const gate = findGate(model, subject.gateId);
		if (!gate?.signoff) return null;
		head = gate.signoff.head;
		refs = restsOn(gateSubject(gate));
	} else if (subject.kind === 'signal') {
		const signal = findSignal(model, subject.signalId);
		if (!signal?.signoff) return null;
		head = signal.signoff.head;
		refs = restsOn(signalSubject(signal));
	} else return null;
	const paths = [...new Set(refs.flatMap((ref) => (ref.path !== null && ref.problem === null ? [ref.path] : [])))].sort();
	return { key: `${head}\u0000${paths.join('\u0000')}`, head, paths };
}

interface RowsMemo {
	inputs: unknown[];
	rows: DetailRow[];
}

let memo: RowsMemo | null = null;

/** The pane's lines for the current state; computed once per change of what they depend on, not per frame. */
export function detailRows(state: UiState): DetailRow[] {
	if (state.pane?.kind !== 'detail') return [];
	const { subject } = state.pane;
	// Every input of detailBlocks, the signature checks included (they arrive after the load, on their own).
	const inputs = [state.model, state.signatures, state.history, state.runs, state.detailDiff, JSON.stringify(subject), state.viewport.columns];
	if (memo?.inputs.every((value, index) => value === inputs[index])) return memo.rows;
	const blocks = detailBlocks({ model: state.model, signatures: state.signatures, history: state.history, runs: state.runs, diff: state.detailDiff }, subject);
	const rows = wrapBlocks(blocks, state.viewport.columns);
	memo = { inputs, rows };
	return rows;
}

/** Blocks as lines of at most `columns` cells: titles and values whole, wrapped at words (long paths after a `/`). */
function wrapBlocks(blocks: DetailBlock[], columns: number): DetailRow[] {
	const textWidth = Math.max(10, columns - DETAIL_INDENT - DETAIL_LABEL_WIDTH);
	const rows: DetailRow[] = [];
	blocks.forEach((block, index) => {
		if (index > 0) rows.push({ kind: 'blank' });
		for (const text of wrapWords(sanitizeLine(block.title), Math.max(10, columns))) rows.push({ kind: 'title', text });
		for (const field of block.fields) {
			const lines = wrapWords(sanitizeLine(field.text), textWidth);
			(lines.length > 0 ? lines : ['']).forEach((text, line) => {
				const row: DetailRow = { kind: 'field', label: line === 0 ? field.label : '', text };
				if (field.style) row.style = field.style;
				rows.push(row);
			});
		}
	});
	return rows;
}

/** `d`: opens the pane on the highlighted row; the controller's effect reads the diff when it asks for one. */
export function openDetail(state: UiState): UiState {
	const subject = detailSubjectOf(state);
	if (!subject) return withStatus(state, 'nothing highlighted to describe');
	const opened: UiState = { ...state, pane: { kind: 'detail', subject, offset: 0 }, dialog: null };
	const request = diffRequestOf(opened);
	return withStatus({ ...opened, detailDiff: request ? { key: request.key, stat: null } : null }, `detail of ${describeSubject(subject)}`);
}

/** After a reload the subject's sign-off may be another one: the pane asks for the diff it now needs. */
export function refreshDetailDiff(state: UiState): UiState {
	const request = diffRequestOf(state);
	if (!request) return state.detailDiff === null ? state : { ...state, detailDiff: null };
	return state.detailDiff?.key === request.key ? state : { ...state, detailDiff: { key: request.key, stat: null } };
}
