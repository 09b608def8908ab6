/**
 * Findings are listed errors first, then warnings, then info, each group in the order the checks found
 * them. The loader groups them in one pass; this holds it to what a stable sort by severity gives.
 */
import test from 'ava';
import { bySeverity, sortedBySeverity } from '../../source/model/summary.js';
import type { Finding, FindingSeverity } from '../../source/model/types.js';

const SEVERITIES: FindingSeverity[] = ['info', 'error', 'warning'];

function findings(count: number, seed: number): Finding[] {
	let state = seed;
	return Array.from({ length: count }, (_, index) => {
		state = (state * 1103515245 + 12345) % 2 ** 31;
		const severity = SEVERITIES[state % SEVERITIES.length] ?? 'info';
		return { severity, code: `code-${index}`, subject: `subject ${index}`, message: `finding ${index}`, about: null };
	});
}

test('one pass gives what a stable sort by severity gives, order within a severity kept', (t) => {
	for (const [count, seed] of [
		[0, 1],
		[1, 2],
		[7, 3],
		[2_500, 4],
	] as const) {
		const input = findings(count, seed);
		const expected = [...input].sort(bySeverity);
		t.deepEqual(sortedBySeverity(input), expected, `${count} findings`);
	}
	const mixed = findings(50, 9);
	t.deepEqual(
		sortedBySeverity(mixed).map((finding) => finding.severity),
		[...mixed.filter((f) => f.severity === 'error'), ...mixed.filter((f) => f.severity === 'warning'), ...mixed.filter((f) => f.severity === 'info')].map(
			(finding) => finding.severity,
		),
	);
});

test('the input is left as it was', (t) => {
	const input = findings(20, 5);
	const copy = [...input];
	sortedBySeverity(input);
	t.deepEqual(input, copy);
});
