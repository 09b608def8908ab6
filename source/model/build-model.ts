import type { Ledger } from '../ledger/parse-ledger.js';
import type { RepoPaths } from '../paths/repo-paths.js';
import type { Tracker, TrackerSignoff } from '../tracker/schema.js';
import { assignEntryNames } from './entry-names.js';
import type { AuditModel, CommandMatrix, GateModel, GitState, LedgerRow, MatrixEntry, SignalModel, SignoffRecord, StatusFile } from './types.js';

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
}

export const DOD_ALL_GATES_GO = 'ALL_GATES_GO';

/** Derived status: GO when every required signal is GO, NO-GO when none is, else PARTIAL. */
export function deriveGateStatus(closed: number, total: number): GateModel['derivedStatus'] {
	if (closed === total) return 'GO';
	if (closed === 0) return 'NO-GO';
	return 'PARTIAL';
}

function toSignoff(signoff: TrackerSignoff | undefined): SignoffRecord | null {
	if (!signoff) return null;
	return {
		status: signoff.status,
		reviewer: { name: signoff.reviewer.name, email: signoff.reviewer.email },
		signed_at: signoff.signed_at,
		head: signoff.head,
		dirty: signoff.dirty,
		note: signoff.note,
		evidence: signoff.evidence.map((item) => ({ path: item.path, sha256: item.sha256 })),
	};
}

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
		signoff: toSignoff(signal.signoff),
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
			signoff: toSignoff(gate.signoff),
			trackerIndex,
		};
	});

	const matrix = buildMatrix(inputs);
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
		findings: [],
	};
}

function buildMatrix(inputs: ModelInputs): CommandMatrix {
	const { command_matrix: declared } = inputs.tracker;
	const statusFile = inputs.paths.ref(declared.status_file);
	const file = inputs.statusFiles.find((candidate) => candidate.path === statusFile.path);
	const required = new Set(declared.required_commands);
	const entries: MatrixEntry[] = (file?.entries ?? []).map((entry) => ({
		name: entry.name,
		command: entry.latest.command,
		required: required.has(entry.latest.command),
		entry,
	}));
	const recorded = new Set(entries.map((entry) => entry.command));
	for (const command of declared.required_commands) {
		if (!recorded.has(command)) entries.push({ name: null, command, required: true, entry: null });
	}
	return { statusFile, allPass: declared.all_pass, requiredCommands: [...declared.required_commands], entries };
}
