import type { AuditModel } from '../../model/types.js';
import { checkModelSignatures } from '../../signing/model-signatures.js';
import { subjectsWithSignoff } from '../../signoff/subject.js';
import type { UiFeatureFactory } from './controller.js';

/**
 * Checks the signatures of the sign-offs after the first load and after every reload, for the Signed
 * column and the gate, signal and detail screens: ssh-keygen runs here, never on the frame path, and a
 * model without signed sign-offs starts no process at all. Answers for a model the screen has left are
 * dropped by the reducer.
 */
export function signatureFeature(check: typeof checkModelSignatures = checkModelSignatures): UiFeatureFactory {
	return (controller) => {
		const run = async (model: AuditModel): Promise<void> => {
			if (!subjectsWithSignoff(model).some(({ record }) => record.signature !== undefined)) return;
			try {
				const checks = await check(model);
				if (!controller.getState().quit) controller.dispatch({ type: 'signaturesChecked', model, checks });
			} catch (error) {
				const message = error instanceof Error ? error.message : String(error);
				controller.dispatch({ type: 'setStatus', text: `signatures not checked: ${message}`, tone: 'error' });
			}
		};
		return {
			start: () => void run(controller.getState().model),
			effects: { modelReloaded: (action) => void run(action.model) },
		};
	};
}
