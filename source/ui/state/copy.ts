import { sanitizeLine } from '../../text/sanitize.js';
import type { DetailSubject } from './detail-subject.js';
import { highlighted } from './highlight.js';
import { findingRows, historyRows, matrixRows, rowById } from './lists.js';
import { entryByName } from './model-memo.js';
import type { UiState } from './state.js';

/**
 * What `y` copies: the highlighted row's own command, path or id, and nothing else. The text is
 * sanitized (no controls, one line) because it is about to be pasted, maybe into a shell.
 */
export interface CopyTarget {
	text: string;
	/** What it is, for the status line: `signal id`, `command`, `path`. */
	what: string;
}

function target(text: string | null | undefined, what: string): CopyTarget | null {
	const clean = sanitizeLine(text ?? '').trim();
	return clean === '' ? null : { text: clean, what };
}

export function copyTarget(state: UiState): CopyTarget | null {
	const pane = state.pane;
	if (pane?.kind === 'preview') return target(pane.target.ref.path ?? pane.target.title, 'path');
	if (pane?.kind === 'run') return target(state.runs[pane.run]?.command, 'command');
	if (pane?.kind === 'detail') return subjectTarget(state, pane.subject);
	const row = highlighted(state);
	switch (row?.kind) {
		case 'gate':
			return target(String(row.row.gate.id), 'gate number');
		case 'gate-signal':
			return target(row.row.signalId, 'signal id');
		case 'evidence':
			return target(row.row.ref.written, 'path');
		case 'command':
			return target(row.row.entry.latest.command, 'command');
		case 'finding':
			return target(row.row.finding.subject, 'finding subject');
		case 'matrix':
			return target(row.row.entry.command, 'command');
		case 'history':
			return target(row.row.item.subject, 'subject');
		case undefined:
			return null;
	}
}

function subjectTarget(state: UiState, subject: DetailSubject): CopyTarget | null {
	switch (subject.kind) {
		case 'gate':
			return target(String(subject.gateId), 'gate number');
		case 'signal':
			return target(subject.signalId, 'signal id');
		case 'entry':
			return target(entryByName(state.model, subject.name)?.latest.command, 'command');
		case 'finding':
			return target(rowById(findingRows(state.model), subject.rowId)?.finding.subject, 'finding subject');
		case 'matrix':
			return target(rowById(matrixRows(state.model), subject.rowId)?.entry.command, 'command');
		case 'history':
			return target(rowById(historyRows(state.history), subject.rowId)?.item.subject, 'subject');
	}
}

/** `copied signal id G3-002 (OSC 52)`: the terminal decides whether it honours the request, so that is said too. */
export function describeCopy(copied: CopyTarget): string {
	return `copied ${copied.what} ${copied.text} to the clipboard (OSC 52)`;
}
