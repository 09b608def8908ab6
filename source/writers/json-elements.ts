/**
 * Edits inside the elements of a large JSON document's top-level arrays (a tracker's `gates` and
 * `signals`) at a cost that barely grows with the document: one native `JSON.parse` for syntax and values
 * (and the loader's key count for the duplicate keys it hides), one scan of the quotes and brackets for
 * where each element of the named arrays starts and ends, then json-edit's minimal edit applied to the
 * element's own text only. jsonc-parser's tree of a 10,000-signal tracker costs hundreds of
 * milliseconds; this costs tens.
 */
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { findJsonProblems, formatJsonProblem, mayHaveDuplicateKeys, withoutByteOrderMark } from '../json/strict-json.js';
import { detectJsonLayout, type JsonEdit, setJsonValues } from './json-edit.js';
import { WriteRefusal } from './write-refusal.js';

export interface Span {
	/** Offset of the element's first character in the text (byte-order mark included). */
	start: number;
	/** Offset just past its last character. */
	end: number;
}

export interface ElementDocument {
	text: string;
	value: unknown;
	/** Element spans of each requested top-level array, in array order. */
	spans: ReadonlyMap<string, readonly Span[]>;
}

export interface ElementEdit {
	array: string;
	index: number;
	/** Paths relative to the element, e.g. `['signoff']`. */
	edits: JsonEdit[];
}

/**
 * Strict JSON (no duplicate keys, comments or trailing commas) with the spans of the elements of the root
 * object's `arrays`. Throws one line naming `label`, line and column when the text is not strict JSON.
 */
export function readElementDocument(text: string, arrays: readonly string[], label: string): ElementDocument {
	const body = withoutByteOrderMark(text);
	let value: unknown;
	try {
		value = JSON.parse(body);
	} catch {
		throw new WriteRefusal(`Cannot edit ${describeProblem(body, label)}`);
	}
	if (mayHaveDuplicateKeys(body, value)) {
		const [duplicate] = findJsonProblems(body);
		if (duplicate) throw new WriteRefusal(`Cannot edit ${formatJsonProblem(label, duplicate)}`);
	}
	const wanted = new Set(arrays);
	let spans = scanRootArrays(text, wanted);
	// Elements that are not objects or arrays are not seen by the scan: let the full parser say where they are.
	const root = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
	if (arrays.some((name) => (Array.isArray(root[name]) ? root[name].length : 0) !== (spans.get(name)?.length ?? 0))) spans = spansFromTree(text, arrays);
	return { text, value, spans };
}

/** Applies each element's edits to that element's text only; the rest of the document keeps its bytes. */
export function editElements(document: ElementDocument, elementEdits: readonly ElementEdit[], label: string): string {
	const layout = detectJsonLayout(document.text);
	const located = elementEdits.map((edit) => {
		const span = document.spans.get(edit.array)?.[edit.index];
		if (span === undefined) throw new WriteRefusal(`Cannot edit ${label} at ${edit.array}[${edit.index}]: no such element`);
		return { span, edit };
	});
	const starts = new Set<number>();
	for (const { span, edit } of located) {
		if (starts.has(span.start)) throw new WriteRefusal(`Cannot edit ${label} at ${edit.array}[${edit.index}] twice in one step; merge the edits`);
		starts.add(span.start);
	}
	// From the end backwards, so the spans of the elements still to edit keep their offsets.
	let text = document.text;
	for (const { span, edit } of located.sort((a, b) => b.span.start - a.span.start)) {
		// The element's own line start gives jsonc-parser the base indentation for inserted properties.
		const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
		const from = /^[ \t]*$/.test(text.slice(lineStart, span.start)) ? lineStart : span.start;
		const edited = setJsonValues(text.slice(from, span.end), edit.edits, `${label} ${edit.array}[${edit.index}]`, layout);
		text = `${text.slice(0, from)}${edited}${text.slice(span.end)}`;
	}
	return text;
}

function describeProblem(body: string, label: string): string {
	const [problem] = findJsonProblems(body);
	return problem === undefined ? `${label}: invalid JSON` : formatJsonProblem(label, problem);
}

// Strings are skipped whole (their brackets are text), so only structure is left to count.
const STRUCTURE = /["{}[\]]/g;

/**
 * The spans of the object and array elements of the root object's arrays named in `wanted`, in one pass
 * that lets the regular expression engine find each quote and bracket. The text is valid JSON already.
 */
function scanRootArrays(text: string, wanted: ReadonlySet<string>): Map<string, Span[]> {
	const spans = new Map<string, Span[]>();
	let depth = 0;
	let rootKey: string | null = null;
	let recording: Span[] | null = null;
	let elementStart = -1;
	const structure = new RegExp(STRUCTURE.source, 'g');
	for (let match = structure.exec(text); match !== null; match = structure.exec(text)) {
		const at = match.index;
		const code = text.charCodeAt(at);
		if (code === 0x22) {
			const end = closingQuote(text, at);
			if (depth === 1 && isKey(text, end)) rootKey = JSON.parse(text.slice(at, end + 1)) as string;
			structure.lastIndex = end + 1;
		} else if (code === 0x7b || code === 0x5b) {
			if (recording && depth === 2) elementStart = at;
			depth += 1;
			if (depth === 2 && code === 0x5b && rootKey !== null && wanted.has(rootKey)) {
				recording = [];
				spans.set(rootKey, recording);
			}
		} else {
			depth -= 1;
			if (recording && depth === 2 && elementStart !== -1) {
				recording.push({ start: elementStart, end: at + 1 });
				elementStart = -1;
			} else if (depth === 1) {
				recording = null;
			}
		}
	}
	return spans;
}

function spansFromTree(text: string, arrays: readonly string[]): Map<string, Span[]> {
	const body = withoutByteOrderMark(text);
	const offset = text.length - body.length;
	const root = parseTree(body);
	const spans = new Map<string, Span[]>();
	for (const name of arrays) {
		const node = root === undefined ? undefined : findNodeAtLocation(root, [name]);
		if (node?.type === 'array')
			spans.set(
				name,
				(node.children ?? []).map((child) => ({ start: offset + child.offset, end: offset + child.offset + child.length })),
			);
	}
	return spans;
}

function isKey(text: string, closing: number): boolean {
	let next = closing + 1;
	while (next < text.length && text.charCodeAt(next) <= 0x20) next += 1;
	return text.charCodeAt(next) === 0x3a;
}

function closingQuote(text: string, open: number): number {
	let search = open + 1;
	for (;;) {
		const quote = text.indexOf('"', search);
		if (quote === -1) return text.length;
		let backslashes = 0;
		while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes += 1;
		if (backslashes % 2 === 0) return quote;
		search = quote + 1;
	}
}
