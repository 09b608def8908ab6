import { chooseReviewer, type Reviewer, type ReviewerSource, readSignerSettings, type SignerSettings } from '../git/reviewer.js';
import type { AuditModel } from '../model/types.js';
import { resolveSigningKey, type SigningKey } from '../signing/signing-key.js';

/** How the person signing is identified in this terminal: options and environment, as the CLI or TUI got them. */
export interface SignerOptions {
	/** `--reviewer "Name <email>"`. */
	reviewer?: string | undefined;
	/** `--sign-key PATH`. */
	signKey?: string | undefined;
	/** For ARCO_REVIEWER; default process.env. */
	env?: NodeJS.ProcessEnv;
	/** Where a relative --sign-key is resolved; default process.cwd(). */
	cwd?: string;
}

/** Who signs, and with which key (null: the sign-off is recorded unsigned). */
export interface Signer {
	reviewer: Reviewer;
	reviewerSource: ReviewerSource;
	key: SigningKey | null;
	settings: SignerSettings;
}

/** One git process (its config); a named key file that does not exist and a malformed reviewer are refused here. */
export async function readSigner(model: AuditModel, options: SignerOptions = {}): Promise<Signer> {
	const settings = await readSignerSettings(model.root);
	const { reviewer, source } = chooseReviewer(settings, { option: options.reviewer, env: options.env ?? process.env });
	const key = resolveSigningKey(settings, options.signKey, { cwd: options.cwd ?? process.cwd(), root: model.root });
	return { reviewer, reviewerSource: source, key, settings };
}
