import type { SignoffRecord } from '../../model/signoff-record.js';
import { type SubjectKey, subjectLabel } from '../../model/subject.js';
import type { SignatureCheck } from '../../signing/check-signature.js';
import type { UiState } from './state.js';

/** A sign-off's signature as the screens know it: checked, or still being checked (ssh-keygen runs off the frame path). */
export type SignatureMark = SignatureCheck | { state: 'checking' };

/** The signature of a subject's current sign-off; null when it has none. An unsigned record needs no check. */
export function signatureOf(state: Pick<UiState, 'model' | 'signatures'>, key: SubjectKey, signoff: SignoffRecord | null | undefined): SignatureMark | null {
	if (!signoff) return null;
	if (!signoff.signature) return { state: 'unsigned' };
	const checks = state.signatures?.model === state.model ? state.signatures.checks : null;
	return checks?.get(subjectLabel(key)) ?? { state: 'checking' };
}
