import path from 'node:path';
import type { UiFeatureFactory } from './controller.js';

/**
 * `u` after a sign-off lost a race to a second reviewer: read the audit again from disk, then keep the
 * dialog open on the subject as it now is (the reviewer's status and note are kept; Enter signs over it).
 */
export function signoffRebaseFeature(): UiFeatureFactory {
	return (controller) => ({
		effects: {
			signoffTakeCurrent: () => {
				const dialog = controller.getState().dialog;
				if (dialog?.kind !== 'signoff') return;
				const { token } = dialog;
				const { model } = controller.getState();
				const files = [model.trackerPath, ...(model.ledgerPath ? [model.ledgerPath] : [])].map((file) => path.join(model.root, file));
				void controller.reload(files).then(() => controller.dispatch({ type: 'signoffRebase', token }));
			},
		},
	});
}
