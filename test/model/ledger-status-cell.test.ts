/**
 * A sign-off rewrites one Status cell of the ledger. Rows that cannot name the signal are skipped without
 * being split; these cases hold the rows that name it in unusual spellings to being found all the same.
 */
import test from 'ava';
import { setLedgerStatus } from '../../source/ledger/set-status-cell.js';

const HEADER = '| Signal ID | Gate | Owner | Status | Evidence Artifact |\n|---|---:|---|---|---|\n';

function ledger(rows: string[], lineEnd = '\n'): string {
	return `# Ledger${lineEnd}${lineEnd}${HEADER.replaceAll('\n', lineEnd)}${rows.join(lineEnd)}${lineEnd}`;
}

test('the row of the signal gets the new status and every other byte stays', (t) => {
	const rows = Array.from({ length: 200 }, (_, index) => `| G1-${String(index).padStart(3, '0')} | 1 | Ops | PARTIAL | \`a/b.log\` |`);
	const before = ledger(rows);
	const after = setLedgerStatus(before, 'G1-150', 'GO');
	t.is(after, before.replace('| G1-150 | 1 | Ops | PARTIAL |', '| G1-150 | 1 | Ops | GO |'));
	t.is(setLedgerStatus(before, 'G9-999', 'GO'), null);
});

test('ids written in backticks, split by backticks or holding an escaped pipe are still found', (t) => {
	const cases: Array<[string, string]> = [
		['| `G2-001` | 2 | Ops | NO-GO | x |', 'G2-001'],
		['| G2`-`002 | 2 | Ops | NO-GO | x |', 'G2-002'],
		['| G2\\|003 | 2 | Ops | NO-GO | x |', 'G2|003'],
		['| G2\\`-004 | 2 | Ops | NO-GO | x |', 'G2\\-004'],
	];
	for (const [row, id] of cases) {
		const before = ledger(['| G2-000 | 2 | Ops | GO | x |', row]);
		const after = setLedgerStatus(before, id, 'GO');
		t.not(after, null, row);
		t.is(after, before.replace(`${row}`, row.replace('NO-GO', 'GO')), row);
	}
});

test('CRLF ledgers keep their line ends; a row after the table ended is not the table', (t) => {
	const before = ledger(['| G3-001 | 3 | Ops | PARTIAL | x |'], '\r\n');
	t.is(setLedgerStatus(before, 'G3-001', 'GO'), before.replace('PARTIAL', 'GO'));
	const detached = `${ledger(['| G3-001 | 3 | Ops | PARTIAL | x |'])}\nSome prose.\n| G3-002 | 3 | Ops | PARTIAL | x |\n`;
	t.is(setLedgerStatus(detached, 'G3-002', 'GO'), null);
});
