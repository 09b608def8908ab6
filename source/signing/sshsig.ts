/**
 * Reading what an SSH signature and SSH key files say about their key, without running ssh-keygen: the
 * SSHSIG blob (PROTOCOL.sshsig) names the public key that made it and the namespace it was made for, and
 * an OpenSSH private key file keeps its public key unencrypted. The fingerprint is ssh-keygen's
 * `SHA256:` form: the unpadded base64 of the sha256 of the public key blob.
 */
import { createHash } from 'node:crypto';

const ARMOR = /-----BEGIN SSH SIGNATURE-----([\s\S]*?)-----END SSH SIGNATURE-----/;
const PRIVATE_ARMOR = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/;
const PUBLIC_KEY_LINE = /(?:^|\s)((?:ssh|ecdsa|sk-ssh|sk-ecdsa)-[\w@.-]+)\s+([A-Za-z0-9+/]+={0,3})(?:\s|$)/;

export interface SignatureInfo {
	fingerprint: string;
	namespace: string;
	keyType: string;
}

function fingerprintOfBlob(blob: Buffer): string {
	return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

class Reader {
	private offset = 0;
	constructor(private readonly buffer: Buffer) {}

	bytes(length: number): Buffer {
		if (this.offset + length > this.buffer.length) throw new Error('truncated');
		const slice = this.buffer.subarray(this.offset, this.offset + length);
		this.offset += length;
		return slice;
	}

	uint32(): number {
		return this.bytes(4).readUInt32BE(0);
	}

	string(): Buffer {
		return this.bytes(this.uint32());
	}
}

function keyTypeOf(blob: Buffer): string {
	return new Reader(blob).string().toString('latin1');
}

/** The key and namespace of an armored SSH signature; null when it is not one. */
export function readSignature(armored: string): SignatureInfo | null {
	const body = ARMOR.exec(armored)?.[1];
	if (body === undefined) return null;
	try {
		const reader = new Reader(Buffer.from(body.replace(/\s+/g, ''), 'base64'));
		if (reader.bytes(6).toString('latin1') !== 'SSHSIG') return null;
		reader.uint32();
		const publicKey = reader.string();
		const namespace = reader.string().toString('utf8');
		return { fingerprint: fingerprintOfBlob(publicKey), namespace, keyType: keyTypeOf(publicKey) };
	} catch {
		return null;
	}
}

/** The fingerprint of a public key (`ssh-ed25519 AAAA… comment`, as in a .pub file or after `key::`). */
export function fingerprintOfPublicKey(text: string): string | null {
	const match = PUBLIC_KEY_LINE.exec(text);
	if (!match?.[2]) return null;
	const blob = Buffer.from(match[2], 'base64');
	try {
		return keyTypeOf(blob) === match[1] ? fingerprintOfBlob(blob) : null;
	} catch {
		return null;
	}
}

/** The fingerprint of the first key in an OpenSSH private key file (its public half is stored in the clear). */
export function fingerprintOfPrivateKey(text: string): string | null {
	const body = PRIVATE_ARMOR.exec(text)?.[1];
	if (body === undefined) return null;
	try {
		const reader = new Reader(Buffer.from(body.replace(/\s+/g, ''), 'base64'));
		if (reader.bytes(15).toString('latin1') !== 'openssh-key-v1\0') return null;
		reader.string();
		reader.string();
		reader.string();
		if (reader.uint32() < 1) return null;
		return fingerprintOfBlob(reader.string());
	} catch {
		return null;
	}
}
