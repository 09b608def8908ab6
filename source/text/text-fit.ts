import stringWidth from 'string-width';

/**
 * Width-aware truncation and padding. Terminal cells are what matter, not string length: CJK and
 * emoji take two cells, combining marks none, so every cut goes through string-width per grapheme.
 */

export const ELLIPSIS = '…';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function displayWidth(text: string): number {
	// string-width is exact but slow; printable ASCII is one cell per character, and it is most text here.
	return isOneCellPerCharacter(text) ? text.length : stringWidth(text);
}

/** Cuts `text` to at most `width` cells, ending with an ellipsis when something was cut. */
export function truncate(text: string, width: number): string {
	if (width <= 0) return '';
	// Most strings are plain ASCII: one cell per character, no grapheme walk needed.
	if (isOneCellPerCharacter(text)) return text.length <= width ? text : text.slice(0, width - 1) + ELLIPSIS;
	if (stringWidth(text) <= width) return text;
	const budget = width - 1;
	let used = 0;
	let out = '';
	for (const { segment } of graphemes.segment(text)) {
		const cells = stringWidth(segment);
		if (used + cells > budget) break;
		out += segment;
		used += cells;
	}
	return out + ELLIPSIS;
}

/** Cuts from the front instead (`…/command-logs/fmt_check.log`): for paths, whose end tells them apart. */
export function truncateStart(text: string, width: number): string {
	if (width <= 0) return '';
	if (isOneCellPerCharacter(text)) return text.length <= width ? text : ELLIPSIS + text.slice(text.length - (width - 1));
	if (stringWidth(text) <= width) return text;
	const parts = Array.from(graphemes.segment(text), ({ segment }) => segment);
	let used = 0;
	let start = parts.length;
	while (start > 0) {
		const cells = stringWidth(parts[start - 1] ?? '');
		if (used + cells > width - 1) break;
		used += cells;
		start--;
	}
	return ELLIPSIS + parts.slice(start).join('');
}

/** Truncates, then pads with spaces to exactly `width` cells. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left', keepEnd = false): string {
	const cut = keepEnd ? truncateStart(text, width) : truncate(text, width);
	const padding = ' '.repeat(Math.max(0, width - displayWidth(cut)));
	return align === 'left' ? cut + padding : padding + cut;
}

// Printable ASCII plus the one-cell glyphs this UI draws itself (ellipsis, separators, markers).
const ONE_CELL_PER_CHARACTER = /^[\u0020-\u007E…·—▸▏⏎↑↓]*$/;

/** Text whose width is its length, measured without string-width's grapheme and emoji analysis. */
function isOneCellPerCharacter(text: string): boolean {
	return ONE_CELL_PER_CHARACTER.test(text);
}
