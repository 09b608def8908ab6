/**
 * The only source of colour on screen. Views name a style; the theme decides what it looks like.
 * chalk (under Ink) ignores NO_COLOR, so colourless output is a theme whose styles are empty: no SGR at all.
 */

export type StyleName = 'plain' | 'heading' | 'muted' | 'accent' | 'ok' | 'warn' | 'bad' | 'external' | 'unknown' | 'error' | 'change';

export interface TextStyle {
	color?: string;
	bold?: boolean;
	dimColor?: boolean;
}

export interface Theme {
	name: 'color' | 'none';
	styles: Record<StyleName, TextStyle>;
	/** How the selected row stands out beyond its `>` marker. */
	selectionInverse: boolean;
}

export const COLOR_THEME: Theme = {
	name: 'color',
	selectionInverse: true,
	styles: {
		plain: {},
		heading: { bold: true },
		muted: { dimColor: true },
		accent: { color: 'cyan' },
		ok: { color: 'green' },
		warn: { color: 'yellow' },
		bad: { color: 'red' },
		external: { color: 'magenta' },
		unknown: { color: 'yellow', bold: true },
		error: { color: 'red', bold: true },
		change: { color: 'cyan' },
	},
};

export const NO_COLOR_THEME: Theme = {
	name: 'none',
	selectionInverse: false,
	styles: {
		plain: {},
		heading: {},
		muted: {},
		accent: {},
		ok: {},
		warn: {},
		bad: {},
		external: {},
		unknown: {},
		error: {},
		change: {},
	},
};

/** `--no-color` or a non-empty NO_COLOR (no-color.org) turn colour off. */
export function themeFor(options: { noColor: boolean; env?: NodeJS.ProcessEnv }): Theme {
	const env = options.env ?? process.env;
	const noColorEnv = env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '';
	return options.noColor || noColorEnv ? NO_COLOR_THEME : COLOR_THEME;
}

export function statusStyle(status: string | null | undefined): StyleName {
	switch (status) {
		case 'GO':
			return 'ok';
		case 'PARTIAL':
			return 'warn';
		case 'NO-GO':
			return 'bad';
		case 'BLOCKED-EXTERNAL':
			return 'external';
		default:
			return 'unknown';
	}
}

export function severityStyle(severity: 'error' | 'warning' | 'info'): StyleName {
	return severity === 'error' ? 'error' : severity === 'warning' ? 'warn' : 'muted';
}
