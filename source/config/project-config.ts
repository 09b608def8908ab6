import fs from 'node:fs';
import path from 'node:path';
// Not `import { z }`: that bundles all of zod (see tracker/schema.ts).
import * as z from 'zod';
import { UserError } from '../errors.js';
import { parseJsonOrRefuse } from '../json/parse-json.js';
import { describeZodIssue } from '../json/zod-issue.js';

/** The repository's own settings for arco-review, at its root. Every field is optional. */
export const PROJECT_CONFIG_FILE = '.arco-review.json';

// Loose: a newer version's settings are kept by older readers rather than refused.
const projectConfigSchema = z.looseObject({
	/** The tracker to review, repository-relative. */
	tracker: z.string().min(1).optional(),
	/** The shell command entries run under (default: bash when on PATH, else /bin/sh). */
	shell: z.string().min(1).optional(),
	/** git's allowed-signers format, repository-relative (else git's gpg.ssh.allowedSignersFile). */
	allowed_signers: z.string().min(1).optional(),
	/** Sign-offs must carry a signature: always (`true`) or only verdicts of GO (`"GO"`). */
	require_signed: z.union([z.boolean(), z.literal('GO')]).optional(),
	/** Principals allowed to sign each gate (and its signals), by gate number. */
	gate_signers: z.record(z.string().regex(/^\d+$/, 'gate numbers as keys'), z.array(z.string().min(1))).optional(),
});

export interface ProjectConfig {
	tracker: string | null;
	shell: string | null;
	allowedSigners: string | null;
	requireSigned: boolean | 'GO';
	gateSigners: ReadonlyMap<number, readonly string[]>;
}

export const EMPTY_PROJECT_CONFIG: ProjectConfig = { tracker: null, shell: null, allowedSigners: null, requireSigned: false, gateSigners: new Map() };

/**
 * Reads `.arco-review.json` at the repository root; no file is the empty configuration. A file that is
 * there but wrong is refused with one line naming the field, like every other input.
 */
export function readProjectConfig(repositoryRoot: string): ProjectConfig {
	let text: string;
	try {
		text = fs.readFileSync(path.join(repositoryRoot, PROJECT_CONFIG_FILE), 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY_PROJECT_CONFIG;
		throw new UserError(`${PROJECT_CONFIG_FILE}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
	}
	const result = projectConfigSchema.safeParse(parseJsonOrRefuse(text, PROJECT_CONFIG_FILE));
	if (!result.success) {
		const issue = describeZodIssue(result.error);
		throw new UserError(`${PROJECT_CONFIG_FILE}: ${issue?.path ?? '(root)'}: ${issue?.message ?? 'invalid'}`);
	}
	const data = result.data;
	return {
		tracker: data.tracker ?? null,
		shell: data.shell ?? null,
		allowedSigners: data.allowed_signers ?? null,
		requireSigned: data.require_signed ?? false,
		gateSigners: new Map(Object.entries(data.gate_signers ?? {}).map(([gate, principals]) => [Number(gate), principals])),
	};
}
