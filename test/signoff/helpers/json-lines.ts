/** Where a subject's object sits in the tracker text, and which lines an edit touched. */
import { findNodeAtLocation, getNodeValue, parseTree } from 'jsonc-parser';

export type Collection = 'signals' | 'gates';

function lineOfOffset(text: string, offset: number): number {
	let line = 0;
	for (let index = 0; index < offset; index += 1) if (text.charCodeAt(index) === 10) line += 1;
	return line;
}

/** 0-based first and last line of the subject's object in `text`. */
export function subjectLines(text: string, collection: Collection, id: string | number): { first: number; last: number } {
	const root = parseTree(text);
	const items = root === undefined ? undefined : findNodeAtLocation(root, [collection]);
	const node = items?.children?.find((child) => {
		const idNode = findNodeAtLocation(child, ['id']);
		return idNode !== undefined && getNodeValue(idNode) === id;
	});
	if (node === undefined) throw new Error(`${collection} ${String(id)} not found`);
	return { first: lineOfOffset(text, node.offset), last: lineOfOffset(text, node.offset + node.length - 1) };
}

/** The lines that differ between two texts: [start, endBefore) in `before` and [start, endAfter) in `after`. */
export function changedLines(before: string, after: string): { start: number; endBefore: number; endAfter: number } {
	const a = before.split('\n');
	const b = after.split('\n');
	let start = 0;
	while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
	let suffix = 0;
	while (suffix < a.length - start && suffix < b.length - start && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix += 1;
	return { start, endBefore: a.length - suffix, endAfter: b.length - suffix };
}

/**
 * Problems when anything outside the subject's object changed: the changed lines of `before` must lie inside
 * the object in `before`, and the changed lines of `after` inside the object in `after`.
 */
export function changesOutsideSubject(before: string, after: string, collection: Collection, id: string | number): string[] {
	if (before === after) return ['nothing changed'];
	const region = changedLines(before, after);
	const old = subjectLines(before, collection, id);
	const now = subjectLines(after, collection, id);
	const problems: string[] = [];
	if (region.start < old.first || region.endBefore > old.last + 1) {
		problems.push(`lines ${region.start + 1}-${region.endBefore} changed; ${collection} ${String(id)} spans ${old.first + 1}-${old.last + 1}`);
	}
	if (region.start < now.first || region.endAfter > now.last + 1) {
		problems.push(`new lines ${region.start + 1}-${region.endAfter} lie outside ${collection} ${String(id)} (${now.first + 1}-${now.last + 1})`);
	}
	return problems;
}

/** True when `needles` occur in `haystack` in this order (not necessarily adjacent). */
export function inOrder(haystack: string[], needles: string[]): boolean {
	let at = 0;
	for (const line of haystack) if (at < needles.length && line === needles[at]) at += 1;
	return at === needles.length;
}
