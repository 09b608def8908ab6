import { parseArgs } from 'node:util';
import type { CommandContext, OptionValues, OutputStream } from './commands/command-context.js';
import { findCommand, GLOBAL_OPTIONS, type OptionSpecs } from './commands/registry.js';
import { describeError, EXIT_OK, EXIT_USAGE, isUserError } from './errors.js';
import { runningGroupCount } from './runner/process-groups.js';
import { sanitizeLine } from './text/sanitize.js';
import { packageVersion } from './version.js';

export interface CliIo {
	cwd: string;
	env: NodeJS.ProcessEnv;
	stdout: OutputStream & { isTTY?: boolean; columns?: number };
	stderr: OutputStream;
	stdinIsTty: boolean;
}

/** 128 + SIGPIPE, as a shell reports a writer its reader left. */
const EXIT_BROKEN_PIPE = 141;

function defaultIo(): CliIo {
	// `arco-review matrix --all | head` closes the pipe early: that ends the output, not in a crash. A rerun
	// still going is stopped by it (the exit handler ends its process group, nothing is recorded), so that exit
	// says so as a writer killed by SIGPIPE would: 141.
	process.stdout.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code === 'EPIPE') process.exit(runningGroupCount() > 0 ? EXIT_BROKEN_PIPE : EXIT_OK);
		throw error;
	});
	return { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr, stdinIsTty: process.stdin.isTTY === true };
}

/** Interactive when both ends are terminals and not under CI: raw mode would fail otherwise. */
export function isInteractive(io: CliIo): boolean {
	const ci = io.env['CI'];
	return io.stdinIsTty && io.stdout.isTTY === true && (ci === undefined || ci === '' || ci === 'false' || ci === '0');
}

/** Runs one invocation; returns the exit code. Never throws: errors become one line on stderr. */
export async function main(argv: string[], given?: CliIo): Promise<number> {
	const io = given ?? defaultIo();
	try {
		return await dispatch(argv, io);
	} catch (error) {
		if (isUserError(error)) {
			io.stderr.write(`arco-review: ${sanitizeLine(error.message)}\n`);
			return error.exitCode;
		}
		if (io.env['ARCO_DEBUG'] === '1' && error instanceof Error) io.stderr.write(`${error.stack ?? error.message}\n`);
		io.stderr.write(
			`arco-review: unexpected error: ${sanitizeLine(describeError(error))}${io.env['ARCO_DEBUG'] === '1' ? '' : ' (ARCO_DEBUG=1 shows more)'}\n`,
		);
		return EXIT_USAGE;
	}
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
	const commandIndex = argv.findIndex((argument, index) => !argument.startsWith('-') && argv[index - 1] !== '--tracker');
	const commandName = commandIndex === -1 ? null : argv[commandIndex];
	const command = commandName === null || commandName === undefined ? null : findCommand(commandName);
	if (commandName && !command) {
		io.stderr.write(`arco-review: unknown command ${JSON.stringify(sanitizeLine(commandName))}; run arco-review --help\n`);
		return EXIT_USAGE;
	}
	const rest = commandIndex === -1 ? argv : [...argv.slice(0, commandIndex), ...argv.slice(commandIndex + 1)];
	let parsed: { values: OptionValues; positionals: string[] };
	try {
		const options: OptionSpecs = { ...GLOBAL_OPTIONS, ...(command?.options ?? INTERACTIVE_OPTIONS) };
		parsed = parseArgs({ args: rest, options, allowPositionals: true, strict: true });
	} catch (error) {
		io.stderr.write(`arco-review: ${sanitizeLine(describeError(error))}; run arco-review ${command ? `${command.name} ` : ''}--help\n`);
		return EXIT_USAGE;
	}
	const { values, positionals } = parsed;
	if (values['version']) {
		io.stdout.write(`${packageVersion()}\n`);
		return EXIT_OK;
	}
	if (values['help']) {
		// Loaded on use: wrapping measures text with string-width, which no other command of a pipe needs.
		const help = await import('./commands/help-text.js');
		io.stdout.write(command ? help.commandHelp(command) : help.helpText());
		return EXIT_OK;
	}
	const context: CommandContext = {
		positionals,
		values,
		cwd: io.cwd,
		env: io.env,
		stdout: io.stdout,
		stderr: io.stderr,
		stdoutColumns: io.stdout.isTTY === true && typeof io.stdout.columns === 'number' ? io.stdout.columns : null,
	};
	if (command) {
		const allowed = command.positionals === 'none' ? 0 : command.positionals === 'one' ? 1 : Infinity;
		if (positionals.length > allowed) {
			io.stderr.write(`arco-review: too many arguments for ${command.name} (${sanitizeLine(positionals.join(' '))}); usage: ${command.usage}\n`);
			return EXIT_USAGE;
		}
		const run = await command.load();
		return await run(context);
	}
	return await runDefault(context, io);
}

const INTERACTIVE_OPTIONS = { demo: { type: 'boolean' }, keep: { type: 'boolean' } } as const;

async function runDefault(context: CommandContext, io: CliIo): Promise<number> {
	if (context.values['demo'] === true) {
		const { runDemo } = await import('./demo/run-demo.js');
		return await runDemo(context, isInteractive(io));
	}
	if (context.values['keep'] === true) {
		io.stderr.write('arco-review: --keep goes with --demo\n');
		return EXIT_USAGE;
	}
	if (!isInteractive(io)) {
		const { runStatus } = await import('./commands/status.js');
		return await runStatus(context);
	}
	const { runInteractive } = await import('./interactive.js');
	return await runInteractive(context);
}
