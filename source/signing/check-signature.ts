import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SignoffRecord } from '../model/signoff-record.js';
import { onAbruptExit } from '../writers/exit-cleanup.js';
import { type AllowedSigners, describeAllowedSigners, listedFingerprints } from './allowed-signers.js';
import { SIGNOFF_NAMESPACE, type SignedSubject, signedBytes } from './signed-bytes.js';
import { type SigningWindow, signingTimeProblem } from './signing-window.js';
import { runSshKeygen, SshKeygenMissing } from './ssh-keygen.js';
import { readSignature } from './sshsig.js';

/** What a sign-off's signature proves. */
export type SignatureCheck =
	| { state: 'unsigned' }
	/** Made by a key the allowed signers list for the reviewer the record names, valid when it was made. */
	| { state: 'good'; principal: string; fingerprint: string }
	/** A valid signature by a listed key, but of another principal than the reviewer the record names. */
	| { state: 'other-signer'; principal: string; recorded: string; fingerprint: string }
	/** A valid signature by a key the allowed signers do not list (or not for this namespace, or there is no list). */
	| { state: 'unknown-key'; fingerprint: string; detail: string }
	/** A listed key, but outside its valid-after / valid-before at signed_at, or signed_at outside its commits' window. */
	| { state: 'not-valid-at-signing-time'; fingerprint: string; detail: string }
	/** The signature does not match the record: it was changed after signing, or the signature is not one. */
	| { state: 'bad'; fingerprint: string | null; detail: string }
	/** Not checked: ssh-keygen is not installed here. */
	| { state: 'not-checked'; detail: string };

/** `2026-02-15T18:24:01Z` -> `20260215182401Z`, ssh-keygen's verify-time. */
function verifyTime(signedAt: string): string | null {
	const match = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.\d+)?Z$/.exec(signedAt);
	return match ? `${match.slice(1, 7).join('')}Z` : null;
}

/**
 * Checks signatures with ssh-keygen, as git checks an SSH-signed tag: `-Y verify` against the allowed
 * signers at the time the sign-off says it was made (`-Overify-time`), with the reviewer's email as the
 * principal first (one process when all is well), then `check-novalidate` and `find-principals` to say
 * why not. Namespaces, valid-after and valid-before are ssh-keygen's to judge; which of them failed is
 * told by what the file lists, never by ssh-keygen's wording. With a `window`, signed_at must also lie
 * within it (signing-window.ts). Each check starts at least one ssh-keygen (about 10 ms of CPU here, far more
 * on a loaded machine, times every signed sign-off); callers check lazily and a few at a time.
 */
export class SignatureChecker {
	private folder: string | null = null;
	private forgetFolder: () => void = () => undefined;
	private sequence = 0;
	private listed: Set<string> | null = null;
	// What the answers depend on besides the record: the allowed signers file as it is now.
	private readonly scope: string;

	/**
	 * `noAllowedSigners` says why there is no allowed signers file, when its configuration could not be used.
	 * `cache` may outlive the checker: the same record is checked again as a history line and as the
	 * tracker's current sign-off, and again after every reload of the TUI.
	 */
	constructor(
		private readonly allowed: AllowedSigners | null,
		private readonly noAllowedSigners = 'no allowed signers file is configured',
		private readonly cache = new Map<string, Promise<SignatureCheck>>(),
	) {
		const stats = allowed === null ? null : fs.statSync(allowed.file, { throwIfNoEntry: false });
		this.scope = allowed === null ? `none:${noAllowedSigners}` : `${allowed.file}:${stats?.mtimeMs ?? 0}:${stats?.size ?? 0}`;
	}

	/** `window`: when the signature can have been made (omitted for a signature made a moment ago by this process). */
	check(about: SignedSubject, record: SignoffRecord, window?: SigningWindow): Promise<SignatureCheck> {
		if (!record.signature) return Promise.resolve({ state: 'unsigned' });
		const key = createHash('sha256')
			.update(this.scope)
			.update(JSON.stringify(window ?? null))
			.update(signedBytes(about, record))
			.update(JSON.stringify(record.signature))
			.digest('hex');
		let result = this.cache.get(key);
		if (result === undefined) {
			result = this.checkOnce(about, record, window).catch((error: unknown) => {
				// Not cached: installing ssh-keygen makes the next check count.
				this.cache.delete(key);
				if (error instanceof SshKeygenMissing) return { state: 'not-checked', detail: error.message } as const;
				throw error;
			});
			this.cache.set(key, result);
		}
		return result;
	}

	/** Removes the temp folder the signatures were written to. */
	close(): void {
		this.forgetFolder();
		if (this.folder !== null) fs.rmSync(this.folder, { recursive: true, force: true });
		this.folder = null;
	}

	private async checkOnce(about: SignedSubject, record: SignoffRecord, window: SigningWindow | undefined): Promise<SignatureCheck> {
		const signature = record.signature;
		if (!signature) return { state: 'unsigned' };
		const info = readSignature(signature.value);
		if (info === null) return { state: 'bad', fingerprint: null, detail: 'the signature is not an SSH signature' };
		if (info.namespace !== SIGNOFF_NAMESPACE) {
			return { state: 'bad', fingerprint: info.fingerprint, detail: `made for namespace ${JSON.stringify(info.namespace)}, not ${SIGNOFF_NAMESPACE}` };
		}
		if (signature.namespace !== SIGNOFF_NAMESPACE) {
			return {
				state: 'bad',
				fingerprint: info.fingerprint,
				detail: `the record names namespace ${JSON.stringify(signature.namespace)}, not ${SIGNOFF_NAMESPACE}`,
			};
		}
		if (signature.fingerprint !== info.fingerprint) {
			return { state: 'bad', fingerprint: info.fingerprint, detail: `the record names key ${signature.fingerprint} but ${info.fingerprint} signed` };
		}
		const data = signedBytes(about, record);
		const sigFile = this.writeSignature(signature.value);
		try {
			return await this.classify(data, sigFile, record, info.fingerprint, window);
		} finally {
			fs.rmSync(sigFile, { force: true });
		}
	}

	private async classify(
		data: Buffer,
		sigFile: string,
		record: SignoffRecord,
		fingerprint: string,
		window: SigningWindow | undefined,
	): Promise<SignatureCheck> {
		const time = verifyTime(record.signed_at);
		const timeOption = time === null ? [] : [`-Overify-time=${time}`];
		const verifiedAs = (principal: string): SignatureCheck => {
			const outside = window === undefined ? null : signingTimeProblem(record.signed_at, record.head, window);
			if (outside !== null) return { state: 'not-valid-at-signing-time', fingerprint, detail: outside };
			if (principal !== record.reviewer.email) return { state: 'other-signer', principal, recorded: record.reviewer.email, fingerprint };
			return { state: 'good', principal, fingerprint };
		};
		if (this.allowed !== null && (await this.verifyAs(record.reviewer.email, data, sigFile, timeOption)).code === 0) return verifiedAs(record.reviewer.email);
		const intact = await runSshKeygen(['-Y', 'check-novalidate', '-n', SIGNOFF_NAMESPACE, '-s', sigFile], data);
		if (intact.code !== 0) return { state: 'bad', fingerprint, detail: 'the record does not match its signature: changed after signing' };
		if (this.allowed === null) return { state: 'unknown-key', fingerprint, detail: this.noAllowedSigners };
		const where = describeAllowedSigners(this.allowed);
		const found = await runSshKeygen(['-Y', 'find-principals', '-f', this.allowed.file, '-s', sigFile, ...timeOption]);
		if (found.code !== 0) {
			this.listed ??= listedFingerprints(this.allowed);
			if (!this.listed.has(fingerprint)) return { state: 'unknown-key', fingerprint, detail: `key not in ${where}` };
			return {
				state: 'not-valid-at-signing-time',
				fingerprint,
				detail: `the key is in ${where}, but its valid-after or valid-before excludes signed_at ${record.signed_at}`,
			};
		}
		const principals = found.stdout
			.split('\n')
			.map((line) => line.trim())
			.filter((line) => line !== '');
		for (const principal of principals) {
			if ((await this.verifyAs(principal, data, sigFile, timeOption)).code === 0) return verifiedAs(principal);
		}
		// find-principals ignores namespaces; verify does not: the key is listed, but not for ours.
		return { state: 'unknown-key', fingerprint, detail: `listed for ${principals.join(', ')} in ${where}, but not for namespace ${SIGNOFF_NAMESPACE}` };
	}

	private verifyAs(principal: string, data: Buffer, sigFile: string, timeOption: string[]): ReturnType<typeof runSshKeygen> {
		const file = this.allowed?.file ?? '/dev/null';
		return runSshKeygen(['-Y', 'verify', '-f', file, '-I', principal, '-n', SIGNOFF_NAMESPACE, '-s', sigFile, ...timeOption], data);
	}

	private writeSignature(value: string): string {
		if (this.folder === null) {
			const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'arco-review-verify-'));
			this.folder = folder;
			this.forgetFolder = onAbruptExit(() => fs.rmSync(folder, { recursive: true, force: true }));
		}
		this.sequence += 1;
		const file = path.join(this.folder, `${this.sequence}.sig`);
		fs.writeFileSync(file, `${value}\n`, { mode: 0o600 });
		return file;
	}
}

/** `good signature by rita@example.com (SHA256:…)`, `unsigned`, … : one phrase for messages and `verify`. */
export function describeSignatureCheck(check: SignatureCheck): string {
	switch (check.state) {
		case 'unsigned':
			return 'unsigned';
		case 'good':
			return `good signature by ${check.principal} (${check.fingerprint})`;
		case 'other-signer':
			return `signed by ${check.principal}, recorded as ${check.recorded} (${check.fingerprint})`;
		case 'unknown-key':
			return `signed by a key not in the allowed signers (${check.fingerprint}; ${check.detail})`;
		case 'not-valid-at-signing-time':
			return `signed by a key not valid at signing time (${check.fingerprint}; ${check.detail})`;
		case 'bad':
			return `BAD signature (${check.detail})`;
		case 'not-checked':
			return `signature not checked (${check.detail})`;
	}
}

/** The same verdict in a word or two, for table cells: `good: rita@example.com`, `unsigned`, `BAD`. */
export function signatureVerdict(check: SignatureCheck): string {
	switch (check.state) {
		case 'unsigned':
			return 'unsigned';
		case 'good':
			return `good: ${check.principal}`;
		case 'other-signer':
			return `other signer: ${check.principal}`;
		case 'unknown-key':
			return 'unknown key';
		case 'not-valid-at-signing-time':
			return 'key not valid then';
		case 'bad':
			return 'BAD';
		case 'not-checked':
			return 'not checked';
	}
}
