import { copyTarget } from '../state/copy.js';
import type { UiFeatureFactory } from './controller.js';

/**
 * `y` copies through the terminal: an OSC 52 escape sequence, which terminals (and tmux with
 * `set-clipboard on`) turn into a clipboard write, over ssh too, with no helper program. Only the
 * highlighted row's own field is sent, sanitized (copy.ts), base64-encoded inside the sequence.
 */

/** Terminals cap what they accept (xterm's default is about 100 kB of base64); longer text is not sent. */
export const MAX_COPY_BYTES = 64 * 1024;

export function osc52(text: string): string {
	return `\u001B]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}

export function clipboardFeature(write: (sequence: string) => void): UiFeatureFactory {
	return (controller) => ({
		effects: {
			copy: () => {
				const copied = copyTarget(controller.getState());
				if (!copied) return;
				if (Buffer.byteLength(copied.text, 'utf8') > MAX_COPY_BYTES) {
					controller.dispatch({ type: 'setStatus', text: `not copied: ${copied.what} is over ${MAX_COPY_BYTES / 1024} kB`, tone: 'error' });
					return;
				}
				write(osc52(copied.text));
			},
		},
	});
}
