/**
 * What the writers throw when a write cannot be made for a reason in the world: a lock held elsewhere, a
 * symlink out of the repository, a file that is not UTF-8, a full disk. Each is one line the person who
 * asked can act on (callers turn them into user errors). Anything else a writer throws (a TypeError) is a
 * bug, and is left to reach the "unexpected error" path.
 */
export class WriteRefusal extends Error {
	/** True when the file was already replaced and only a step after (the folder's fsync) failed. */
	readonly afterReplace: boolean;

	constructor(message: string, options: { afterReplace?: boolean } = {}) {
		super(message);
		this.name = 'WriteRefusal';
		this.afterReplace = options.afterReplace ?? false;
	}
}

/**
 * A transaction that failed after some of its files were replaced: `written` names them (real paths, in
 * write order). The first file a transaction writes is its intent record, so the caller can say how to
 * complete the rest.
 */
export class PartialWrite extends WriteRefusal {
	readonly written: readonly string[];
	readonly reason: string;

	constructor(written: readonly string[], reason: string) {
		super(`${reason}; already written: ${written.join(', ')}`);
		this.name = 'PartialWrite';
		this.written = written;
		this.reason = reason;
	}
}
