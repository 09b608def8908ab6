import { shortSha } from '../source/git/short-sha.js';
import { subjectLabel } from '../source/model/subject.js';
import { fit, truncateStart, wrap } from '../source/text/text-fit.js';
import { LABEL_WIDTH } from '../source/ui/state/layout.js';
import { chosenStatus, SIGNOFF_STATUSES, type SignoffDialog, subjectState } from '../source/ui/state/signoff-dialog.js';
import type { UiState } from '../source/ui/state/state.js';
import { statusStyle } from '../source/ui/state/theme.js';
import { plural, signoffDetail } from './format.js';
import { BLANK, type LineSpec, line, type Segment, seg } from './line.js';
import { safe } from './safe.js';

const SHOWN_PATHS = 3;

/** The sign-off dialog over the body: what is signed, the choice, the note, and what will be recorded. */
export function signoffDialogLines(state: UiState, dialog: SignoffDialog): LineSpec[] {
	const label = (text: string) => seg(fit(text, LABEL_WIDTH), 'muted');
	const subject = subjectLabel(dialog.subject);
	const current = subjectState(state.model, dialog.subject);
	const lines: LineSpec[] = [line(seg(`Sign off ${subject}`, 'heading'), seg(current?.title ? ` · ${current.title}` : '', 'heading'))];
	const signoff = signoffDetail(dialog.subject, current?.signoff, state.model);
	lines.push(line(label('Now'), seg(current?.status ?? '(gone)', statusStyle(current?.status)), seg('  sign-off ', 'muted'), seg(signoff.text, signoff.style)));
	lines.push(BLANK);

	const choices: Segment[] = [label('Status')];
	SIGNOFF_STATUSES.forEach((status, index) => {
		const chosen = index === dialog.statusIndex;
		choices.push(seg(chosen ? `[${index + 1} ${status}]` : ` ${index + 1} ${status} `, chosen ? statusStyle(status) : 'muted'), seg(' '));
	});
	lines.push(line(...choices));
	// The end of a long note is where the typing happens, so that is the part kept in view.
	const noteWidth = Math.max(1, state.viewport.columns - LABEL_WIDTH - 1);
	lines.push(line(label('Note'), seg(truncateStart(dialog.note, noteWidth - 1)), seg(dialog.phase === 'editing' ? '▏' : '', 'accent')));
	lines.push(BLANK);
	lines.push(...previewLines(dialog, label));
	lines.push(BLANK);
	lines.push(...footerLines(dialog, state.viewport.columns));
	return lines;
}

function previewLines(dialog: SignoffDialog, label: (text: string) => Segment): LineSpec[] {
	const preview = dialog.preview;
	if (preview.kind === 'loading') return [line(label('Records'), seg('reading HEAD, reviewer and evidence…', 'muted'))];
	if (preview.kind === 'failed') return [line(label('Records'), seg(`cannot sign here: ${preview.message}`, 'error'))];
	const { head, reviewer, dirty, changedPaths, evidenceFiles } = preview.preview;
	const listed = (paths: string[]) => `${paths.slice(0, SHOWN_PATHS).join(', ')}${paths.length > SHOWN_PATHS ? ` +${paths.length - SHOWN_PATHS} more` : ''}`;
	return [
		line(
			label('Records'),
			seg(`${chosenStatus(dialog)} `, statusStyle(chosenStatus(dialog))),
			seg('at HEAD ', 'muted'),
			seg(shortSha(head), 'accent'),
			seg(' by ', 'muted'),
			seg(`${reviewer.name} <${reviewer.email}>`),
		),
		dirty
			? line(label('Tree'), seg(`dirty: ${plural(changedPaths.length, 'changed path')} (${listed(changedPaths)})`, 'warn'))
			: line(label('Tree'), seg('clean (outside the audit\u2019s own files)', 'ok')),
		line(
			label('Evidence'),
			seg(evidenceFiles.length === 0 ? 'no files to digest' : `${plural(evidenceFiles.length, 'file')} digested: `),
			seg(listed(evidenceFiles), 'muted'),
		),
	];
}

/** Refusals name files and subjects, so they are wrapped (a few lines) rather than cut. */
const MESSAGE_LINES = 3;

function footerLines(dialog: SignoffDialog, columns: number): LineSpec[] {
	const lines: LineSpec[] = [];
	// Sanitized before wrapping, so what is measured is what is shown.
	if (dialog.message) for (const text of wrap(safe(dialog.message), columns, MESSAGE_LINES)) lines.push(line(seg(text, 'error')));
	if (dialog.phase === 'confirm-dirty') lines.push(line(seg('a signs anyway (records dirty: true) · Esc cancels · typing edits the note again', 'warn')));
	else if (dialog.phase === 'writing') lines.push(line(seg('writing the sign-off…', 'accent')));
	else lines.push(line(seg('Enter signs · Esc cancels (nothing written) · ←/→ Tab 1-4 pick the status', 'muted')));
	return lines;
}
