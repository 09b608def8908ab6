import fs from 'node:fs';
import path from 'node:path';

export interface GeneratedAuditOptions {
	gates: number;
	signalsPerGate: number;
	/** Rows of the command matrix status TSV. */
	matrixRows: number;
}

const AUDIT = '2026-03-01-generated';
const STATUSES = ['GO', 'PARTIAL', 'NO-GO', 'BLOCKED-EXTERNAL'] as const;

/** The sizes the benchmarks compare with the arco-66d6c8c snapshot (38 signals, an 11-row matrix). */
export const GENERATED_SIZES: Array<{ label: string; options: GeneratedAuditOptions }> = [
	{ label: '10 signals, 5 TSV rows', options: { gates: 2, signalsPerGate: 5, matrixRows: 5 } },
	{ label: '1k signals, 500 TSV rows', options: { gates: 20, signalsPerGate: 50, matrixRows: 500 } },
	{ label: '10k signals, 5k TSV rows', options: { gates: 200, signalsPerGate: 50, matrixRows: 5000 } },
];

/**
 * Writes a synthetic audit in the layout of arco-66d6c8c into `root` (which the caller makes a git
 * repository): a tracker, a ledger row per signal with code and evidence paths, a command-matrix TSV with
 * its logs, and a summary.md whose gate snapshot table agrees with the tracker. A quarter of the signals
 * are BLOCKED-EXTERNAL without owner or until, as in the snapshot.
 */
export function writeGeneratedAudit(root: string, options: GeneratedAuditOptions): { trackerPath: string } {
	const auditDir = path.join(root, 'docs/audits', AUDIT);
	const evidenceRoot = `release_evidence/${AUDIT}`;
	const matrixDir = path.join(root, evidenceRoot, 'matrix');
	fs.mkdirSync(auditDir, { recursive: true });
	fs.mkdirSync(path.join(matrixDir, 'command-logs'), { recursive: true });
	fs.mkdirSync(path.join(root, 'src'), { recursive: true });

	const commands: string[] = [];
	const tsv = ['command\texit_code\tstart_utc\tend_utc\tcmd'];
	for (let row = 0; row < options.matrixRows; row += 1) {
		const command = `make check-${row}`;
		commands.push(command);
		tsv.push(`check_${row}\t0\t2026-03-01T00:00:00Z\t2026-03-01T00:00:01Z\t${command}`);
		// Every recorded command has its log, as in the snapshot.
		fs.writeFileSync(path.join(matrixDir, 'command-logs', `check_${row}.log`), `# command: ${command}\nok\n`);
	}
	fs.writeFileSync(path.join(matrixDir, 'command-matrix-status.tsv'), `${tsv.join('\n')}\n`);

	const gates = [];
	const signals = [];
	const summaryRows: string[] = [];
	const ledger = [
		`# Signal Ledger - ${AUDIT}`,
		'',
		'| Signal ID | Gate | Signal | Owner | Status | Code/Infra Path | Evidence Artifact | Exit Test / Closure Condition |',
		'|---|---:|---|---|---|---|---|---|',
	];
	for (let gate = 0; gate < options.gates; gate += 1) {
		const ids: string[] = [];
		let closed = 0;
		fs.writeFileSync(path.join(root, 'src', `gate_${gate}.rs`), `// gate ${gate}\n`);
		for (let index = 0; index < options.signalsPerGate; index += 1) {
			const id = `G${gate}-${String(index + 1).padStart(3, '0')}`;
			const status = STATUSES[(gate + index) % STATUSES.length] ?? 'GO';
			ids.push(id);
			if (status === 'GO') closed += 1;
			signals.push({ id, owner: `Team ${index % 7}`, status });
			ledger.push(
				`| ${id} | ${gate} | Signal ${index} of gate ${gate} | Team ${index % 7} | ${status} | \`src/gate_${gate}.rs\` | \`${evidenceRoot}/matrix/command-matrix-status.tsv\` | Check ${index} passes |`,
			);
		}
		gates.push({
			id: gate,
			name: `Generated gate ${gate}`,
			status: 'PARTIAL',
			status_reason: 'generated',
			required_signal_ids: ids,
			evidence: [`${evidenceRoot}/matrix/command-matrix-status.tsv`],
		});
		summaryRows.push(
			`| ${gate} | Generated gate ${gate} | PARTIAL | ${closed} | ${ids.length - closed} | \`${evidenceRoot}/matrix/command-matrix-status.tsv\` |`,
		);
	}
	const tracker = {
		schema_version: '1.0',
		audit_date: '2026-03-01',
		generated_at_utc: '2026-03-01T00:00:00Z',
		baseline_commit: '0000000000000000000000000000000000000000',
		definition_of_done: 'ALL_GATES_GO',
		evidence_root: evidenceRoot,
		command_matrix: { status_file: `${evidenceRoot}/matrix/command-matrix-status.tsv`, all_pass: true, required_commands: commands },
		gates,
		signals,
	};
	const trackerPath = path.join(auditDir, 'gate-tracker.json');
	fs.writeFileSync(trackerPath, `${JSON.stringify(tracker, null, 2)}\n`);
	fs.writeFileSync(path.join(auditDir, 'signal-ledger.md'), `${ledger.join('\n')}\n`);
	const summary = [
		`# Production Readiness Audit - ${AUDIT}`,
		'',
		'## Gate Status Snapshot (Current HEAD)',
		'',
		'| Gate | Area | Status | Closed Signals | Open Signals | Primary Evidence |',
		'|---:|---|---|---:|---:|---|',
		...summaryRows,
		'',
	];
	fs.writeFileSync(path.join(auditDir, 'summary.md'), `${summary.join('\n')}\n`);
	return { trackerPath };
}
