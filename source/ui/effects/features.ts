import type { UiFeatureFactory } from './controller.js';
import { rerunFeature } from './run-supervisor.js';
import { signoffFeature } from './signoff-effects.js';

/** What the interactive review does beyond showing the audit: reruns and sign-offs, with the real core modules. */
export function defaultFeatures(): UiFeatureFactory[] {
	return [rerunFeature(), signoffFeature()];
}
