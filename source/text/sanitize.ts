/**
 * The one sanitizer for text that came from outside the program (trackers, ledgers, TSVs, logs, git,
 * error messages). strip-ansi alone is not enough: it leaves carriage returns, backspaces and bare
 * C0/C1 controls, any of which can forge output on a terminal (CVE-2021-25743 is the classic case).
 */

const TAB_WIDTH = 4;

// ESC-introduced sequences: CSI (ESC [ ... final), OSC/DCS/SOS/PM/APC strings ended by BEL or ST,
// and two-byte escapes (ESC followed by one character). Unterminated strings run to the end of input.
const ESCAPE_SEQUENCE =
	/\u001B(?:\[[\u0030-\u003F]*[\u0020-\u002F]*[\u0040-\u007E]?|[\]PX^_][\s\S]*?(?:\u0007|\u001B\\|\u009C|$)|[\u0020-\u002F]*[\u0030-\u007E]?)/g;
// The same sequences introduced by their single-byte C1 forms (U+009B CSI, U+009D OSC, ...).
const C1_SEQUENCE = /\u009B[\u0030-\u003F]*[\u0020-\u002F]*[\u0040-\u007E]?|[\u009D\u0090\u0098\u009E\u009F][\s\S]*?(?:\u0007|\u009C|\u001B\\|$)/g;
// C0 controls other than \t and \n, DEL, C1 controls, bidi embeddings/overrides/isolates.
const CONTROL_RANGES = '\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069';
// Remaining controls: everything above except \n and \t, which sanitizeText keeps (and expands).
const CONTROL_CHARACTERS = new RegExp(`[${CONTROL_RANGES}]`, 'g');
// The same with \t and \n: what makes text more (or other) than one line of printable characters.
const LINE_CONTROL = new RegExp(`[\\t\\n${CONTROL_RANGES}]`);

// Printable ASCII and newlines need no work; most log output is exactly that.
const NEEDS_CLEANING = /[^\u0020-\u007E\n]/;

/** Makes untrusted text safe to put on a terminal: keeps newlines, expands tabs, drops everything else that is not printable. */
export function sanitizeText(text: string): string {
	if (!NEEDS_CLEANING.test(text)) return text;
	const withoutSequences = text.replace(ESCAPE_SEQUENCE, '').replace(C1_SEQUENCE, '');
	const withoutControls = withoutSequences.includes('\r')
		? withoutSequences
				.split('\n')
				.map((line) => lastCarriageReturnSegment(line))
				.join('\n')
		: withoutSequences;
	return expandTabs(withoutControls.replace(CONTROL_CHARACTERS, ''));
}

/**
 * Whether `text` holds anything that is not one line of printable characters: a control character (tab,
 * newline, escape, carriage return, ...) or a bidi control. What typed text must not contain.
 */
export function hasControlCharacters(text: string): boolean {
	return LINE_CONTROL.test(text);
}

/** Like sanitizeText, for a value shown on one line: newlines become spaces. */
export function sanitizeLine(text: string): string {
	return sanitizeText(text).replace(/\n/g, ' ');
}

// A progress line rewritten with \r shows its last state, as a terminal would have displayed it.
function lastCarriageReturnSegment(line: string): string {
	const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
	const index = trimmed.lastIndexOf('\r');
	return index === -1 ? trimmed : trimmed.slice(index + 1);
}

function expandTabs(text: string): string {
	if (!text.includes('\t')) return text;
	return text
		.split('\n')
		.map((line) => {
			let column = 0;
			let out = '';
			for (const character of line) {
				if (character === '\t') {
					const spaces = TAB_WIDTH - (column % TAB_WIDTH);
					out += ' '.repeat(spaces);
					column += spaces;
				} else {
					out += character;
					column += 1;
				}
			}
			return out;
		})
		.join('\n');
}
