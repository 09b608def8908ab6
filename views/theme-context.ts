import { createContext, useContext } from 'react';
import { NO_COLOR_THEME, type Theme } from '../source/ui/state/theme.js';

// Colourless by default: a view rendered without a provider must not invent colours.
export const ThemeContext = createContext<Theme>(NO_COLOR_THEME);

export function useTheme(): Theme {
	return useContext(ThemeContext);
}
