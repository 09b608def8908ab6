import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_CONFIG_FILE } from '../config/project-config.js';
import { UserError } from '../errors.js';
import type { SignerSettings } from '../git/reviewer.js';
import type { AuditModel } from '../model/types.js';
import { isInsideDirectory } from '../paths/inside.js';
import { describePathProblem, RepoPaths } from '../paths/repo-paths.js';
import { expandHome } from './expand-home.js';
import { fingerprintOfPublicKey } from './sshsig.js';

export type AllowedSignersSource = 'gpg.ssh.allowedSignersFile' | '.arco-review.json allowed_signers';

/** The allowed-signers file (git's format, ssh-keygen(1) "ALLOWED SIGNERS") signatures are checked against. */
export interface AllowedSigners {
	/** Absolute path. */
	file: string;
	/** Where it was configured. */
	source: AllowedSignersSource;
	/** Repository-relative when the file is inside the repository (its uncommitted changes are warned about). */
	inRepository: string | null;
	/** `.arco-review.json`'s allowed_signers when git config's file was taken instead of it. */
	overridden: string | null;
}

/**
 * The verifier's own git config `gpg.ssh.allowedSignersFile` first: whoever can edit the repository
 * could otherwise choose the keys its sign-offs are trusted by. Else `.arco-review.json` `allowed_signers`
 * (repository-relative, and like every path a file names, refused when it leaves the repository). Else
 * none. A configured file that does not exist is an error to fix, not silently "no allowed signers".
 */
export function resolveAllowedSigners(model: AuditModel, settings: Pick<SignerSettings, 'allowedSignersFile'>): AllowedSigners | null {
	const configured = model.config.allowedSigners;
	const fromGit = settings.allowedSignersFile;
	if (fromGit !== null) {
		const file = path.resolve(model.root, expandHome(fromGit));
		if (!fs.existsSync(file)) throw new UserError(`gpg.ssh.allowedSignersFile ${JSON.stringify(fromGit)} does not exist`);
		return { file, source: 'gpg.ssh.allowedSignersFile', inRepository: repositoryRelative(model.root, file), overridden: configured };
	}
	if (configured === null) return null;
	const where = `${PROJECT_CONFIG_FILE}: allowed_signers ${JSON.stringify(configured)}`;
	const ref = new RepoPaths(model.root).ref(configured);
	if (ref.problem !== null || ref.path === null) throw new UserError(`${where} ${describePathProblem(ref.problem ?? 'outside-repo')}`);
	if (!ref.exists || ref.isDirectory) throw new UserError(`${where} does not exist or is not a file`);
	return { file: path.join(model.root, ref.path), source: '.arco-review.json allowed_signers', inRepository: ref.path, overridden: null };
}

function repositoryRelative(root: string, file: string): string | null {
	let real: string;
	try {
		real = fs.realpathSync(file);
	} catch {
		return null;
	}
	return isInsideDirectory(root, real) ? path.relative(root, real).split(path.sep).join('/') : null;
}

/** `allowed_signers (.arco-review.json allowed_signers)`: which file, and why that one. */
export function describeAllowedSigners(allowed: AllowedSigners | null): string {
	if (allowed === null) return 'no allowed signers file is configured (git config gpg.ssh.allowedSignersFile, or allowed_signers in .arco-review.json)';
	const shown = allowed.inRepository ?? allowed.file;
	const over = allowed.overridden === null ? '' : `; it wins over ${PROJECT_CONFIG_FILE}'s allowed_signers ${JSON.stringify(allowed.overridden)}`;
	return `${shown} (${allowed.source}${over})`;
}

/**
 * What makes the trust anchor itself doubtful: the allowed-signers file inside the repository, or the
 * signing settings of `.arco-review.json`, with uncommitted changes (as the model loaded them).
 */
export function trustAnchorWarnings(model: AuditModel, allowed: AllowedSigners | null): string[] {
	const changed = new Set(model.git.changedPaths);
	const warnings: string[] = [];
	if (allowed?.inRepository && changed.has(allowed.inRepository)) {
		warnings.push(`${allowed.inRepository}, the allowed signers file, has uncommitted changes: signatures were checked against it as it is on disk`);
	}
	const { allowedSigners, requireSigned, gateSigners } = model.config;
	if (changed.has(PROJECT_CONFIG_FILE) && (allowedSigners !== null || requireSigned !== false || gateSigners.size > 0)) {
		warnings.push(`${PROJECT_CONFIG_FILE} has uncommitted changes: its allowed_signers, require_signed and gate_signers may not be the committed ones`);
	}
	return warnings;
}

/** The fingerprints of every key the file lists (for any principal, namespace or time). */
export function listedFingerprints(allowed: AllowedSigners): Set<string> {
	let text: string;
	try {
		text = fs.readFileSync(allowed.file, 'utf8');
	} catch {
		return new Set();
	}
	const listed = new Set<string>();
	for (const line of text.split('\n')) {
		if (line.trimStart().startsWith('#')) continue;
		const fingerprint = fingerprintOfPublicKey(line);
		if (fingerprint !== null) listed.add(fingerprint);
	}
	return listed;
}
