import { type Key, useInput } from 'ink';
import { useCallback, useSyncExternalStore } from 'react';
import type { TuiController } from '../source/ui/effects/controller.js';
import { keyPressFromInk } from '../source/ui/state/keys.js';
import type { Theme } from '../source/ui/state/theme.js';
import { Frame } from './frame.js';
import { ThemeContext } from './theme-context.js';

/**
 * The root component and the app's only useInput (several would fight over raw mode, ink #943).
 * It renders the controller's state and hands keys to the controller's router; nothing else.
 */
export function App({ controller, theme }: { controller: TuiController; theme: Theme }) {
	const state = useSyncExternalStore(controller.subscribe, controller.getState, controller.getState);
	const onInput = useCallback((input: string, key: Key) => controller.handleKey(keyPressFromInk(input, key)), [controller]);
	useInput(onInput);
	return (
		<ThemeContext.Provider value={theme}>
			<Frame state={state} />
		</ThemeContext.Provider>
	);
}
