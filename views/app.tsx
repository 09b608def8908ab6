import { type Key, useInput } from 'ink';
import { useCallback, useLayoutEffect, useSyncExternalStore } from 'react';
import type { TuiController } from '../source/ui/effects/controller.js';
import { keyPressFromInk } from '../source/ui/state/keys.js';
import type { UiState } from '../source/ui/state/state.js';
import type { Theme } from '../source/ui/state/theme.js';
import { Frame } from './frame.js';
import { ThemeContext } from './theme-context.js';

/**
 * The root component and the app's only useInput (several would fight over raw mode, ink #943).
 * It renders the controller's state and hands keys to the controller's router; nothing else.
 */
export function App({ controller, theme, onRendered }: { controller: TuiController; theme: Theme; onRendered?: (state: UiState) => void }) {
	const state = useSyncExternalStore(controller.subscribe, controller.getState, controller.getState);
	const onInput = useCallback((input: string, key: Key) => controller.handleKey(keyPressFromInk(input, key)), [controller]);
	useInput(onInput);
	// After the commit that drew this state: tests and benches wait for a state's frame this way, not for time.
	useLayoutEffect(() => {
		onRendered?.(state);
	}, [onRendered, state]);
	return (
		<ThemeContext.Provider value={theme}>
			<Frame state={state} />
		</ThemeContext.Provider>
	);
}
