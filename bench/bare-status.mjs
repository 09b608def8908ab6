/**
 * The floor under `status --json`: the least any program answering it must do, with none of arco-review's
 * checks. It reads and parses the tracker, splits every ledger row into its cells, lists the evidence root
 * (a TSV may sit in any folder) and splits every TSV row, asks git what `status` asks (the same two
 * processes), and writes JSON of the same shape (every gate with its signals' status and owner, a finding
 * per BLOCKED-EXTERNAL signal). No validation, no model, no path checks, no findings worth the name.
 * status.bench.ts runs it beside `status --json` to show how much of the cost is the input and output alone.
 *
 * Usage: node bench/bare-status.mjs TRACKER   (from the repository root; TRACKER relative to it)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = process.cwd();
const trackerPath = process.argv[2] ?? 'gate-tracker.json';
const status = execFileSync('git', ['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=all'], { cwd: root, encoding: 'utf8' });
const tracker = JSON.parse(fs.readFileSync(path.join(root, trackerPath), 'utf8'));
const count = execFileSync('git', ['rev-list', '--count', 'HEAD'], { cwd: root, encoding: 'utf8' });

const ledgerPath = path.join(root, path.dirname(trackerPath), 'signal-ledger.md');
const ledgerRows = fs.existsSync(ledgerPath)
	? fs
			.readFileSync(ledgerPath, 'utf8')
			.split('\n')
			.map((line) => line.split('|'))
	: [];

const tsvRows = [];
const walk = (directory) => {
	for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
		const full = path.join(directory, entry.name);
		if (entry.isDirectory()) walk(full);
		else if (entry.name.endsWith('.tsv'))
			tsvRows.push(
				...fs
					.readFileSync(full, 'utf8')
					.split('\n')
					.map((line) => line.split('\t')),
			);
	}
};
walk(path.join(root, tracker.evidence_root));

const signals = new Map(tracker.signals.map((signal) => [signal.id, signal]));
const report = {
	tracker: trackerPath,
	head: /# branch\.oid ([0-9a-f]+)/.exec(status)?.[1] ?? null,
	commits_since_baseline: Number(count),
	rows_read: ledgerRows.length + tsvRows.length,
	gates: tracker.gates.map((gate) => ({
		id: gate.id,
		name: gate.name,
		status: gate.status,
		signals: gate.required_signal_ids.map((id) => ({ id, status: signals.get(id)?.status ?? null, owner: signals.get(id)?.owner ?? null })),
		evidence: gate.evidence ?? [],
	})),
	findings: tracker.signals
		.filter((signal) => signal.status === 'BLOCKED-EXTERNAL')
		.map((signal) => ({
			severity: 'warning',
			code: 'blocked-incomplete',
			subject: signal.id,
			message: `${signal.id} is BLOCKED-EXTERNAL without owner or until: record who it waits on and until when (signoff --blocked-owner WHO --until YYYY-MM-DD)`,
		})),
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
