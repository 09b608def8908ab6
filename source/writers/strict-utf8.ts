// Fatal on the first invalid byte: decoding with replacement and writing the text back would silently
// change bytes nobody edited, and a hash over replaced text would vouch for bytes that are not on disk.
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of `bytes` when they are valid UTF-8 (a byte-order mark kept as U+FEFF), else null. */
export function decodeStrictUtf8(bytes: Uint8Array): string | null {
	try {
		return STRICT_UTF8.decode(bytes);
	} catch {
		return null;
	}
}
