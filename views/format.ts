import { isStale } from '../source/findings/stale-signoffs.js';
import type { BlockedInfo } from '../source/model/blocked.js';
import type { SignoffRecord } from '../source/model/signoff-record.js';
import type { SubjectKey } from '../source/model/subject.js';
import type { CommandRun, PathRef } from '../source/model/types.js';
import { signatureVerdict } from '../source/signing/check-signature.js';
import { type SignatureMark, signatureOf } from '../source/ui/state/signatures.js';
import { signoffSummary } from '../source/ui/state/signoff-dialog.js';
import type { UiState } from '../source/ui/state/state.js';
import type { StyleName } from '../source/ui/state/theme.js';
import { type LineSpec, line, type Segment, seg } from './line.js';
import { widestInList } from './table.js';

/** Short words and styles for model values, shared by the screens. */

export interface Tagged {
	text: string;
	style: StyleName;
}

/** `2026-02-13T01:25:33Z` -> `2026-02-13 01:25`; anything else is shown as written. */
export function formatTime(value: string | null): string {
	if (!value) return '—';
	const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(value);
	return match ? `${match[1]} ${match[2]}` : value;
}

export function pathState(ref: PathRef): Tagged {
	if (ref.problem) return { text: 'refused', style: 'error' };
	if (!ref.exists) return { text: 'missing', style: 'bad' };
	if (ref.isDirectory) return { text: 'dir', style: 'ok' };
	return { text: 'ok', style: 'ok' };
}

/** `ok 2/2`, `missing 1/3`, `none` for a list of evidence paths. */
/** The path as written, with the reason when it was refused. */
export function pathLabel(ref: PathRef): string {
	return ref.problem ? `${ref.written}  (${ref.problem}: never read)` : ref.written;
}

export function evidenceSummary(refs: PathRef[] | undefined): Tagged {
	if (!refs || refs.length === 0) return { text: 'none', style: 'warn' };
	const present = refs.filter((ref) => ref.exists && !ref.problem).length;
	return present === refs.length
		? { text: `ok ${present}/${refs.length}`, style: 'ok' }
		: { text: `missing ${refs.length - present}/${refs.length}`, style: 'bad' };
}

/** A signature in a few cells: `✓` verified, `BAD`, `?` signed but not verified, `…` being checked; nothing when unsigned. */
function signatureMarkText(mark: SignatureMark): string {
	switch (mark.state) {
		case 'unsigned':
			return '';
		case 'good':
			return ' \u2713';
		case 'bad':
			return ' BAD';
		case 'checking':
			return ' \u2026';
		default:
			return ' ?';
	}
}

/** Worst first: a bad signature outweighs staleness, which outweighs a signer nobody vouches for. */
function signoffStyle(stale: boolean, mark: SignatureMark): StyleName {
	if (mark.state === 'bad') return 'error';
	if (stale) return 'warn';
	return mark.state === 'good' || mark.state === 'unsigned' || mark.state === 'checking' ? 'ok' : 'warn';
}

/**
 * The Signed column: who signed, `stale` when the model's checks found a `stale-signoff` for the subject,
 * and whether the signature verified (`Ada ✓`, `stale Ada`, `Ada BAD`, `Ada ?`); `—` when not signed.
 */
export function signoffTag(state: UiState, subject: SubjectKey, signoff: SignoffRecord | null | undefined): Tagged {
	const mark = signatureOf(state, subject, signoff);
	if (!signoff || !mark) return { text: '—', style: 'muted' };
	const stale = isStale(state.model, subject);
	const who = signoff.reviewer.name.split(/\s+/)[0] ?? signoff.reviewer.name;
	return { text: `${stale ? 'stale ' : ''}${who}${signatureMarkText(mark)}`, style: signoffStyle(stale, mark) };
}

/** What a screen line says of a signature; the detail pane (`d`) says it whole (describeSignatureCheck). */
function signatureWords(mark: SignatureMark): string {
	switch (mark.state) {
		case 'checking':
			return 'checking the signature\u2026';
		case 'good':
			return '\u2713 signature verified';
		case 'bad':
			return 'BAD signature';
		default:
			return signatureVerdict(mark);
	}
}

/**
 * The width of a sign-off column: its widest tag over the whole list, so the column does not jump while
 * scrolling. Measured once per list and per round of signature checks (widestInList), never per key press:
 * a key press costs the rows on screen, however many the audit has.
 */
export function signoffColumnWidth<Row>(
	state: UiState,
	rows: readonly Row[],
	subjectOf: (row: Row) => { key: SubjectKey; signoff: SignoffRecord | null | undefined },
	least: number,
): number {
	const tag = (row: Row) => {
		const { key, signoff } = subjectOf(row);
		return signoffTag(state, key, signoff).text;
	};
	return widestInList(rows, 'sign-off tags', tag, least, state.signatures);
}

/** `signed GO by Ada at 1a30ec1 · ✓ signature verified`, `stale … · unsigned`, or `none`. */
export function signoffDetail(state: UiState, subject: SubjectKey, signoff: SignoffRecord | null | undefined): Tagged {
	const mark = signatureOf(state, subject, signoff);
	if (!signoff || !mark) return { text: 'none', style: 'muted' };
	const stale = isStale(state.model, subject);
	const signature = signatureWords(mark);
	return { text: `${stale ? 'stale' : 'signed'} ${signoffSummary(signoff)} \u00b7 ${signature}`, style: signoffStyle(stale, mark) };
}

export function exitTag(run: CommandRun | null | undefined): Tagged {
	if (!run) return { text: 'no row', style: 'bad' };
	if (run.skipped !== null) return { text: 'skipped', style: 'warn' };
	if (run.exitCode === null) return { text: run.exitCodeText || 'NA', style: 'warn' };
	return { text: String(run.exitCode), style: run.exitCode === 0 ? 'ok' : 'bad' };
}

/** `running` or `queued` for an entry this session is rerunning; null otherwise (the recorded exit shows). */
export function runTag(state: UiState, name: string | null | undefined): Tagged | null {
	if (!name) return null;
	if (state.queue.includes(name)) return { text: 'queued', style: 'muted' };
	const run = state.runs[name];
	if (!run || run.phase === 'done') return null;
	return { text: run.cancelRequested ? 'cancel…' : 'running', style: 'accent' };
}

/** `Blocked  on Vendor Ops · ticket OPS-12 · until 2026-03-01 (expires in 3 days)`, naming what is missing. */
export function blockedLine(blocked: BlockedInfo | null, label: Segment): LineSpec {
	if (!blocked) return line(label, seg('no owner, ticket or until recorded', 'warn'));
	return line(
		label,
		seg('on ', 'muted'),
		seg(blocked.owner ?? '(no owner)', blocked.owner ? undefined : 'warn'),
		seg(' · ticket ', 'muted'),
		seg(blocked.ticket ?? '—'),
		seg(' · until ', 'muted'),
		seg(blocked.until ?? '(no until)', blocked.until ? 'external' : 'warn'),
	);
}
