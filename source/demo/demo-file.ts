/** One file of the demo repository, by repository-relative path. */
export interface DemoFile {
	path: string;
	content: string;
	/** Scripts are committed with mode 755, as a real repository would hold them. */
	executable?: boolean;
}

/** Joins lines with a trailing newline, so file bodies can be written flush without template-literal indentation. */
export function lines(...parts: string[]): string {
	return `${parts.join('\n')}\n`;
}
