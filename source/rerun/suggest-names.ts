/** Edit distance between two short strings (names), for "did you mean" suggestions. */
function editDistance(a: string, b: string): number {
	let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
	for (let i = 1; i <= a.length; i += 1) {
		const current = [i];
		for (let j = 1; j <= b.length; j += 1) {
			const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
			current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
		}
		previous = current;
	}
	return previous[b.length] ?? 0;
}

/**
 * Names close to what was typed: containing it, or within a few typos of the whole name or of its last
 * segment (`fmt_chek` -> `fmt_check`, `rollback_syntax` -> `G5-005/rollback_script_syntax`).
 */
export function suggestNames(typed: string, names: string[], limit = 4): string[] {
	const wanted = typed.toLowerCase();
	const budget = Math.max(1, Math.floor(wanted.length / 4));
	const scored = names.flatMap((name) => {
		const lower = name.toLowerCase();
		if (lower.includes(wanted)) return [{ name, score: 0 }];
		const last = lower.split('/').pop() ?? lower;
		const distance = Math.min(editDistance(wanted, lower), editDistance(wanted, last));
		return distance <= budget ? [{ name, score: distance }] : [];
	});
	return scored
		.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
		.slice(0, limit)
		.map((item) => item.name);
}
