import { isStale } from '../source/findings/stale-signoffs.js';
import type { SignoffRecord } from '../source/model/signoff-record.js';
import type { SubjectKey } from '../source/model/subject.js';
import type { AuditModel, CommandRun, FindingSeverity, PathRef } from '../source/model/types.js';
import { signoffSummary } from '../source/ui/state/signoff-dialog.js';
import type { UiState } from '../source/ui/state/state.js';
import type { StyleName } from '../source/ui/state/theme.js';

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

/** `signed`, or `stale` when the model's checks found a `stale-signoff` for the subject (`G3-002`, `gate 3`). */
export function signoffTag(subject: SubjectKey, signoff: SignoffRecord | null | undefined, model: AuditModel): Tagged {
	if (!signoff) return { text: '—', style: 'muted' };
	return isStale(model, subject) ? { text: 'stale', style: 'warn' } : { text: 'signed', style: 'ok' };
}

/** `stale GO by Ada at 1a30ec1` / `signed GO by Ada at 1a30ec1`, or `none`. */
export function signoffDetail(subject: SubjectKey, signoff: SignoffRecord | null | undefined, model: AuditModel): Tagged {
	if (!signoff) return { text: 'none', style: 'muted' };
	const tag = signoffTag(subject, signoff, model);
	return { text: `${tag.text} ${signoffSummary(signoff)}`, style: tag.style };
}

export function exitTag(run: CommandRun | null | undefined): Tagged {
	if (!run) return { text: 'no row', style: 'bad' };
	if (run.skipped !== null) return { text: 'skipped', style: 'warn' };
	if (run.exitCode === null) return { text: run.exitCodeText || 'NA', style: 'warn' };
	return { text: String(run.exitCode), style: run.exitCode === 0 ? 'ok' : 'bad' };
}

export function severityStyle(severity: FindingSeverity): StyleName {
	return severity === 'error' ? 'error' : severity === 'warning' ? 'warn' : 'muted';
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
	return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** `running` or `queued` for an entry this session is rerunning; null otherwise (the recorded exit shows). */
export function runTag(state: UiState, name: string | null | undefined): Tagged | null {
	if (!name) return null;
	if (state.queue.includes(name)) return { text: 'queued', style: 'muted' };
	const run = state.runs[name];
	if (!run || run.phase === 'done') return null;
	return { text: run.cancelRequested ? 'cancel…' : 'running', style: 'accent' };
}
