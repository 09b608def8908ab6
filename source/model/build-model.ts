import type { ProjectConfig } from '../config/project-config.js';
import type { Ledger } from '../ledger/parse-ledger.js';
import type { RepoPaths } from '../paths/repo-paths.js';
import type { Tracker } from '../tracker/schema.js';
import { blockedFromTracker } from './blocked.js';
import { assignEntryNames } from './entry-names.js';
import { buildMatrix } from './matrix.js';
import { signoffFromTracker } from './signoff-record.js';
import { deriveGateStatus } from './status.js';
import type { AuditModel, GateModel, GitState, LedgerRow, SignalModel, StatusFile } from './types.js';

export interface ModelInputs {
	root: string;
	inGitRepository: boolean;
	trackerPath: string;
	trackerSource: string;
	discoveryNote: string | null;
	ledgerPath: string | null;
	tracker: Tracker;
	ledger: Ledger | null;
	statusFiles: StatusFile[];
	paths: RepoPaths;
	git: GitState;
	config: ProjectConfig;
}

export const DOD_ALL_GATES_GO = 'ALL_GATES_GO';

/** Assembles the model from already-read inputs; findings are computed afterwards from the result. */
export function buildModel(inputs: ModelInputs): AuditModel {
	const { tracker, paths } = inputs;
	const ledgerById = new Map<string, LedgerRow>((inputs.ledger?.rows ?? []).map((row) => [row.signalId, row]));
	const signals: SignalModel[] = tracker.signals.map((signal, trackerIndex) => ({
		id: signal.id,
		owner: signal.owner ?? null,
		status: signal.status,
		gateIds: [],
		ledger: ledgerById.get(signal.id) ?? null,
		signoff: signoffFromTracker(signal.signoff),
		blocked: blockedFromTracker(signal.blocked),
		trackerIndex,
	}));
	// The first definition wins; duplicates are reported as findings.
	const signalById = new Map<string, SignalModel>();
	for (const signal of signals) if (!signalById.has(signal.id)) signalById.set(signal.id, signal);

	const gates: GateModel[] = tracker.gates.map((gate, trackerIndex) => {
		const gateSignals = gate.required_signal_ids.flatMap((id) => {
			const signal = signalById.get(id);
			if (!signal) return [];
			if (!signal.gateIds.includes(gate.id)) signal.gateIds.push(gate.id);
			return [signal];
		});
		const closed = gateSignals.filter((signal) => signal.status === 'GO').length;
		const total = gate.required_signal_ids.length;
		return {
			id: gate.id,
			name: gate.name,
			status: gate.status,
			statusReason: gate.status_reason ?? '',
			derivedStatus: deriveGateStatus(closed, total),
			requiredSignalIds: [...gate.required_signal_ids],
			signals: gateSignals,
			closed,
			open: total - closed,
			evidence: (gate.evidence ?? []).map((written) => paths.ref(written)),
			signoff: signoffFromTracker(gate.signoff),
			blocked: blockedFromTracker(gate.blocked),
			trackerIndex,
		};
	});

	const matrix = buildMatrix(inputs.tracker.command_matrix, inputs.paths, inputs.statusFiles);
	assignEntryNames(inputs.statusFiles, matrix.statusFile.path, tracker.evidence_root);
	for (const entry of matrix.entries) entry.name = entry.entry?.name ?? null;

	return {
		root: inputs.root,
		inGitRepository: inputs.inGitRepository,
		trackerPath: inputs.trackerPath,
		ledgerPath: inputs.ledgerPath,
		trackerSource: inputs.trackerSource,
		discoveryNote: inputs.discoveryNote,
		schemaVersion: tracker.schema_version,
		auditDate: tracker.audit_date,
		generatedAtUtc: tracker.generated_at_utc ?? null,
		baselineCommit: tracker.baseline_commit,
		definitionOfDone: tracker.definition_of_done,
		dodMet: tracker.definition_of_done === DOD_ALL_GATES_GO && gates.every((gate) => gate.status === 'GO'),
		evidenceRoot: tracker.evidence_root,
		gates,
		signals,
		matrix,
		statusFiles: inputs.statusFiles,
		git: inputs.git,
		config: inputs.config,
		findings: [],
	};
}
