/**
 * Minimal in-place JSON edits. `JSON.parse` + `JSON.stringify` would reorder integer-like keys, round
 * integers above 2^53, respell numbers like `1.0e3` and throw away the author's layout; here only the
 * bytes of the edited value change (plus the comma and line break an inserted property needs).
 *
 * jsonc-parser's `modify` finds the bytes to replace; its own formatting is not used because it reformats
 * whole lines around an insertion (it would expand a neighbouring `[1,2]`). Instead only the inserted
 * text is formatted, with the indentation and line ending detected from the file.
 */
import { applyEdits, type Edit, type FormattingOptions, findNodeAtLocation, format, getNodeValue, modify, type Node, parseTree } from 'jsonc-parser';
import { findJsonProblems, formatJsonProblem, withoutByteOrderMark } from '../json/strict-json.js';
import { WriteRefusal } from './write-refusal.js';

export type JsonPathSegment = string | number;
export type JsonPath = readonly JsonPathSegment[];

export interface JsonEdit {
	path: JsonPath;
	/** The new value (ignored with `remove`). */
	value: unknown;
	/** Removes the property at `path` instead; nothing changes when there is none. */
	remove?: boolean;
}

export interface JsonLayout {
	/** Tabs, or spaces with `tabSize` spaces per level. */
	insertSpaces: boolean;
	tabSize: number;
	eol: '\n' | '\r\n';
}

const DEFAULT_SPACES = 2;
// With tabs, jsonc-parser counts a tab as `tabSize` columns and divides by it again, so any value works.
const TAB_SIZE_FOR_TABS = 4;

// The first lines show the layout; reading every line of a 10,000-signal tracker would cost more than the edit.
const LAYOUT_SAMPLE_LINES = 200;

/** Reads the file's indentation (tabs vs N spaces, from its first lines) and line ending. */
export function detectJsonLayout(text: string): JsonLayout {
	const eol = text.includes('\r\n') ? '\r\n' : '\n';
	let smallestSpaceIndent = Infinity;
	let sampleEnd = 0;
	for (let line = 0; line < LAYOUT_SAMPLE_LINES && sampleEnd !== -1; line += 1) sampleEnd = text.indexOf('\n', sampleEnd + 1);
	for (const line of (sampleEnd === -1 ? text : text.slice(0, sampleEnd)).split(/\r?\n/)) {
		const indent = /^[ \t]+(?=\S)/.exec(line)?.[0];
		if (indent === undefined) continue;
		if (indent.startsWith('\t')) return { insertSpaces: false, tabSize: TAB_SIZE_FOR_TABS, eol };
		smallestSpaceIndent = Math.min(smallestSpaceIndent, indent.length);
	}
	// Inside a JSON value every line is structure (strings cannot span lines), so the shallowest
	// indented line is one level deep.
	const tabSize = Number.isFinite(smallestSpaceIndent) ? smallestSpaceIndent : DEFAULT_SPACES;
	return { insertSpaces: true, tabSize, eol };
}

/**
 * Sets the value at `path` (e.g. `['signals', 12, 'status']`), replacing an existing value or adding
 * a new property to an existing object. Refuses anything ambiguous: invalid or duplicate-key input,
 * a missing parent, an array index that does not exist, or a value JSON cannot represent.
 * `label` names the file in error messages.
 */
export function setJsonValue(text: string, path: JsonPath, value: unknown, label = 'JSON text'): string {
	return setJsonValues(text, [{ path, value }], label);
}

/**
 * Applies several edits in order; each sees the result of the previous one. `layout` is the file's when
 * the text is only a part of it (json-elements.ts edits one element of a large document).
 */
export function setJsonValues(withBom: string, edits: readonly JsonEdit[], label = 'JSON text', layout?: JsonLayout): string {
	// A byte-order mark is kept where it was, and edits apply to the JSON after it.
	const text = withoutByteOrderMark(withBom);
	assertStrictJson(text, label);
	const fileLayout = layout ?? detectJsonLayout(text);
	const edited = edits.reduce((current, edit) => applyOneEdit(current, edit, label, fileLayout), text);
	return text === withBom ? edited : `\uFEFF${edited}`;
}

function applyOneEdit(text: string, { path, value, remove }: JsonEdit, label: string, layout: JsonLayout): string {
	const where = `${label} at ${describePath(path)}`;
	if (path.length === 0) throw new WriteRefusal(`Cannot edit ${where}: replacing the whole document is not an edit`);
	if (remove) return removeProperty(text, path, label, where);
	const problem = findNonJsonValue(value);
	if (problem !== null) throw new WriteRefusal(`Cannot edit ${where}: the new value ${problem}`);

	const root = parseTree(text);
	if (root === undefined) throw new WriteRefusal(`Cannot edit ${label}: it is empty`);
	const parentPath = path.slice(0, -1);
	const lastSegment = path[path.length - 1] as JsonPathSegment;
	const parent = findNodeAtLocation(root, [...parentPath]);
	if (parent === undefined) throw new WriteRefusal(`Cannot edit ${where}: ${describePath(parentPath)} does not exist`);
	checkSegmentFits(parent, lastSegment, where);

	const edits = modify(text, [...path], value, {});
	const [edit] = edits;
	if (edit === undefined || edits.length !== 1) throw new Error(`Cannot edit ${where}: unexpected edit from jsonc-parser`);
	const edited = applyEdits(text, [edit]);
	const result = containerSpansLines(text, parent) ? applyEdits(edited, formatInsertedText(edited, edit, layout)) : edited;

	// The edit must leave strict JSON holding exactly the new value; anything else is a bug, not a write.
	assertStrictJson(result, `${label} after the edit`);
	const resultRoot = parseTree(result);
	const written = resultRoot === undefined ? undefined : findNodeAtLocation(resultRoot, [...path]);
	if (written === undefined || JSON.stringify(getNodeValue(written)) !== JSON.stringify(value)) {
		throw new Error(`Cannot edit ${where}: the edited text does not hold the new value`);
	}
	return result;
}

function removeProperty(text: string, path: JsonPath, label: string, where: string): string {
	const root = parseTree(text);
	if (root === undefined) throw new WriteRefusal(`Cannot edit ${label}: it is empty`);
	const parent = findNodeAtLocation(root, [...path.slice(0, -1)]);
	if (parent?.type !== 'object' || typeof path[path.length - 1] !== 'string') throw new WriteRefusal(`Cannot edit ${where}: not a property of an object`);
	const edits = modify(text, [...path], undefined, {});
	const [edit] = edits;
	if (edit === undefined) return text;
	if (edits.length !== 1) throw new Error(`Cannot edit ${where}: unexpected edit from jsonc-parser`);
	const result = applyEdits(text, [keepLineBreakBefore(text, edit)]);
	assertStrictJson(result, `${label} after the edit`);
	const resultRoot = parseTree(result);
	if (resultRoot !== undefined && findNodeAtLocation(resultRoot, [...path]) !== undefined) throw new Error(`Cannot edit ${where}: the property is still there`);
	return result;
}

// Removing an object's first property, jsonc-parser takes the line break before it along with the
// indentation of the next one (`{"id"`); keep the line break, take the indentation.
function keepLineBreakBefore(text: string, edit: Edit): Edit {
	const removed = text.slice(edit.offset, edit.offset + edit.length);
	const leading = /^\s*/.exec(removed)?.[0] ?? '';
	if (!leading.includes('\n') || !/,\s*$/.test(removed)) return edit;
	return { offset: edit.offset + leading.length, length: edit.length - leading.length, content: edit.content };
}

function checkSegmentFits(parent: Node, segment: JsonPathSegment, where: string): void {
	if (parent.type === 'object') {
		if (typeof segment !== 'string') throw new WriteRefusal(`Cannot edit ${where}: the parent is an object, not an array`);
		return;
	}
	if (parent.type === 'array') {
		if (typeof segment !== 'number') throw new WriteRefusal(`Cannot edit ${where}: the parent is an array, not an object`);
		const length = parent.children?.length ?? 0;
		// Only existing elements: writing index 12 of an 11-element array would silently append.
		if (!Number.isInteger(segment) || segment < 0 || segment >= length) {
			throw new WriteRefusal(`Cannot edit ${where}: the array has ${length} element(s)`);
		}
		return;
	}
	throw new WriteRefusal(`Cannot edit ${where}: the parent is a ${parent.type}, not an object or array`);
}

// One-line containers stay one line: the compact text from `modify` is already the least change.
function containerSpansLines(text: string, container: Node): boolean {
	return /[\r\n]/.test(text.slice(container.offset, container.offset + container.length));
}

// Formats only the inserted bytes; jsonc-parser takes the base indentation from the line they start on.
function formatInsertedText(edited: string, edit: Edit, layout: JsonLayout): Edit[] {
	const options: FormattingOptions = { ...layout, insertFinalNewline: false, keepLines: false };
	return format(edited, { offset: edit.offset, length: edit.content.length }, options);
}

function assertStrictJson(text: string, label: string): void {
	const [first, ...rest] = findJsonProblems(text);
	if (first === undefined) return;
	const more = rest.length > 0 ? ` (and ${rest.length} more problem(s))` : '';
	throw new WriteRefusal(`Cannot edit ${formatJsonProblem(label, first)}${more}`);
}

/** Why `value` cannot be written as JSON, or null when it can. */
function findNonJsonValue(value: unknown): string | null {
	if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
	if (typeof value === 'number') return Number.isFinite(value) ? null : `contains the non-finite number ${value}`;
	if (Array.isArray(value)) {
		for (const item of value) {
			const problem = findNonJsonValue(item);
			if (problem !== null) return problem;
		}
		return null;
	}
	if (typeof value === 'object') {
		const prototype: unknown = Object.getPrototypeOf(value);
		if (prototype !== Object.prototype && prototype !== null) return 'contains an object that is not plain data';
		for (const [key, item] of Object.entries(value)) {
			if (item === undefined) return `has undefined at key ${JSON.stringify(key)}`;
			const problem = findNonJsonValue(item);
			if (problem !== null) return problem;
		}
		return null;
	}
	return `is of type ${typeof value}`;
}

function describePath(path: JsonPath): string {
	if (path.length === 0) return '(root)';
	return path
		.map((segment) => (typeof segment === 'number' ? `[${segment}]` : /^[A-Za-z_$][\w$]*$/.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`))
		.join('')
		.replace(/^\./, '');
}
