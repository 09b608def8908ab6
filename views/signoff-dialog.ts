import { plural } from '../source/format/plural.js';
import { wrapAtMost } from '../source/format/wrap-text.js';
import { shortSha } from '../source/git/short-sha.js';
import { subjectLabel } from '../source/model/subject.js';
import { fit, truncateStart } from '../source/text/text-fit.js';
import type { Action } from '../source/ui/state/actions.js';
import { keyFor } from '../source/ui/state/keymap.js';
import { LABEL_WIDTH } from '../source/ui/state/layout.js';
import {
	chosenStatus,
	fieldText,
	SIGNOFF_STATUSES,
	type SignoffDialog,
	type SignoffField,
	signoffFields,
	subjectState,
} from '../source/ui/state/signoff-dialog.js';
import type { UiState } from '../source/ui/state/state.js';
import { statusStyle } from '../source/ui/state/theme.js';
import { signoffDetail } from './format.js';
import { BLANK, type LineSpec, line, type Segment, seg } from './line.js';
import { safe } from './safe.js';

const SHOWN_PATHS = 3;

/** The sign-off dialog over the body: what is signed, the choice, the note, and what will be recorded. */
export function signoffDialogLines(state: UiState, dialog: SignoffDialog): LineSpec[] {
	const label = (text: string) => seg(fit(text, LABEL_WIDTH), 'muted');
	const subject = subjectLabel(dialog.subject);
	const current = subjectState(state.model, dialog.subject);
	const lines: LineSpec[] = [line(seg(`Sign off ${subject}`, 'heading'), seg(current?.title ? ` · ${current.title}` : '', 'heading'))];
	const signoff = signoffDetail(state, dialog.subject, current?.signoff);
	lines.push(line(label('Now'), seg(current?.status ?? '(gone)', statusStyle(current?.status)), seg('  sign-off ', 'muted'), seg(signoff.text, signoff.style)));
	lines.push(BLANK);

	const choices: Segment[] = [label('Status')];
	SIGNOFF_STATUSES.forEach((status, index) => {
		const chosen = index === dialog.statusIndex;
		choices.push(seg(chosen ? `[${status}]` : ` ${status} `, chosen ? statusStyle(status) : 'muted'), seg(' '));
	});
	lines.push(line(...choices));
	for (const field of signoffFields(dialog)) lines.push(fieldLine(state.viewport.columns, dialog, field));
	lines.push(BLANK);
	lines.push(...previewLines(dialog, label));
	lines.push(BLANK);
	lines.push(...footerLines(state, dialog));
	return lines;
}

const FIELD_LABELS: Record<SignoffField, string> = { note: 'Note', owner: 'Owner', ticket: 'Ticket', until: 'Until' };
const FIELD_HINTS: Record<SignoffField, string> = { note: '', owner: 'who it waits on', ticket: 'where it is tracked', until: 'YYYY-MM-DD, reviewed by then' };

/** One field: the focused one shows the cursor; the end of a long text is where the typing happens, so that is kept in view. */
function fieldLine(columns: number, dialog: SignoffDialog, field: SignoffField): LineSpec {
	const focused = dialog.phase === 'editing' && dialog.focus === field;
	const text = fieldText(dialog, field);
	const width = Math.max(1, columns - LABEL_WIDTH - 1);
	const hint = text === '' && FIELD_HINTS[field] ? seg(`  (${FIELD_HINTS[field]})`, 'muted') : seg('');
	return line(
		seg(fit(`${focused ? '\u25b8' : ' '}${FIELD_LABELS[field]}`, LABEL_WIDTH), focused ? 'accent' : 'muted'),
		seg(truncateStart(text, width - 1)),
		seg(focused ? '\u258f' : '', 'accent'),
		hint,
	);
}

function previewLines(dialog: SignoffDialog, label: (text: string) => Segment): LineSpec[] {
	const preview = dialog.preview;
	if (preview.kind === 'loading') return [line(label('Records'), seg('reading HEAD, reviewer and evidence…', 'muted'))];
	if (preview.kind === 'failed') return [line(label('Records'), seg(`cannot sign here: ${preview.message}`, 'error'))];
	const { head, reviewer, reviewerSource, signingKey, signingLabel, policy, dirty, changedPaths, evidenceFiles } = preview.preview;
	const listed = (paths: string[]) => `${paths.slice(0, SHOWN_PATHS).join(', ')}${paths.length > SHOWN_PATHS ? ` +${paths.length - SHOWN_PATHS} more` : ''}`;
	return [
		line(
			label('Records'),
			seg(`${chosenStatus(dialog)} `, statusStyle(chosenStatus(dialog))),
			seg('at HEAD ', 'muted'),
			seg(shortSha(head), 'accent'),
			seg(' by ', 'muted'),
			seg(`${reviewer.name} <${reviewer.email}>`),
			seg(` (${reviewerSource})`, 'muted'),
		),
		line(label('Signature'), seg(signingLabel, signingKey ? 'ok' : 'warn')),
		...(policy ? [line(label('Policy'), seg(policy, 'warn'))] : []),
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

/**
 * After a refusal, what can be done about it, naming the keys the router gives those actions right now;
 * the hint line below lists every key of the dialog (Enter, Esc, ...), so that is not repeated here.
 */
function footerLines(state: UiState, dialog: SignoffDialog): LineSpec[] {
	const lines: LineSpec[] = [];
	// Sanitized before wrapping, so what is measured is what is shown.
	if (dialog.message) for (const text of wrapAtMost(safe(dialog.message), state.viewport.columns, MESSAGE_LINES)) lines.push(line(seg(text, 'error')));
	const key = (wanted: (action: Action) => boolean, what: string) => {
		const found = keyFor(state, wanted);
		return found ? `${found} ${what}` : null;
	};
	const backToFields = key((action) => action.type === 'signoffFocus', 'goes back to the fields');
	const answers =
		dialog.phase === 'confirm-dirty'
			? [key((action) => action.type === 'signoffSubmit' && action.allowDirty, 'signs anyway (records dirty: true)'), backToFields]
			: dialog.phase === 'refused' && dialog.conflict
				? [key((action) => action.type === 'signoffTakeCurrent', 'takes the state on disk and keeps this dialog (your status and note stay)')]
				: dialog.phase === 'refused'
					? [backToFields]
					: [];
	const text = answers.filter(Boolean).join(' · ');
	if (text) lines.push(line(seg(text, dialog.phase === 'refused' && !dialog.conflict ? 'muted' : 'warn')));
	if (dialog.phase === 'writing') lines.push(line(seg('writing the sign-off…', 'accent')));
	return lines;
}
