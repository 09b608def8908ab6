import { UserError } from '../errors.js';
import { GitCommandFailed, streamGit } from '../git/run-git.js';

/** What `git cat-file --batch` says about each name it was given, in order, as its output streams in. */
export interface BatchHandler {
	/** An object begins; `type` is null when git has no object by that name. */
	start(index: number, type: string | null, size: number): void;
	body(index: number, chunk: Buffer): void;
	end(index: number): void;
}

/**
 * Reads objects with one `git cat-file --batch` process: each name on a line of its stdin, each answer
 * (`<oid> <type> <size>`, the content and a newline; or `<name> missing`) handed to `handler` in pieces,
 * so no answer needs to be held whole. A name must not hold a line break (it would be two names).
 */
export async function readObjects(root: string, names: readonly string[], handler: BatchHandler): Promise<void> {
	const broken = names.find((name) => /[\r\n]/.test(name));
	if (broken !== undefined) throw new UserError(`${JSON.stringify(broken)}: a path with a line break cannot be read from git`);
	const parser = new BatchParser(handler);
	await streamGit(root, ['cat-file', '--batch'], (chunk) => parser.feed(chunk), { input: names.map((name) => `${name}\n`).join(''), optionalLocks: false });
}

class BatchParser {
	private index = 0;
	private header: Buffer[] = [];
	/** Content bytes still to come of the current object; -1 while reading a header. */
	private remaining = -1;
	/** The newline after an object's content is still to come. */
	private trailer = false;

	constructor(private readonly handler: BatchHandler) {}

	feed(chunk: Buffer): void {
		let at = 0;
		while (at < chunk.length) {
			if (this.trailer) {
				this.trailer = false;
				at += 1;
				this.handler.end(this.index);
				this.index += 1;
			} else if (this.remaining > 0) {
				const piece = chunk.subarray(at, at + this.remaining);
				this.remaining -= piece.length;
				at += piece.length;
				this.handler.body(this.index, piece);
				if (this.remaining === 0) this.trailer = true;
			} else {
				const newline = chunk.indexOf(0x0a, at);
				this.header.push(chunk.subarray(at, newline === -1 ? chunk.length : newline));
				if (newline === -1) return;
				at = newline + 1;
				this.startObject(Buffer.concat(this.header).toString('utf8'));
				this.header = [];
			}
		}
	}

	private startObject(header: string): void {
		// `<oid> <type> <size>` for an object; `<name> missing` (or ambiguous) echoes the name, spaces and all.
		const found = /^[0-9a-f]{40,64} ([a-z]+) (\d+)$/.exec(header);
		if (found === null) {
			this.handler.start(this.index, null, 0);
			this.handler.end(this.index);
			this.index += 1;
			return;
		}
		const size = Number(found[2]);
		this.handler.start(this.index, found[1] ?? null, size);
		this.remaining = size;
		this.trailer = size === 0;
	}
}

/** The committer time (seconds since the epoch) of each full commit sha given that is a commit here; one git process. */
export async function readCommitTimes(root: string, commits: Iterable<string>): Promise<Map<string, number>> {
	// Full hex shas only: `cat-file` would resolve `HEAD~3` or a branch name, which a record must not choose.
	const wanted = [...new Set(commits)].filter((commit) => /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(commit));
	const times = new Map<string, number>();
	if (wanted.length === 0) return times;
	const bodies = new Map<number, Buffer[]>();
	const reading = readObjects(root, wanted, {
		start: (index, type) => {
			if (type === 'commit') bodies.set(index, []);
		},
		body: (index, chunk) => bodies.get(index)?.push(chunk),
		end: (index) => {
			const body = bodies.get(index);
			const commit = wanted[index];
			if (body === undefined || commit === undefined) return;
			const committer = /^committer .* (\d+) [+-]\d{4}$/m.exec(Buffer.concat(body).toString('utf8'));
			if (committer?.[1] !== undefined) times.set(commit, Number(committer[1]));
		},
	});
	// Outside a repository every commit is unknown: the caller says so per record.
	await reading.catch((error: unknown) => {
		if (!(error instanceof GitCommandFailed)) throw error;
	});
	return times;
}
