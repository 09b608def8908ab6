export interface WaitOptions {
	/** What is awaited: a wait of over 30 s says it now and then, so a test that times out shows why. */
	what?: string;
	/** How often the condition is looked at. */
	pollMs?: number;
}

const NOTE_EVERY_MS = 30_000;

/**
 * Waits until `condition` holds. No deadline of its own: ava's timeout is the only one, so a loaded machine
 * makes a test slow, never failed, and a hang still fails the test under its title.
 */
export async function until(condition: () => boolean, { what, pollMs = 10 }: WaitOptions = {}): Promise<void> {
	let notedAt = Date.now();
	while (!condition()) {
		if (what !== undefined && Date.now() - notedAt > NOTE_EVERY_MS) {
			notedAt = Date.now();
			console.error(`still waiting for ${what}`);
		}
		await new Promise((resolve) => setTimeout(resolve, pollMs));
	}
}
