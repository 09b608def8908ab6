/**
 * The demo audit of "Lumen Ingest" in the real layout: tracker and ledger under docs/audits/<audit>/, evidence
 * and command-status TSVs under release_evidence/<audit>/. Gates and signals are declared once below and both
 * the tracker and the ledger are written from them, so the only disagreements are the deliberate ones.
 */
import { PROJECT_CONFIG_FILE } from '../config/project-config.js';
import { DAY_MS, formatUtcDay } from '../time/utc.js';
import { commandLog, type MatrixCommand, matrixCommands, p99BudgetRuns } from './demo-commands.js';
import { type DemoFile, lines } from './demo-file.js';

export const DEMO_AUDIT_ID = '2026-11-20-lumen-ingest-readiness';
export const DEMO_AUDIT_DATE = '2026-11-20';
export const DEMO_TRACKER_PATH = `docs/audits/${DEMO_AUDIT_ID}/gate-tracker.json`;
export const DEMO_LEDGER_PATH = `docs/audits/${DEMO_AUDIT_ID}/signal-ledger.md`;
export const DEMO_EVIDENCE_ROOT = `release_evidence/${DEMO_AUDIT_ID}`;
export const DEMO_MATRIX_STATUS_FILE = `${DEMO_EVIDENCE_ROOT}/matrix/command-matrix-status.tsv`;
export const DEMO_SIGNAL_STATUS_FILE = `${DEMO_EVIDENCE_ROOT}/gate-3/g3-001-command-status.tsv`;

const E = DEMO_EVIDENCE_ROOT;
const MATRIX_LOGS = `${E}/matrix/command-logs`;
const GATE3_LOGS = `${E}/gate-3/command-logs`;
const SUMMARY_PATH = `docs/audits/${DEMO_AUDIT_ID}/summary.md`;

/** What the findings screen should show: one tracker/ledger disagreement and one GO signal with missing evidence. */
export const DEMO_DELIBERATE_PROBLEMS = {
	/** Tracker says NO-GO; the SRE updated only the ledger (to PARTIAL) after a partial load test. */
	statusMismatch: { signal: 'G3-002', trackerStatus: 'NO-GO', ledgerStatus: 'PARTIAL' },
	/** Marked GO, but the replay write-up was never committed. */
	missingEvidence: { signal: 'G2-003', path: `${E}/gate-2/compaction-replay.md` },
} as const;

interface DemoGate {
	id: number;
	name: string;
	status: string;
	reason: string;
	evidence: string[];
}

interface DemoSignal {
	id: string;
	gate: number;
	title: string;
	owner: string;
	status: string;
	/** Only where the ledger deliberately disagrees with the tracker. */
	ledgerStatus?: string;
	codePaths: string[];
	evidence: string[];
	/** Prose for the evidence cell when there is no artifact yet. */
	evidenceNote?: string;
	exitTest: string;
	/** A BLOCKED-EXTERNAL signal's exemption; its until is this many days after the demo is made. */
	blocked?: { owner: string; ticket: string; reason: string; daysLeft: number };
}

export const DEMO_GATES: readonly DemoGate[] = [
	{
		id: 0,
		name: 'Tracker integrity',
		status: 'GO',
		reason: 'Signal ledger, machine-checkable tracker and a fresh command matrix at the baseline are in place.',
		evidence: [DEMO_LEDGER_PATH, DEMO_MATRIX_STATUS_FILE],
	},
	{
		id: 1,
		name: 'Release provenance',
		status: 'PARTIAL',
		reason: 'Signed tags are verified in CI; the SBOM misses the container image and release notes are not drafted.',
		evidence: [`${E}/gate-1/`],
	},
	{
		id: 2,
		name: 'Storage invariants',
		status: 'PARTIAL',
		reason: 'Ordering under redelivery and compaction replay are closed; retention is 14 days against the 30-day policy.',
		evidence: [`${E}/gate-2/`],
	},
	{
		id: 3,
		name: 'Runtime SLOs',
		status: 'PARTIAL',
		reason: 'The p99 budget is configured and checked; load shedding has not passed a full load test.',
		evidence: [`${E}/gate-3/`],
	},
	{
		id: 4,
		name: 'Operations handoff',
		status: 'NO-GO',
		reason: "The staging rollback drill and the ops rota handoff wait on the platform team's staging window.",
		evidence: [`${E}/gate-4/`],
	},
];

export const DEMO_SIGNALS: readonly DemoSignal[] = [
	{
		id: 'G0-001',
		gate: 0,
		title: 'Signal ledger names one owner, path, evidence and exit test per signal',
		owner: 'Release Engineering',
		status: 'GO',
		codePaths: [DEMO_LEDGER_PATH],
		evidence: [DEMO_LEDGER_PATH],
		exitTest: 'Every open signal has an explicit closure condition',
	},
	{
		id: 'G0-002',
		gate: 0,
		title: 'Command matrix re-run at the baseline commit',
		owner: 'Release Engineering',
		status: 'GO',
		codePaths: [`${E}/matrix/`],
		evidence: [DEMO_MATRIX_STATUS_FILE],
		exitTest: 'Every required command recorded with its exit code and log',
	},
	{
		id: 'G1-001',
		gate: 1,
		title: 'Release tags are signed and verified in CI',
		owner: 'Release Engineering',
		status: 'GO',
		codePaths: ['ci/release.yml'],
		evidence: [`${E}/gate-1/signed-tag-verification.md`],
		exitTest: '`git tag -v` passes for the RC tag in the release job',
	},
	{
		id: 'G1-002',
		gate: 1,
		title: 'SBOM attached to every release artifact',
		owner: 'Security Engineering',
		status: 'PARTIAL',
		codePaths: ['scripts/build-sbom.sh'],
		evidence: [`${E}/gate-1/sbom-coverage.md`],
		exitTest: 'SBOM present for all three artifacts, container image included',
	},
	{
		id: 'G1-003',
		gate: 1,
		title: 'Release notes drafted from merged changes and reviewed',
		owner: 'Product + Release',
		status: 'NO-GO',
		codePaths: ['docs/release-process.md'],
		evidence: [],
		evidenceNote: 'Not produced yet',
		exitTest: 'Product signs off the RC release notes',
	},
	{
		id: 'G2-001',
		gate: 2,
		title: 'Per-tenant ordering survives redelivery',
		owner: 'Ingest Team',
		status: 'GO',
		codePaths: ['src/ingest/queue.ts', 'src/ingest/dedupe.ts'],
		evidence: [`${E}/gate-2/ordering-proof.md`],
		exitTest: 'Replaying 10,000 redelivered events keeps every tenant in order',
	},
	{
		id: 'G2-002',
		gate: 2,
		title: 'Retention window matches the 30-day data policy',
		owner: 'Storage Team',
		status: 'NO-GO',
		codePaths: ['config/retention.yaml'],
		evidence: [`${MATRIX_LOGS}/retention_matches_policy.log`],
		exitTest: '`retention_matches_policy` passes in the command matrix',
	},
	{
		id: 'G2-003',
		gate: 2,
		title: 'Compaction replays idempotently after a crash',
		owner: 'Storage Team',
		status: 'GO',
		codePaths: ['src/storage/compaction.ts'],
		evidence: [DEMO_DELIBERATE_PROBLEMS.missingEvidence.path],
		exitTest: 'A crash between segment write and manifest swap neither loses nor duplicates events',
	},
	{
		id: 'G3-001',
		gate: 3,
		title: 'p99 ingest latency budget of 250 ms configured and checked',
		owner: 'Ingest Team',
		status: 'GO',
		codePaths: ['config/ingest.yaml'],
		evidence: [DEMO_SIGNAL_STATUS_FILE],
		exitTest: 'The latest budget check exits 0',
	},
	{
		id: 'G3-002',
		gate: 3,
		title: 'Load shedding engages before the queue saturates',
		owner: 'Platform + SRE',
		status: DEMO_DELIBERATE_PROBLEMS.statusMismatch.trackerStatus,
		ledgerStatus: DEMO_DELIBERATE_PROBLEMS.statusMismatch.ledgerStatus,
		codePaths: ['src/ingest/queue.ts', 'docs/runbooks/queue-backpressure.md'],
		evidence: [`${E}/gate-3/backpressure-load-test.md`],
		exitTest: 'A 2x peak load test sheds oldest-first with no 5xx responses',
	},
	{
		id: 'G4-001',
		gate: 4,
		title: 'Rollback drill run in staging by the ops rota',
		owner: 'Platform + SRE',
		status: 'BLOCKED-EXTERNAL',
		codePaths: ['docs/runbooks/rollback.md'],
		evidence: [`${E}/gate-4/README.md`],
		exitTest: 'Drill record with start, end, operator and result',
		// Expires within the week: the overview counts it.
		blocked: { owner: 'Platform team', ticket: 'PLAT-482', reason: 'staging window not yet scheduled', daysLeft: 5 },
	},
	{
		id: 'G4-002',
		gate: 4,
		title: 'On-call handoff accepted by the operations rota',
		owner: 'SRE',
		status: 'BLOCKED-EXTERNAL',
		codePaths: ['docs/runbooks/on-call-handoff.md'],
		evidence: [`${E}/gate-4/README.md`],
		exitTest: 'The ops rota lead signs the handoff checklist',
		blocked: { owner: 'Ops rota lead', ticket: 'OPS-117', reason: 'handoff meeting after the staging drill', daysLeft: 21 },
	},
];

function trackerSignal(signal: DemoSignal, today: Date): Record<string, unknown> {
	const entry: Record<string, unknown> = { id: signal.id, owner: signal.owner, status: signal.status };
	if (signal.blocked) {
		const { owner, ticket, reason, daysLeft } = signal.blocked;
		entry['blocked'] = { owner, ticket, until: formatUtcDay(new Date(today.getTime() + daysLeft * DAY_MS)), reason };
	}
	return entry;
}

function trackerJson(baselineCommit: string, commands: MatrixCommand[], today: Date): string {
	const tracker = {
		schema_version: '1.0',
		audit_date: DEMO_AUDIT_DATE,
		generated_at_utc: '2026-11-20T15:52:10Z',
		baseline_commit: baselineCommit,
		definition_of_done: 'ALL_GATES_GO',
		evidence_root: DEMO_EVIDENCE_ROOT,
		command_matrix: {
			status_file: DEMO_MATRIX_STATUS_FILE,
			all_pass: commands.every((command) => command.exitCode === 0),
			required_commands: commands.map((command) => command.command),
		},
		gates: DEMO_GATES.map((gate) => ({
			id: gate.id,
			name: gate.name,
			status: gate.status,
			status_reason: gate.reason,
			required_signal_ids: DEMO_SIGNALS.filter((signal) => signal.gate === gate.id).map((signal) => signal.id),
			evidence: gate.evidence,
		})),
		signals: DEMO_SIGNALS.map((signal) => trackerSignal(signal, today)),
	};
	return `${JSON.stringify(tracker, null, 2)}\n`;
}

const code = (item: string): string => `\`${item}\``;

function ledgerRow(signal: DemoSignal): string {
	const evidence = [...signal.evidence.map(code), ...(signal.evidenceNote ? [signal.evidenceNote] : [])].join(', ');
	const cells = [
		signal.id,
		String(signal.gate),
		signal.title,
		signal.owner,
		signal.ledgerStatus ?? signal.status,
		signal.codePaths.map(code).join(', '),
		evidence,
		signal.exitTest,
	];
	return `| ${cells.join(' | ')} |`;
}

function ledgerMarkdown(baselineCommit: string): string {
	return lines(
		'# Signal Ledger - 2026-11-20 Lumen Ingest Readiness',
		'',
		`- Ledger date: ${DEMO_AUDIT_DATE}`,
		`- Baseline commit: ${code(baselineCommit)}`,
		'- Definition of Done: every signal below is `GO`, and every gate is `GO`.',
		'',
		'Status values:',
		'- `GO`: closure condition satisfied with reproducible evidence',
		'- `PARTIAL`: implementation or evidence exists but the closure condition is not fully met',
		'- `NO-GO`: unresolved signal; its gate cannot be closed',
		'- `BLOCKED-EXTERNAL`: needs staging or production activity outside this repository',
		'',
		'## Signals',
		'',
		'| Signal ID | Gate | Signal | Owner | Status | Code/Infra Path | Evidence Artifact | Exit Test / Closure Condition |',
		'|---|---:|---|---|---|---|---|---|',
		...DEMO_SIGNALS.map(ledgerRow),
	);
}

// The seed summary's gate snapshot table, which `check` compares with the tracker on every load.
function summaryMarkdown(baselineCommit: string): string {
	const gateRows = DEMO_GATES.map((gate) => {
		const signals = DEMO_SIGNALS.filter((signal) => signal.gate === gate.id);
		const closed = signals.filter((signal) => signal.status === 'GO').length;
		return `| ${gate.id} | ${gate.name} | ${gate.status} | ${closed} | ${signals.length - closed} | ${gate.evidence.map(code).join(', ')} |`;
	});
	return lines(
		'# Lumen Ingest production-readiness audit - 2026-11-20',
		'',
		`Baseline commit: ${code(baselineCommit)}. Definition of done: all gates GO (\`ALL_GATES_GO\`).`,
		'',
		'## Gate Status Snapshot',
		'',
		'| Gate | Area | Status | Closed Signals | Open Signals | Primary Evidence |',
		'|---:|---|---|---:|---:|---|',
		...gateRows,
		'',
		...DEMO_GATES.map((gate) => `- Gate ${gate.id}: ${gate.reason}`),
		'',
		`Machine-checkable state: ${code(DEMO_TRACKER_PATH)}. Per-signal detail: ${code(DEMO_LEDGER_PATH)}.`,
	);
}

function evidenceDocuments(): DemoFile[] {
	return [
		{
			path: `${E}/README.md`,
			content: lines(
				'# Release evidence - Lumen Ingest 2026-11-20',
				'',
				'- `matrix/`: the required command matrix, re-run at the baseline commit',
				'- `gate-N/`: per-gate artifacts and per-signal command runs',
			),
		},
		{
			path: `${E}/gate-1/signed-tag-verification.md`,
			content: lines(
				'# G1-001 signed tag verification',
				'',
				'The release job ran `git tag -v v0.9.0-rc.1` before publishing: good signature from the release key',
				'(fingerprint recorded in the job log, run 4812). An unsigned test tag was rejected by the same step.',
			),
		},
		{
			path: `${E}/gate-1/sbom-coverage.md`,
			content: lines(
				'# G1-002 SBOM coverage',
				'',
				'| Artifact | SBOM |',
				'|---|---|',
				'| lumen-ingest.tar.gz | yes |',
				'| lumen-ingest-cli.tar.gz | yes |',
				'| container image | no: the image build does not call scripts/build-sbom.sh yet |',
			),
		},
		{
			path: `${E}/gate-2/ordering-proof.md`,
			content: lines(
				'# G2-001 ordering under redelivery',
				'',
				'10,000 events over 40 tenants, every event redelivered once at a random delay up to 600 s.',
				'Result: 0 reordered, 10,000 duplicates rejected by the dedupe window (900 s).',
			),
		},
		{
			path: `${E}/gate-3/backpressure-load-test.md`,
			content: lines(
				'# G3-002 load shedding',
				'',
				'Run at 1.5x peak: shedding engaged at a queue depth of 10,000 and oldest-first, no 5xx.',
				'The 2x peak run named by the exit test has not been done: the load generator was capped at 1.5x.',
			),
		},
		{
			path: `${E}/gate-4/README.md`,
			content: lines(
				'# Gate 4 - operations handoff',
				'',
				'Blocked on the platform team: the staging window for the rollback drill is not booked yet, and the',
				'ops rota takes the handoff only after that drill.',
			),
		},
	];
}

function matrixFiles(baselineCommit: string, commands: MatrixCommand[]): DemoFile[] {
	const rows = commands.map((command) => [command.label, command.exitCode, command.startUtc, command.endUtc, command.command].join('\t'));
	return [
		{ path: DEMO_MATRIX_STATUS_FILE, content: lines(['command', 'exit_code', 'start_utc', 'end_utc', 'cmd'].join('\t'), ...rows) },
		...commands.map((command) => ({ path: `${MATRIX_LOGS}/${command.label}.log`, content: commandLog(command, baselineCommit) })),
	];
}

function signalRunFiles(): DemoFile[] {
	const runs = p99BudgetRuns();
	const rows = runs.map((run) => ['G3-001', run.command, run.startUtc, run.endUtc, run.exitCode, `${GATE3_LOGS}/${run.logName}`].join('\t'));
	return [
		{ path: DEMO_SIGNAL_STATUS_FILE, content: lines(['signal', 'command', 'start_utc', 'end_utc', 'exit_code', 'log_path'].join('\t'), ...rows) },
		// Run from working copies rather than at the baseline, so neither log names a head.
		...runs.map((run) => ({ path: `${GATE3_LOGS}/${run.logName}`, content: commandLog(run, null) })),
	];
}

/**
 * The files of the audit commit; `baselineCommit` is the service commit the audit was run against, `today`
 * the day blocks are dated from (so a demo made any day shows one block expiring within the week).
 */
export function demoAuditFiles(baselineCommit: string, today: Date = new Date()): DemoFile[] {
	// Built once: the noisy command's recorded output is 5,000 lines.
	const commands = matrixCommands();
	return [
		{ path: PROJECT_CONFIG_FILE, content: `${JSON.stringify({ tracker: DEMO_TRACKER_PATH }, null, 2)}\n` },
		{ path: DEMO_TRACKER_PATH, content: trackerJson(baselineCommit, commands, today) },
		{ path: DEMO_LEDGER_PATH, content: ledgerMarkdown(baselineCommit) },
		{ path: SUMMARY_PATH, content: summaryMarkdown(baselineCommit) },
		...evidenceDocuments(),
		...matrixFiles(baselineCommit, commands),
		...signalRunFiles(),
	];
}
