import type { UiFeatureFactory } from './controller.js';
import { detailDiffFeature } from './detail-diff.js';
import { historyFeature } from './history-reader.js';
import { rerunFeature } from './run-supervisor.js';
import { signatureFeature } from './signature-checks.js';
import { signoffFeature } from './signoff-effects.js';
import { signoffRebaseFeature } from './signoff-rebase.js';

/**
 * What the interactive review does beyond showing the audit, with the real core modules: reruns,
 * sign-offs (and taking the new state after losing a race), the detail pane's diff, the history, the
 * signature checks of the sign-offs.
 * Copying needs the terminal itself and is added by startTui.
 */
export function defaultFeatures(): UiFeatureFactory[] {
	return [rerunFeature(), signoffFeature(), signoffRebaseFeature(), detailDiffFeature(), historyFeature(), signatureFeature()];
}
