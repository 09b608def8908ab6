export type OptionValues = Record<string, string | boolean | Array<string | boolean> | undefined>;

/** Just what commands write to; process streams and test buffers both fit. */
export interface OutputStream {
	write(text: string): unknown;
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

export function writeJson(context: CommandContext, value: unknown): void {
	context.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
