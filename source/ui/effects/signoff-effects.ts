import path from 'node:path';
import { describeError } from '../../errors.js';
import { shortSha } from '../../git/short-sha.js';
import { subjectLabel } from '../../model/subject.js';
import { historyPathFor } from '../../signoff/history.js';
import { DirtyTreeRefusal, previewSignoff, recordSignoff, SignoffConflict } from '../../signoff/record-signoff.js';
import { blockedRequestOf, chosenStatus, type SignoffDialog } from '../state/signoff-dialog.js';
import type { TuiController, UiFeatureFactory } from './controller.js';

/**
 * The git and file work behind the sign-off dialog: loading what a sign-off would record when the dialog
 * opens, and recording it on Enter through the core's recordSignoff (locked, conflict-checked writes).
 */

export interface SignoffServices {
	previewSignoff: typeof previewSignoff;
	recordSignoff: typeof recordSignoff;
}

const DEFAULT_SERVICES: SignoffServices = { previewSignoff, recordSignoff };

export function signoffFeature(overrides: Partial<SignoffServices> = {}): UiFeatureFactory {
	const services = { ...DEFAULT_SERVICES, ...overrides };
	return (controller) => ({
		effects: {
			signoffOpen: () => void loadPreview(controller, services),
			signoffSubmit: () => void submit(controller, services),
		},
	});
}

function openDialog(controller: TuiController): SignoffDialog | null {
	const dialog = controller.getState().dialog;
	return dialog?.kind === 'signoff' ? dialog : null;
}

async function loadPreview(controller: TuiController, services: SignoffServices): Promise<void> {
	const dialog = openDialog(controller);
	if (dialog?.preview.kind !== 'loading') return;
	const { token } = dialog;
	try {
		const preview = await services.previewSignoff(controller.getState().model, dialog.subject);
		controller.dispatch({ type: 'signoffPreviewLoaded', token, preview });
	} catch (error) {
		controller.dispatch({ type: 'signoffPreviewFailed', token, message: describeError(error) });
	}
}

async function submit(controller: TuiController, services: SignoffServices): Promise<void> {
	const dialog = openDialog(controller);
	if (dialog?.phase !== 'writing') return;
	const { token, subject, allowDirty, expected, note } = dialog;
	const status = chosenStatus(dialog);
	const model = controller.getState().model;
	const label = subjectLabel(subject);
	try {
		const trackerAbsolute = path.join(model.root, model.trackerPath);
		const written = [trackerAbsolute, ...(model.ledgerPath ? [path.join(model.root, model.ledgerPath)] : []), historyPathFor(trackerAbsolute)];
		controller.noteOwnWrites(written);
		const blocked = blockedRequestOf(dialog);
		const outcome = await services.recordSignoff({
			model,
			subject,
			status,
			note,
			allowDirty,
			expected,
			...(blocked ? { blocked } : {}),
			// Another writer holds a file: said on the status line, or the dialog would just sit there.
			onWait: (text) => controller.dispatch({ type: 'setStatus', text, tone: 'info' }),
		});
		const record = outcome.record;
		// Reload before saying so, so every screen already shows the new sign-off with the message.
		await controller.reloadOwnWrites(written);
		const signed = record.signature ? `signed with ${record.signature.fingerprint}` : 'unsigned';
		const completed = outcome.completed.length > 0 ? `; first completed the interrupted sign-off ${outcome.completed.join(', ')}` : '';
		const message = outcome.changed
			? `signed ${label} ${record.status} at ${shortSha(record.head)}${record.dirty ? ' (dirty tree)' : ''} as ${record.reviewer.name} (${signed})${completed}`
			: `${label} is already signed ${record.status} with that note at this HEAD: nothing changed${completed}`;
		controller.dispatch({ type: 'signoffWritten', token, message });
	} catch (error) {
		if (error instanceof DirtyTreeRefusal) {
			// Offered as `a` in the dialog, rather than an error to act on outside the app.
			const shown = error.changedPaths.slice(0, 3).join(', ');
			const more = error.changedPaths.length > 3 ? ` and ${error.changedPaths.length - 3} more` : '';
			const message = `not signed: uncommitted changes outside the audit's files (${shown}${more})`;
			controller.dispatch({ type: 'signoffRefused', token, message, dirty: true });
			return;
		}
		// Gate GO with open signals, a conflict with a change on disk, no reviewer, a key that cannot sign, the
		// signing policy: one line, nothing written.
		const conflict = error instanceof SignoffConflict;
		controller.dispatch({ type: 'signoffRefused', token, message: `not signed: ${describeError(error)}`, dirty: false, conflict });
	}
}
