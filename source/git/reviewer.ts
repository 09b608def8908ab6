import { UserError } from '../errors.js';
import { sanitizeLine } from '../text/sanitize.js';
import { runGitOptional } from './run-git.js';

export interface Reviewer {
	name: string;
	email: string;
}

/** Where the reviewer of a sign-off came from, strongest first. */
export type ReviewerSource = '--reviewer' | 'ARCO_REVIEWER' | 'git config';

/** What git's configuration says about who signs and with which key, read with one git process. */
export interface SignerSettings {
	name: string | null;
	email: string | null;
	/** `gpg.format`: only `ssh` makes `user.signingKey` an SSH key. */
	gpgFormat: string | null;
	/** `user.signingKey`: a private key file, a public key file (private half in ssh-agent), or `key::ssh-… AAAA…`. */
	signingKey: string | null;
	/** `gpg.ssh.allowedSignersFile`. */
	allowedSignersFile: string | null;
}

const SETTINGS_PATTERN = '^(user\\.(name|email|signingkey)|gpg\\.format|gpg\\.ssh\\.allowedsignersfile)$';

/** The signer settings as git resolves them for this repository (local, global, system; the last value wins). */
export async function readSignerSettings(root: string): Promise<SignerSettings> {
	// Exit 1 (no key matched) is an empty answer, like a repository without any of them set.
	const output = (await runGitOptional(root, ['config', '-z', '--get-regexp', SETTINGS_PATTERN])) ?? '';
	const values = new Map<string, string>();
	for (const entry of output.split('\0')) {
		const newline = entry.indexOf('\n');
		if (newline === -1) continue;
		values.set(entry.slice(0, newline).toLowerCase(), entry.slice(newline + 1));
	}
	const value = (key: string): string | null => {
		const found = values.get(key)?.trim();
		return found ? found : null;
	};
	return {
		name: value('user.name'),
		email: value('user.email'),
		gpgFormat: value('gpg.format'),
		signingKey: value('user.signingkey'),
		allowedSignersFile: value('gpg.ssh.allowedsignersfile'),
	};
}

const NAME_AND_EMAIL = /^\s*([^<>]*?)\s*<([^<>\s]+)>\s*$/;

/**
 * `Name <email>`, as git writes an identity; `where` names the option or variable in the refusal. Text the
 * sanitizer would change (control characters, escape sequences, bidi overrides, tabs, line breaks) is
 * refused: an identity typed here stays in the history for good, and must read the same everywhere.
 */
function parseReviewer(text: string, where: string): Reviewer {
	if (sanitizeLine(text) !== text) {
		throw new UserError(`${where}: ${JSON.stringify(text)} holds control or bidi characters (or a tab or line break); type the name and email plainly`);
	}
	const match = NAME_AND_EMAIL.exec(text);
	if (!match?.[1] || !match[2]) throw new UserError(`${where}: expected "Name <email>", got ${JSON.stringify(text)}`);
	return { name: match[1], email: match[2] };
}

export interface ReviewerOverrides {
	/** `--reviewer "Name <email>"`. */
	option?: string | undefined;
	/** The environment the reviewer's terminal gave (ARCO_REVIEWER). */
	env?: NodeJS.ProcessEnv;
}

/**
 * Who signs: `--reviewer`, else `ARCO_REVIEWER`, else git's `user.name` and `user.email`. Two people
 * pairing on one repository each set ARCO_REVIEWER in their own terminal.
 */
export function chooseReviewer(settings: SignerSettings, overrides: ReviewerOverrides = {}): { reviewer: Reviewer; source: ReviewerSource } {
	if (overrides.option !== undefined) return { reviewer: parseReviewer(overrides.option, '--reviewer'), source: '--reviewer' };
	const fromEnv = overrides.env?.['ARCO_REVIEWER'];
	if (fromEnv !== undefined && fromEnv.trim() !== '') return { reviewer: parseReviewer(fromEnv, 'ARCO_REVIEWER'), source: 'ARCO_REVIEWER' };
	if (!settings.name || !settings.email) {
		throw new UserError('who is signing? set git config user.name and user.email, or pass --reviewer "Name <email>" (or ARCO_REVIEWER in this terminal)');
	}
	return { reviewer: { name: settings.name, email: settings.email }, source: 'git config' };
}
