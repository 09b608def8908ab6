import fs from 'node:fs';
import { findNodeAtLocation, type Node, parseTree } from 'jsonc-parser';
import type { z } from 'zod';
import { UserError } from '../errors.js';
import { acceptsUnchanged } from '../json/accepts-unchanged.js';
import { parseJsonOrRefuse, positionAt } from '../json/parse-json.js';
import { describeZodIssue } from '../json/zod-issue.js';
import { SUPPORTED_SCHEMA_VERSION, type Tracker, trackerSchema } from './schema.js';

export interface LoadedTracker {
	tracker: Tracker;
	text: string;
}

// Most trackers are valid: a plain walk says so without zod's copy of every object; zod decides (and words) the rest.
const isValidTracker = acceptsUnchanged(trackerSchema);

/** Reads and validates a gate tracker. Every failure is a one-line UserError naming the file and the place. */
export function loadTracker(absolutePath: string, displayPath: string): LoadedTracker {
	let text: string;
	try {
		text = fs.readFileSync(absolutePath, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new UserError(`${displayPath}: cannot read tracker (${code ?? 'unknown error'})`);
	}
	const value = parseJsonOrRefuse(text, displayPath);
	refuseOtherShapes(value, displayPath);
	if (isValidTracker(value)) return { tracker: value, text };
	const result = trackerSchema.safeParse(value);
	if (!result.success) throw new UserError(describeSchemaIssue(result.error, text, displayPath));
	return { tracker: result.data, text };
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// A tracker of another shape deserves a message about the shape, not a list of schema errors.
function refuseOtherShapes(value: unknown, displayPath: string): void {
	const supported = `supported: schema_version "${SUPPORTED_SCHEMA_VERSION}" with numeric gate ids, signals and command_matrix`;
	if (!isRecord(value)) {
		throw new UserError(
			`${displayPath}: unsupported tracker shape: found a JSON ${Array.isArray(value) ? 'array' : typeof value} at the top level; ${supported}`,
		);
	}
	const version = value['schema_version'];
	if (version === undefined) {
		const markers = ['audit_id', 'release_train', 'verification_commands', 'residual_checks'].filter((key) => key in value);
		const gates = value['gates'];
		const firstGateId = Array.isArray(gates) && isRecord(gates[0]) ? gates[0]['id'] : undefined;
		if (typeof firstGateId === 'string') markers.push('string gate ids');
		const found = markers.length > 0 ? markers.join(', ') : `keys ${Object.keys(value).slice(0, 6).join(', ') || '(none)'}`;
		throw new UserError(`${displayPath}: unsupported tracker shape: no schema_version; found ${found}; ${supported}`);
	}
	if (version !== SUPPORTED_SCHEMA_VERSION) {
		throw new UserError(`${displayPath}: unsupported tracker schema_version ${JSON.stringify(version)}; ${supported}`);
	}
}

function describeSchemaIssue(error: z.ZodError, text: string, displayPath: string): string {
	const issue = describeZodIssue(error);
	if (!issue) return `${displayPath}: invalid tracker`;
	const more = issue.more > 0 ? ` (and ${issue.more} more)` : '';
	return `${displayPath}${locate(text, issue.segments)}: ${issue.path}: ${issue.message}${more}`;
}

// The node itself when present; for a missing key, its parent object.
function locate(text: string, segments: Array<string | number>): string {
	const tree = parseTree(text);
	if (!tree) return '';
	let node: Node | undefined;
	for (let length = segments.length; length >= 0 && !node; length -= 1) {
		node = findNodeAtLocation(tree, segments.slice(0, length));
	}
	if (!node) return '';
	const { line, column } = positionAt(text, node.offset);
	return `:${line}:${column}`;
}
