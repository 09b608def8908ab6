export type OptionValues = Record<string, string | boolean | Array<string | boolean> | undefined>;

/** Just what commands write to; process streams and test buffers both fit. Bytes pass through untouched (a rerun's clean output). */
export interface OutputStream {
	write(chunk: string | Uint8Array): unknown;
}

/** What a command receives from the CLI; commands write through these streams so tests can capture them. */
export interface CommandContext {
	positionals: string[];
	values: OptionValues;
	cwd: string;
	env: NodeJS.ProcessEnv;
	stdout: OutputStream;
	stderr: OutputStream;
	/** Whether stdout is a terminal (tables fit its width). */
	stdoutColumns: number | null;
}

export function stringOption(values: OptionValues, name: string): string | undefined {
	const value = values[name];
	return typeof value === 'string' ? value : undefined;
}

export function booleanOption(values: OptionValues, name: string): boolean {
	return values[name] === true;
}

// JSON.stringify escapes C0 controls but not DEL, C1 or bidi controls, which a terminal still obeys.
const UNSAFE_IN_JSON = /[\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

export function writeJson(context: CommandContext, value: unknown): void {
	const text = JSON.stringify(value, null, 2).replace(UNSAFE_IN_JSON, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
	context.stdout.write(`${text}\n`);
}
