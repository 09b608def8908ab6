import { runGitOptional } from '../git/run-git.js';
import { shortSha } from '../git/short-sha.js';
import type { AuditModel } from '../model/types.js';
import type { CommitTime } from '../signing/signing-window.js';
import { readObjects } from './git-batch.js';
import { historyLines, sha256Text } from './history.js';
import { readHistoryFile } from './history-file.js';

/**
 * The history must be an append-only extension of every version of it committed in git: a sign-off once
 * committed can never silently disappear or change, even when tracker, ledger and history are edited
 * together. Every commit that changed the file is looked at, side branches included (`--full-history`:
 * git's default simplification drops a branch merged with `-s ours`), so two branches that both append
 * sign-offs cannot both verify once merged. Two git processes: the commits, then their versions through
 * one `cat-file --batch`, each compared with the file on disk as it streams in (never all held at once).
 */
export interface CommittedCheck {
	/** Committed versions compared (0 when the file was never committed). */
	versions: number;
	problems: string[];
	/**
	 * For each line of the history on disk (0-based), the earliest commit holding it, from the versions that
	 * are prefixes of it; undefined while the line is not committed. Bounds when a signature can have been made.
	 */
	firstRecorded: Array<CommitTime | undefined>;
}

interface Version {
	commit: string;
	time: number;
	size: number;
	/** Offset of the first byte that differs from the file on disk; -1 when the version is a prefix of it. */
	differsAt: number;
}

/** `unreadable`: why the file on disk (`current` null) could not be read, when it exists. */
export async function checkCommittedVersions(
	root: string,
	historyPath: string,
	current: Buffer | null,
	unreadable: string | null = null,
): Promise<CommittedCheck> {
	// A literal pathspec: the file's name is not a pattern.
	const log = await runGitOptional(root, ['log', '--full-history', '--no-renames', '--format=%H %ct', '--', `:(literal)${historyPath}`], {
		optionalLocks: false,
	});
	const commits = (log ?? '').split('\n').flatMap((line) => {
		const match = /^([0-9a-f]{40,64}) (\d+)$/.exec(line);
		return match?.[1] && match[2] ? [{ commit: match[1], time: Number(match[2]) }] : [];
	});
	if (commits.length === 0) return { versions: 0, problems: [], firstRecorded: [] };
	const now = current ?? Buffer.alloc(0);
	const versions = await compareVersions(
		root,
		commits.map(({ commit }) => `${commit}:${historyPath}`),
		now,
	);
	const found: Version[] = [];
	versions.forEach((version, index) => {
		const commit = commits[index];
		// A commit that deleted the file holds no version of it.
		if (version !== null && version.size > 0 && commit !== undefined) found.push({ ...commit, ...version });
	});
	const newlines = newlineOffsets(now);
	const broken = found.filter((version) => version.differsAt !== -1);
	return {
		versions: commits.length,
		problems: describeBroken(
			historyPath,
			broken,
			newlines,
			current === null ? (unreadable === null ? 'the file is gone' : `the file cannot be read now (${unreadable})`) : null,
		),
		firstRecorded: firstRecordedLines(
			found.filter((version) => version.differsAt === -1),
			newlines,
		),
	};
}

/** Each named version's size and where it first differs from `now`, or null for a name that is no blob. */
async function compareVersions(root: string, names: string[], now: Buffer): Promise<Array<{ size: number; differsAt: number } | null>> {
	const results: Array<{ size: number; differsAt: number } | null> = names.map(() => null);
	let offset = 0;
	let current: { size: number; differsAt: number } | null = null;
	await readObjects(root, names, {
		start: (index, type, size) => {
			offset = 0;
			current = type === 'blob' ? { size, differsAt: size > now.length ? now.length : -1 } : null;
			results[index] = current;
		},
		body: (_index, chunk) => {
			if (current === null) return;
			if (current.differsAt === -1 || current.differsAt > offset) {
				const at = firstDifference(chunk, now.subarray(offset, offset + chunk.length));
				if (at !== -1 && (current.differsAt === -1 || offset + at < current.differsAt)) current.differsAt = offset + at;
			}
			offset += chunk.length;
		},
		end: () => {
			current = null;
		},
	});
	return results;
}

/** The first index where `a` and `b` differ (`b` may be shorter), or -1. */
function firstDifference(a: Buffer, b: Buffer): number {
	const length = Math.min(a.length, b.length);
	if (a.subarray(0, length).equals(b.subarray(0, length))) return a.length > b.length ? length : -1;
	let index = 0;
	while (a[index] === b[index]) index += 1;
	return index;
}

function newlineOffsets(text: Buffer): number[] {
	const offsets: number[] = [];
	for (let at = text.indexOf(0x0a); at !== -1; at = text.indexOf(0x0a, at + 1)) offsets.push(at);
	return offsets;
}

/** How many newlines lie before `offset`: the 0-based line it falls in. */
function linesBefore(newlines: readonly number[], offset: number): number {
	let low = 0;
	let high = newlines.length;
	while (low < high) {
		const middle = (low + high) >> 1;
		if ((newlines[middle] ?? 0) < offset) low = middle + 1;
		else high = middle;
	}
	return low;
}

function describeBroken(historyPath: string, broken: Version[], newlines: readonly number[], missing: string | null): string[] {
	const [newest] = broken;
	if (newest === undefined) return [];
	const older = broken.length > 1 ? ` (and ${broken.length - 1} older committed version${broken.length === 2 ? '' : 's'})` : '';
	const what = missing ?? `line ${linesBefore(newlines, newest.differsAt) + 1} was changed or removed`;
	return [
		`${historyPath}: not an append-only extension of the version committed in ${shortSha(newest.commit)}${older}: ${what}; a committed sign-off may never change or disappear`,
	];
}

/** Line i of the file on disk was first recorded by the earliest prefix version holding all of it. */
function firstRecordedLines(prefixes: Version[], newlines: readonly number[]): Array<CommitTime | undefined> {
	const firstRecorded: Array<CommitTime | undefined> = [];
	let covered = 0;
	// Earliest first; of commits in one second, the shorter version (the older, in an append-only file).
	for (const version of [...prefixes].sort((a, b) => a.time - b.time || a.size - b.size)) {
		// Whole lines only: a version ending mid-line holds that line's start, not the line.
		const lines = linesBefore(newlines, version.size);
		for (let line = covered; line < lines; line += 1) firstRecorded[line] = { commit: version.commit, time: version.time };
		covered = Math.max(covered, lines);
	}
	return firstRecorded;
}

/** The earliest commit holding each committed line of the model's history, by the line's sha256 (what a tracker record's history_sha256 names). */
export async function committedLineTimes(model: AuditModel): Promise<Map<string, CommitTime>> {
	const file = readHistoryFile(model);
	const times = new Map<string, CommitTime>();
	if (file.bytes === null || file.problem !== null) return times;
	const { firstRecorded } = await checkCommittedVersions(model.root, file.path, file.bytes);
	historyLines(file.text).forEach((line, index) => {
		const recorded = firstRecorded[index];
		if (recorded !== undefined) times.set(sha256Text(line), recorded);
	});
	return times;
}
