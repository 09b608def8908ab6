import type { z } from 'zod';

/** `gates[1].required_signal_ids`: a JSON path as people read it; `(root)` for the document itself. */
export function formatJsonPath(segments: ReadonlyArray<PropertyKey>): string {
	let out = '';
	for (const segment of segments) {
		if (typeof segment === 'number') out += `[${segment}]`;
		else out += out === '' ? String(segment) : `.${String(segment)}`;
	}
	return out === '' ? '(root)' : out;
}

export interface DescribedIssue {
	/** The issue's path without symbols, for locating it in the text. */
	segments: Array<string | number>;
	/** `gates[1].required_signal_ids`. */
	path: string;
	/** zod's message without its generic `Invalid input: ` prefix. */
	message: string;
	/** How many more issues the error holds. */
	more: number;
}

/** The first issue of a zod error, in the words every one-line refusal uses. */
export function describeZodIssue(error: z.ZodError): DescribedIssue | null {
	const issue = error.issues[0];
	if (!issue) return null;
	const segments = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
	return { segments, path: formatJsonPath(segments), message: issue.message.replace(/^Invalid input: /, ''), more: error.issues.length - 1 };
}
