/**
 * BLOCKED-EXTERNAL as an exemption with an owner, a ticket and an end date: the findings (incomplete,
 * expired from the next UTC day), the count of blocks expiring within 7 days that status, status --json and
 * the overview share, and where the block is shown (signal, report). Also the derived gate status rule.
 */
import test from 'ava';
import { blockState, summarizeBlocks } from '../../source/model/blocked.js';
import { loadAudit } from '../../source/model/load-audit.js';
import { deriveGateStatus } from '../../source/model/status.js';
import { signalKey } from '../../source/model/subject.js';
import { formatUtcDay, utcDayNumber } from '../../source/time/utc.js';
import { copyFixture, editJson, LUMEN_TRACKER, type TempRepo } from '../helpers/fixture-repo.js';
import type { StatusJson } from '../helpers/reports.js';
import { runCli, runJson } from '../helpers/run-cli.js';

interface Blocked {
	owner?: string;
	ticket?: string;
	until?: string;
	reason?: string;
}
interface TrackerJson {
	gates: Array<{ id: number; status: string; blocked?: Blocked }>;
	signals: Array<{ id: string; status: string; blocked?: Blocked }>;
}

const G3_001 = 6;

function block(repo: TempRepo, signal: Blocked, gate?: Blocked): void {
	editJson<TrackerJson>(repo.root, LUMEN_TRACKER, (tracker) => {
		tracker.signals[G3_001]!.blocked = signal;
		if (gate) tracker.gates[3]!.blocked = gate;
	});
}

function daysFromToday(days: number): string {
	return formatUtcDay(new Date(Date.now() + days * 86_400_000));
}

test('derived gate status: GO when every signal is GO; NO-GO when none is GO or PARTIAL; else PARTIAL', (t) => {
	t.is(deriveGateStatus(['GO', 'GO']), 'GO');
	t.is(deriveGateStatus([]), 'GO');
	t.is(deriveGateStatus(['PARTIAL', 'PARTIAL', 'PARTIAL', 'PARTIAL', 'BLOCKED-EXTERNAL', 'BLOCKED-EXTERNAL']), 'PARTIAL');
	t.is(deriveGateStatus(['GO', 'NO-GO']), 'PARTIAL');
	t.is(deriveGateStatus(['NO-GO', 'PARTIAL']), 'PARTIAL');
	t.is(deriveGateStatus(['NO-GO', 'BLOCKED-EXTERNAL']), 'NO-GO');
	t.is(deriveGateStatus(['GO', null]), 'PARTIAL', 'a signal the tracker does not define counts as nothing done');
	t.is(deriveGateStatus(['AMBER']), 'NO-GO');
});

test('UTC days: real calendar days only', (t) => {
	t.is(utcDayNumber('1970-01-02'), 1);
	t.is(utcDayNumber('2026-02-29'), null);
	t.is(utcDayNumber('2028-02-29'), utcDayNumber('2028-03-01')! - 1);
	for (const text of ['2026-13-01', '2026-1-5', 'next week', '2026-03-01T00:00:00Z', '']) t.is(utcDayNumber(text), null, text);
});

test('a block expires from the day after its until, in UTC; within 7 days counts as expiring soon', (t) => {
	const key = signalKey('G4-003');
	const at = (until: string, today: string) =>
		blockState({ key, status: 'BLOCKED-EXTERNAL', blocked: { owner: 'Ops', ticket: null, until, reason: null } }, today);
	t.is(at('2026-03-01', '2026-03-01')?.daysLeft, 0);
	t.is(at('2026-03-01', '2026-03-02')?.daysLeft, -1);
	t.deepEqual(
		summarizeBlocks(
			[at('2026-03-01', '2026-03-02')!, at('2026-03-09', '2026-03-02')!, at('2026-03-10', '2026-03-02')!, at('2026-03-02', '2026-03-02')!],
			'2026-03-02',
		),
		{ today: '2026-03-02', total: 4, expiringSoon: 2, expired: 1, incomplete: 0 },
	);
	t.is(
		blockState({ key, status: 'PARTIAL', blocked: { owner: null, ticket: null, until: '2020-01-01', reason: null } }, '2026-03-02'),
		null,
		'only BLOCKED-EXTERNAL subjects are blocked',
	);
});

test('loading on the last accepted day and on the next: blocked-expired appears at 00:00 UTC', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	block(repo, { owner: 'Cloud Vendor', ticket: 'OPS-7', until: '2026-03-01' }, { owner: 'Platform Ops', until: '2026-03-05' });
	const codes = async (now: string) =>
		(await loadAudit({ cwd: repo.root, env: {}, now: new Date(now) })).findings
			.filter((finding) => finding.code.startsWith('blocked-'))
			.map((finding) => `${finding.code}@${finding.subject}`);
	t.deepEqual(await codes('2026-03-01T23:59:59Z'), []);
	t.deepEqual(await codes('2026-03-02T00:00:00Z'), ['blocked-expired@G3-001']);
	const model = await loadAudit({ cwd: repo.root, env: {}, now: new Date('2026-03-02T00:00:00Z') });
	t.deepEqual(model.blocks, { today: '2026-03-02', total: 2, expiringSoon: 1, expired: 1, incomplete: 0 });
	const expired = model.findings.find((finding) => finding.code === 'blocked-expired');
	t.like(expired, { severity: 'error', about: { kind: 'signal', signalId: 'G3-001' } });
});

test('status, status --json and check: how many blocks expire within 7 days, and an expired block fails check', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	block(repo, { owner: 'Cloud Vendor', ticket: 'OPS-7', until: daysFromToday(3), reason: 'quota raise' }, { owner: 'Platform Ops', until: daysFromToday(30) });
	const status = await runJson<StatusJson & { blocks: Record<string, unknown> }>(['status', '--json'], { cwd: repo.root });
	t.like(status.blocks, { total: 2, expiring_within_7_days: 1, expired: 0, incomplete: 0 });
	const text = await runCli(['status'], { cwd: repo.root });
	t.regex(text.stdout, /^Blocked: 2 \(1 expires within 7 days\)$/m);
	block(repo, { owner: 'Cloud Vendor', ticket: 'OPS-7', until: '2020-01-31' });
	const check = await runCli(['check'], { cwd: repo.root });
	t.is(check.code, 1);
	t.regex(check.stdout, /^error +blocked-expired +G3-001's block on Cloud Vendor \(OPS-7\) expired: accepted until 2020-01-31/m);
	t.regex((await runCli(['status'], { cwd: repo.root })).stdout, /^Blocked: 2 \(0 expire within 7 days, 1 expired\)$/m);
});

test('signal and report show the owner, the ticket and the until of a block', async (t) => {
	const repo = copyFixture('lumen-audit', { t });
	block(repo, { owner: 'Cloud Vendor', ticket: 'OPS-7', until: '2999-12-31', reason: 'quota raise' });
	const text = await runCli(['signal', 'G3-001'], { cwd: repo.root });
	t.regex(text.stdout, /^Blocked on Cloud Vendor \(OPS-7\) until 2999-12-31: quota raise \(expires in \d+ days\)$/m);
	const json = await runJson<{ blocked: Blocked; block_expired: boolean }>(['signal', 'G3-001', '--json'], { cwd: repo.root });
	t.deepEqual(json.blocked, { owner: 'Cloud Vendor', ticket: 'OPS-7', until: '2999-12-31', reason: 'quota raise' });
	t.false(json.block_expired);
	const report = await runCli(['report'], { cwd: repo.root });
	t.regex(report.stdout, /^- `G3-001` BLOCKED-EXTERNAL - .* \(owner: .*; blocked on Cloud Vendor \(OPS-7\) until 2999-12-31: quota raise\)$/m);
	t.regex(report.stdout, /^Gate blocked: no owner, ticket or until recorded$/m);
});
