/** The one changed region between two texts, by whole lines (line endings kept on each line). */
export interface ChangedLines {
	/** 0-based index of the first differing line. */
	start: number;
	removed: string[];
	added: string[];
}

export function changedLines(before: string, after: string): ChangedLines {
	const old = splitKeepingEnds(before);
	const next = splitKeepingEnds(after);
	let start = 0;
	while (start < old.length && start < next.length && old[start] === next[start]) start += 1;
	let endOld = old.length;
	let endNew = next.length;
	while (endOld > start && endNew > start && old[endOld - 1] === next[endNew - 1]) {
		endOld -= 1;
		endNew -= 1;
	}
	return { start, removed: old.slice(start, endOld), added: next.slice(start, endNew) };
}

function splitKeepingEnds(text: string): string[] {
	return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}
