import type { ProjectConfig } from '../config/project-config.js';
import type { Ledger } from '../ledger/parse-ledger.js';
import type { RepoPaths } from '../paths/repo-paths.js';
import type { Tracker, TrackerSignal } from '../tracker/schema.js';
import { blockedFromTracker, blockStates, summarizeBlocks } from './blocked.js';
import { assignEntryNames } from './entry-names.js';
import { rememberIndex } from './lookup.js';
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
	/** `YYYY-MM-DD`, UTC: the day blocks are judged on. */
	today: string;
	summaryPath: string | null;
}

export const DOD_ALL_GATES_GO = 'ALL_GATES_GO';

/** Assembles the model from already-read inputs; findings are computed afterwards from the result. */
export function buildModel(inputs: ModelInputs): AuditModel {
	const { tracker, paths } = inputs;
	// Indexed loops: on a 10,000-signal audit the per-signal cost is mostly the interpreter's.
	const ledgerById = new Map<string, LedgerRow>();
	const rows = inputs.ledger?.rows ?? [];
	for (let index = 0; index < rows.length; index += 1) ledgerById.set((rows[index] as LedgerRow).signalId, rows[index] as LedgerRow);
	const signals: SignalModel[] = [];
	for (let trackerIndex = 0; trackerIndex < tracker.signals.length; trackerIndex += 1) {
		const signal = tracker.signals[trackerIndex] as TrackerSignal;
		signals.push({
			id: signal.id,
			owner: signal.owner ?? null,
			status: signal.status,
			gateIds: [],
			ledger: ledgerById.get(signal.id) ?? null,
			signoff: signal.signoff ? signoffFromTracker(signal.signoff) : null,
			blocked: signal.blocked ? blockedFromTracker(signal.blocked) : null,
			trackerIndex,
		});
	}
	// The first definition wins; duplicates are reported as findings.
	const signalById = new Map<string, SignalModel>();
	for (let index = 0; index < signals.length; index += 1) {
		const signal = signals[index] as SignalModel;
		if (!signalById.has(signal.id)) signalById.set(signal.id, signal);
	}

	const gates: GateModel[] = tracker.gates.map((gate, trackerIndex) => {
		const gateSignals: SignalModel[] = [];
		const statuses: Array<string | null> = [];
		let closed = 0;
		const ids = gate.required_signal_ids;
		for (let index = 0; index < ids.length; index += 1) {
			const signal = signalById.get(ids[index] as string);
			statuses.push(signal?.status ?? null);
			if (!signal) continue;
			if (!signal.gateIds.includes(gate.id)) signal.gateIds.push(gate.id);
			gateSignals.push(signal);
			if (signal.status === 'GO') closed += 1;
		}
		const total = gate.required_signal_ids.length;
		return {
			id: gate.id,
			name: gate.name,
			status: gate.status,
			statusReason: gate.status_reason ?? '',
			derivedStatus: deriveGateStatus(statuses),
			requiredSignalIds: gate.required_signal_ids.slice(),
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

	const model: AuditModel = {
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
		blocks: summarizeBlocks(blockStates({ gates, signals }, inputs.today), inputs.today),
		summaryPath: inputs.summaryPath,
		findings: [],
	};
	rememberIndex(model, signalById);
	return model;
}
