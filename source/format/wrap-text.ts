import { displayWidth, truncate } from '../text/text-fit.js';

/**
 * Wrapping for the CLI's own text (help, tables): whole words per line, nothing dropped. A word wider
 * than the line is broken after a `/` (paths) where it can be, else at the width.
 */
export function wrapWords(text: string, width: number): string[] {
	return wrapTokens(
		text.split(/\s+/).filter((word) => word !== ''),
		width,
	);
}

/**
 * A usage line's words, an option group in brackets or angle brackets (`[--note TEXT]`,
 * `<signal-id | gate-number>`, `"Name <email>"`) kept as one word so a wrap never splits it.
 */
export function usageWords(usage: string): string[] {
	const words: string[] = [];
	let current = '';
	let depth = 0;
	let quoted = false;
	for (const character of usage) {
		if (character === '"') quoted = !quoted;
		else if (!quoted && (character === '[' || character === '<')) depth += 1;
		else if (!quoted && (character === ']' || character === '>')) depth = Math.max(0, depth - 1);
		if (character === ' ' && depth === 0 && !quoted) {
			if (current !== '') words.push(current);
			current = '';
		} else current += character;
	}
	if (current !== '') words.push(current);
	return words;
}

export function wrapTokens(words: readonly string[], width: number): string[] {
	const lines: string[] = [];
	let current = '';
	for (const word of words) {
		const candidate = current === '' ? word : `${current} ${word}`;
		if (displayWidth(candidate) <= width) {
			current = candidate;
			continue;
		}
		if (current !== '') lines.push(current);
		const pieces = breakLongWord(word, width);
		current = pieces.pop() ?? '';
		lines.push(...pieces);
	}
	if (current !== '') lines.push(current);
	return lines;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Lines of at most `width` cells from one word, broken after the last `/` that fits, else where the width
 * runs out. Cut between whole characters (graphemes) by the cells they take, so a wide character or an
 * emoji is never split and never pushes a piece past the width.
 */
export function breakLongWord(word: string, width: number): string[] {
	if (width <= 0 || displayWidth(word) <= width) return [word];
	const pieces: string[] = [];
	let piece = '';
	let cells = 0;
	// Where the piece could end after a `/`, and what follows it, so far.
	let afterSlash = -1;
	for (const { segment } of graphemes.segment(word)) {
		const segmentCells = displayWidth(segment);
		if (cells + segmentCells > width && piece !== '') {
			const cut = afterSlash > 0 ? afterSlash : piece.length;
			pieces.push(piece.slice(0, cut));
			piece = piece.slice(cut);
			cells = displayWidth(piece);
			afterSlash = -1;
		}
		piece += segment;
		cells += segmentCells;
		if (segment === '/') afterSlash = piece.length;
	}
	pieces.push(piece);
	return pieces;
}

/** At most `maxLines` lines of `text` wrapped to `width`; when text is left over, the last line ends in an ellipsis. */
export function wrapAtMost(text: string, width: number, maxLines: number): string[] {
	if (width <= 0 || maxLines <= 0) return [];
	const lines = wrapWords(text, width);
	if (lines.length <= maxLines) return lines;
	const kept = lines.slice(0, maxLines);
	kept[maxLines - 1] = truncate(`${kept[maxLines - 1] ?? ''} ${lines.slice(maxLines).join(' ')}`, width);
	return kept;
}

/** `text` wrapped to `width` with `indent` before the first line and `hanging` before the rest. */
export function indentWrapped(lines: readonly string[], indent: string, hanging: string = indent): string[] {
	return lines.map((line, index) => `${index === 0 ? indent : hanging}${line}`);
}
