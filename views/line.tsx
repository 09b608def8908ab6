import { Text } from 'ink';
import { memo } from 'react';
import { displayWidth, truncate, truncateStart } from '../source/text/text-fit.js';
import type { StyleName } from '../source/ui/state/theme.js';
import { safe } from './safe.js';
import { useTheme } from './theme-context.js';

/** A run of text in one style. */
export interface Segment {
	text: string;
	style?: StyleName;
	/** When the line is too long, cut this segment at its front (paths: their end is what differs). */
	keepEnd?: boolean;
}

/** One terminal line: never wrapped, cut to the width with an ellipsis. */
export interface LineSpec {
	segments: Segment[];
	selected?: boolean;
}

export function seg(text: string, style?: StyleName): Segment {
	return style ? { text, style } : { text };
}

/** A path segment: cut at the front when it does not fit. */
export function pathSeg(text: string, style?: StyleName): Segment {
	return { ...seg(text, style), keepEnd: true };
}

export function line(...segments: Segment[]): LineSpec {
	return { segments };
}

export const BLANK: LineSpec = { segments: [] };

/**
 * Sanitizes every segment, then cuts the line to `width` cells: the segment that crosses the edge is
 * truncated with an ellipsis and the rest dropped. Adjacent segments of one style are merged, which
 * keeps the Ink tree (and the layout work per key press) small.
 */
export function fitSegments(segments: Segment[], width: number, padToWidth = false): Segment[] {
	const out: Segment[] = [];
	let remaining = width;
	for (const segment of segments) {
		if (remaining <= 0) break;
		const text = safe(segment.text);
		if (text === '') continue;
		const cells = displayWidth(text);
		const fitted = cells <= remaining ? text : segment.keepEnd ? truncateStart(text, remaining) : truncate(text, remaining);
		remaining -= cells <= remaining ? cells : displayWidth(fitted);
		const previous = out[out.length - 1];
		if (previous && previous.style === segment.style) previous.text += fitted;
		else out.push(segment.style ? { text: fitted, style: segment.style } : { text: fitted });
		if (cells > displayWidth(fitted)) break;
	}
	if (padToWidth && remaining > 0) out.push({ text: ' '.repeat(remaining) });
	return out;
}

/** Whether two lines draw the same: specs are rebuilt every frame, so they are compared by content. */
function sameLine(a: { spec: LineSpec; width: number }, b: { spec: LineSpec; width: number }): boolean {
	if (a.width !== b.width || a.spec.selected !== b.spec.selected || a.spec.segments.length !== b.spec.segments.length) return false;
	return a.spec.segments.every((segment, index) => {
		const other = b.spec.segments[index];
		return other !== undefined && segment.text === other.text && segment.style === other.style && segment.keepEnd === other.keepEnd;
	});
}

/**
 * One terminal line. Memoised by content: a key press re-renders only the lines it changed (the old and
 * the new selected row, the status line), not the whole frame.
 */
export const Line = memo(function Line({ spec, width }: { spec: LineSpec; width: number }) {
	const theme = useTheme();
	const highlight = spec.selected === true && theme.selectionInverse;
	const parts = fitSegments(spec.segments, width, highlight);
	// An empty Text would collapse to no line at all and shift everything below it up.
	if (parts.length === 0) return <Text> </Text>;
	return (
		<Text wrap="truncate-end">
			{parts.map((part, index) => (
				// biome-ignore lint/suspicious/noArrayIndexKey: segments are positional within one line and never reordered
				<Text key={index} {...theme.styles[part.style ?? 'plain']} inverse={highlight}>
					{part.text}
				</Text>
			))}
		</Text>
	);
}, sameLine);

export function Lines({ lines, width, maxRows }: { lines: LineSpec[]; width: number; maxRows: number }) {
	return (
		<>
			{lines.slice(0, maxRows).map((spec, index) => (
				// biome-ignore lint/suspicious/noArrayIndexKey: a line's identity is its row on screen
				<Line key={index} spec={spec} width={width} />
			))}
		</>
	);
}
