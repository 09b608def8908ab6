/**
 * The terminal around the Ink app: the alternate screen, bracketed paste, resize events and the ways a
 * session can end besides `q`. Whatever happens (quit, error, signal, crash), the user's shell screen and
 * paste behaviour come back: every exit path runs restore(), and a process 'exit' hook catches the paths
 * that skip the others.
 */

export const ENTER_ALTERNATE_SCREEN = '\u001B[?1049h';
export const LEAVE_ALTERNATE_SCREEN = '\u001B[?1049l';
/** The terminal marks pasted text (ESC[200~ … ESC[201~), so a paste is never taken for keys (source/ui/state/paste.ts). */
export const ENABLE_BRACKETED_PASTE = '\u001B[?2004h';
export const DISABLE_BRACKETED_PASTE = '\u001B[?2004l';
const SHOW_CURSOR = '\u001B[?25h';
const CLEAR_AND_HOME = '\u001B[2J\u001B[H';

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
export type HandledSignal = keyof typeof SIGNAL_EXIT_CODES;

export interface TerminalSession {
	/** Leaves the alternate screen and shows the cursor; safe to call more than once. */
	restore(): void;
}

export interface SessionHooks {
	onResize: (viewport: { columns: number; rows: number }) => void;
	onSignal: (signal: HandledSignal, exitCode: number) => void;
	onCrash: (error: unknown) => void;
}

export function viewportOf(stdout: NodeJS.WriteStream): { columns: number; rows: number } {
	return { columns: stdout.columns || 80, rows: stdout.rows || 24 };
}

export function openTerminalSession(stdout: NodeJS.WriteStream, hooks: SessionHooks, processLike: NodeJS.Process = process): TerminalSession {
	let restored = false;
	const write = (text: string) => {
		try {
			stdout.write(text);
		} catch {
			// The terminal may already be gone (SIGHUP); nothing left to restore then.
		}
	};
	write(ENTER_ALTERNATE_SCREEN + ENABLE_BRACKETED_PASTE + CLEAR_AND_HOME);

	let size = viewportOf(stdout);
	const onResize = () => {
		const next = viewportOf(stdout);
		// A terminal may rewrap or scroll what is on screen when it shrinks, so Ink's erase-by-line-count
		// would miss rows. Start from a clean screen; Ink rewrites the whole frame after a narrowing, and
		// a height change always changes the frame (it is padded to rows - 1).
		if (next.columns < size.columns || next.rows !== size.rows) write(CLEAR_AND_HOME);
		size = next;
		hooks.onResize(next);
	};
	stdout.on('resize', onResize);
	const signalHandlers = (Object.keys(SIGNAL_EXIT_CODES) as HandledSignal[]).map((signal) => {
		const handler = () => hooks.onSignal(signal, SIGNAL_EXIT_CODES[signal]);
		processLike.on(signal, handler);
		return { signal, handler };
	});
	const onCrash = (error: unknown) => hooks.onCrash(error);
	processLike.on('uncaughtException', onCrash);
	processLike.on('unhandledRejection', onCrash);
	const onExit = () => restore();
	processLike.on('exit', onExit);

	function restore(): void {
		if (restored) return;
		restored = true;
		stdout.off('resize', onResize);
		for (const { signal, handler } of signalHandlers) processLike.off(signal, handler);
		processLike.off('uncaughtException', onCrash);
		processLike.off('unhandledRejection', onCrash);
		processLike.off('exit', onExit);
		write(DISABLE_BRACKETED_PASTE + SHOW_CURSOR + LEAVE_ALTERNATE_SCREEN);
	}

	return { restore };
}
