import { describeError } from '../../errors.js';
import { readDiffStat } from '../../git/diff-stat.js';
import { diffRequestOf } from '../state/detail.js';
import type { DiffStat } from '../state/detail-subject.js';
import type { UiFeatureFactory } from './controller.js';

/**
 * Reads `git diff --numstat <sign-off HEAD> -- <what it rests on>` for the detail pane: when the pane
 * opens on a signed gate or signal, and again after a reload (the files may be what changed). Once per
 * request, not per frame.
 */
export function detailDiffFeature(read: typeof readDiffStat = readDiffStat): UiFeatureFactory {
	return (controller) => {
		// Opening the pane and each reload start a read, all with the same key when nothing moved; only the
		// latest request's answer is shown, so a slow older read never overwrites a newer one.
		let requests = 0;
		const refresh = async (): Promise<void> => {
			const state = controller.getState();
			const request = diffRequestOf(state);
			if (!request) return;
			const own = ++requests;
			let stat: DiffStat;
			try {
				stat = { kind: 'ready', files: await read(state.model.root, request.head, request.paths) };
			} catch (error) {
				stat = { kind: 'failed', message: `git diff since ${request.head.slice(0, 7)} failed: ${describeError(error)}` };
			}
			if (own !== requests || controller.getState().quit) return;
			controller.dispatch({ type: 'detailDiffLoaded', key: request.key, stat });
		};
		return {
			effects: {
				openDetail: () => void refresh(),
				modelReloaded: () => void refresh(),
			},
		};
	};
}
