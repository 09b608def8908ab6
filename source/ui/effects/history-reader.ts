import type { AuditModel } from '../../model/types.js';
import { readSignoffHistory } from '../../signoff/history-file.js';
import type { HistoryRead } from '../state/history.js';
import type { UiFeatureFactory } from './controller.js';

/**
 * Reads the sign-off history for the history screen, through the sign-off module's reader: when the screen
 * opens and after every reload while it is on the stack (a sign-off appends a line as it changes the
 * tracker). Only the latest read is shown.
 */
export function historyFeature(read: (model: AuditModel) => HistoryRead = readSignoffHistory): UiFeatureFactory {
	return (controller) => {
		let reads = 0;
		const refresh = async (): Promise<void> => {
			const own = ++reads;
			// The reader is synchronous: let the frame the key asked for be drawn first.
			await new Promise((resolve) => setImmediate(resolve));
			if (own !== reads || controller.getState().quit) return;
			const history = read(controller.getState().model);
			controller.dispatch({ type: 'historyLoaded', history });
		};
		return {
			effects: {
				goto: (action) => {
					if (action.screen === 'history') void refresh();
				},
				modelReloaded: () => {
					if (controller.getState().stack.some((screen) => screen.kind === 'history')) void refresh();
				},
			},
		};
	};
}
