import { EMPTY_PROJECT_CONFIG } from '../../../source/config/project-config.js';
import { deriveGateStatus } from '../../../source/model/status.js';
import { subjectFromLabel } from '../../../source/model/subject.js';
import type {
	AuditModel,
	CommandEntry,
	CommandRun,
	Finding,
	GateModel,
	LedgerRow,
	MatrixEntry,
	PathRef,
	SignalModel,
	StatusFile,
} from '../../../source/model/types.js';

/**
 * Hand-made AuditModels for UI tests and the benchmark: small specs in, a complete, consistent model
 * out (closed/open counts and derived statuses computed the way the loader does).
 */

export interface SignalSpec {
	id: string;
	status?: string;
	owner?: string | null;
	title?: string | null;
	evidence?: Array<string | Partial<PathRef>>;
	codePaths?: string[];
	exitTest?: string | null;
	signoff?: SignalModel['signoff'];
	blocked?: SignalModel['blocked'];
	inLedger?: boolean;
}

export interface GateSpec {
	id: number;
	name?: string;
	status?: string;
	statusReason?: string;
	signals: SignalSpec[];
	/** Ids named by the gate but not defined in the tracker. */
	undefinedSignalIds?: string[];
	evidence?: Array<string | Partial<PathRef>>;
}

export interface CommandSpec {
	name: string;
	signal?: string | null;
	command?: string;
	exitCode?: number | null;
	startUtc?: string;
	endUtc?: string;
	log?: string | null;
	statusFile?: string;
	history?: number;
}

export interface ModelSpec {
	root?: string;
	gates: GateSpec[];
	/** `about` is taken from the subject when it names a gate (`gate 2`) or a defined signal. */
	findings?: Array<Omit<Finding, 'about'> & { about?: Finding['about'] }>;
	commands?: CommandSpec[];
	matrix?: Array<{ name: string; command?: string; required?: boolean; exitCode?: number | null; recorded?: boolean; log?: string | null }>;
	git?: Partial<AuditModel['git']>;
	auditDate?: string;
	trackerPath?: string;
	blocks?: Partial<AuditModel['blocks']>;
}

export function pathRef(value: string | Partial<PathRef>): PathRef {
	if (typeof value === 'string') return { written: value, path: value, line: null, exists: true, isDirectory: value.endsWith('/'), problem: null };
	const written = value.written ?? value.path ?? 'file.txt';
	return { written, path: written, line: null, exists: true, isDirectory: false, problem: null, ...value };
}

function run(spec: CommandSpec, lineIndex: number): CommandRun {
	const exitCode = spec.exitCode === undefined ? 0 : spec.exitCode;
	return {
		command: spec.command ?? `run ${spec.name}`,
		exitCode,
		exitCodeText: exitCode === null ? 'NA' : String(exitCode),
		skipped: null,
		startUtc: spec.startUtc ?? '2026-02-13T01:00:00Z',
		endUtc: spec.endUtc ?? spec.startUtc ?? '2026-02-13T01:00:05Z',
		result: null,
		log: spec.log === undefined ? null : spec.log,
		logWritten: spec.log ?? null,
		logProblem: null,
		lineIndex,
		cells: {},
	};
}

export function buildModel(spec: ModelSpec): AuditModel {
	const signals: SignalModel[] = [];
	const gates: GateModel[] = spec.gates.map((gateSpec, gateIndex) => {
		const gateSignals = gateSpec.signals.map((signalSpec) => {
			const status = signalSpec.status ?? 'NO-GO';
			const ledger: LedgerRow | null =
				signalSpec.inLedger === false
					? null
					: {
							signalId: signalSpec.id,
							line: 20 + signals.length,
							gate: String(gateSpec.id),
							title: signalSpec.title === undefined ? `Title of ${signalSpec.id}` : signalSpec.title,
							owner: signalSpec.owner === undefined ? 'Release Engineering' : signalSpec.owner,
							status,
							codePaths: (signalSpec.codePaths ?? []).map(pathRef),
							evidence: (signalSpec.evidence ?? []).map(pathRef),
							evidenceText: null,
							exitTest: signalSpec.exitTest === undefined ? `Exit test of ${signalSpec.id}` : signalSpec.exitTest,
							cells: {},
						};
			const signal: SignalModel = {
				id: signalSpec.id,
				owner: signalSpec.owner === undefined ? 'Release Engineering' : signalSpec.owner,
				status,
				gateIds: [gateSpec.id],
				ledger,
				signoff: signalSpec.signoff ?? null,
				blocked: signalSpec.blocked ?? null,
				trackerIndex: signals.length,
			};
			signals.push(signal);
			return signal;
		});
		const closed = gateSignals.filter((signal) => signal.status === 'GO').length;
		const total = gateSignals.length + (gateSpec.undefinedSignalIds?.length ?? 0);
		const derivedStatus = deriveGateStatus([...gateSignals.map((signal) => signal.status), ...(gateSpec.undefinedSignalIds ?? []).map(() => null)]);
		return {
			id: gateSpec.id,
			name: gateSpec.name ?? `Gate ${gateSpec.id} area`,
			status: gateSpec.status ?? derivedStatus,
			statusReason: gateSpec.statusReason ?? `Reason for gate ${gateSpec.id}.`,
			derivedStatus,
			requiredSignalIds: [...gateSignals.map((signal) => signal.id), ...(gateSpec.undefinedSignalIds ?? [])],
			signals: gateSignals,
			closed,
			open: total - closed,
			evidence: (gateSpec.evidence ?? []).map(pathRef),
			signoff: null,
			blocked: null,
			trackerIndex: gateIndex,
		};
	});

	const byFile = new Map<string, CommandEntry[]>();
	(spec.commands ?? []).forEach((commandSpec, index) => {
		const statusFile = commandSpec.statusFile ?? 'evidence/signal-command-status.tsv';
		const entry: CommandEntry = {
			name: commandSpec.name,
			label: commandSpec.name,
			signal: commandSpec.signal ?? null,
			stage: null,
			step: null,
			statusFile,
			latest: run(commandSpec, index),
			history: Array.from({ length: commandSpec.history ?? 0 }, (_, earlier) => run({ ...commandSpec, startUtc: '2026-02-01T00:00:00Z' }, earlier)),
		};
		byFile.set(statusFile, [...(byFile.get(statusFile) ?? []), entry]);
	});
	const matrixFile = 'evidence/command-matrix-status.tsv';
	const matrixEntries: MatrixEntry[] = (spec.matrix ?? []).map((matrixSpec, index) => {
		const entry: CommandEntry | null =
			matrixSpec.recorded === false
				? null
				: {
						name: matrixSpec.name,
						label: matrixSpec.name,
						signal: null,
						stage: null,
						step: null,
						statusFile: matrixFile,
						latest: run(
							{
								name: matrixSpec.name,
								command: matrixSpec.command ?? `cmd ${matrixSpec.name}`,
								exitCode: matrixSpec.exitCode ?? 0,
								log: matrixSpec.log ?? null,
							},
							index,
						),
						history: [],
					};
		if (entry) byFile.set(matrixFile, [...(byFile.get(matrixFile) ?? []), entry]);
		return { name: matrixSpec.name, command: matrixSpec.command ?? `cmd ${matrixSpec.name}`, required: matrixSpec.required ?? true, entry };
	});
	const statusFiles: StatusFile[] = [...byFile.entries()]
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([path, entries]) => ({
			path,
			layout: { id: 'test', hasHeader: true, columns: ['command', 'exit_code'], appendStyle: false },
			entries,
			problems: [],
		}));

	const model: AuditModel = {
		root: spec.root ?? '/nonexistent-audit-root',
		inGitRepository: true,
		trackerPath: spec.trackerPath ?? 'docs/audits/test/gate-tracker.json',
		ledgerPath: 'docs/audits/test/signal-ledger.md',
		trackerSource: 'discovered',
		discoveryNote: null,
		schemaVersion: '1.0',
		auditDate: spec.auditDate ?? '2026-02-12',
		generatedAtUtc: null,
		baselineCommit: 'e896506f3c936c266a21fe556a107d37bd7075b5',
		definitionOfDone: 'ALL_GATES_GO',
		dodMet: gates.every((gate) => gate.status === 'GO'),
		evidenceRoot: 'evidence',
		gates,
		signals,
		matrix: {
			statusFile: pathRef(matrixFile),
			allPass: matrixEntries.every((entry) => entry.entry?.latest.exitCode === 0),
			requiredCommands: matrixEntries.filter((entry) => entry.required).map((entry) => entry.command),
			entries: matrixEntries,
		},
		statusFiles,
		git: {
			head: '1234567890abcdef1234567890abcdef12345678',
			dirty: false,
			dirtyPaths: [],
			changedPaths: [],
			baselineKnown: true,
			commitsSinceBaseline: 12,
			...spec.git,
		},
		config: EMPTY_PROJECT_CONFIG,
		blocks: { today: '2026-02-14', total: 0, expiringSoon: 0, expired: 0, incomplete: 0, ...spec.blocks },
		summaryPath: null,
		findings: [],
	};
	model.findings = (spec.findings ?? []).map((finding) => ({ about: aboutOf(model, finding.subject), ...finding }));
	return model;
}

/** What real findings carry: the gate or defined signal the subject names. */
function aboutOf(model: AuditModel, subject: string): Finding['about'] {
	const key = subjectFromLabel(subject);
	if (key.kind === 'gate') return model.gates.some((gate) => gate.id === key.gateId) ? key : null;
	return model.signals.some((signal) => signal.id === key.signalId) ? key : null;
}

/** A small audit shaped like arco-66d6c8c: gates 0..3, G3-002 NO-GO, a matrix, findings. */
export function sampleModel(overrides: Partial<ModelSpec> = {}): AuditModel {
	return buildModel({
		gates: [
			{
				id: 0,
				name: 'Re-baseline / tracker integrity',
				signals: [
					{ id: 'G0-001', status: 'GO' },
					{ id: 'G0-002', status: 'GO' },
				],
				evidence: ['docs/audits/test/signal-ledger.md'],
			},
			{
				id: 1,
				name: 'Release discipline / provenance',
				signals: [{ id: 'G1-001' }, { id: 'G1-002', status: 'BLOCKED-EXTERNAL' }],
				evidence: ['evidence/gate-1/'],
			},
			{
				id: 2,
				name: 'Storage / manifest / schema / invariants',
				status: 'GO',
				signals: [
					{ id: 'G2-001', status: 'GO' },
					{ id: 'G2-002', status: 'PARTIAL' },
				],
			},
			{
				id: 3,
				name: 'Layer-2 production blockers',
				statusReason: 'Projection persistence and run bridge convergence are closed locally; timer ingress remains NO-GO.',
				signals: [
					{ id: 'G3-001', status: 'GO', title: 'Projection tables survive compactor restart', evidence: ['evidence/gate-3/restart.log'] },
					{
						id: 'G3-002',
						status: 'NO-GO',
						title: 'Timer callback ingestion with OIDC validation',
						owner: 'Platform',
						evidence: ['evidence/gate-3/timer.log', { written: '/etc/passwd', path: null, problem: 'absolute', exists: false }],
						codePaths: ['crates/arco-flow/src/timer.rs'],
						exitTest: 'Timer callbacks are accepted only with a valid OIDC token, proven end to end.',
					},
				],
				evidence: ['evidence/gate-3/restart.log', 'evidence/gate-3/timer.log'],
			},
		],
		commands: [
			{
				name: 'g3_timer_unit',
				signal: 'G3-002',
				command: 'cargo test -p arco-flow timer',
				exitCode: 1,
				startUtc: '2026-02-13T01:10:00Z',
				endUtc: '2026-02-13T01:11:00Z',
				log: 'evidence/gate-3/timer.log',
			},
			{
				name: 'g3_timer_e2e',
				signal: 'G3-002',
				command: 'scripts/e2e-timer.sh',
				exitCode: 0,
				startUtc: '2026-02-13T02:10:00Z',
				endUtc: '2026-02-13T02:12:00Z',
			},
		],
		matrix: [
			{ name: 'fmt_check', command: 'cargo fmt --all --check', log: 'evidence/command-logs/fmt_check.log' },
			{ name: 'clippy_workspace', command: 'cargo clippy --workspace', exitCode: 101 },
			{ name: 'buf_lint_proto', command: 'buf lint proto/', recorded: false },
		],
		findings: [
			{ severity: 'warning', code: 'gate-status-mismatch', subject: 'gate 2', message: 'gate 2 is GO but its signals give PARTIAL' },
			{ severity: 'error', code: 'evidence-missing', subject: 'G3-002', message: 'evidence path refused: /etc/passwd' },
			{ severity: 'info', code: 'note', subject: 'tracker', message: 'tracker found by discovery' },
		],
		...overrides,
	});
}

/** A generated audit of `gateCount` gates with `signalsPerGate` signals each (the benchmark's shape). */
export function generatedModel(gateCount: number, signalsPerGate: number): AuditModel {
	const statuses = ['GO', 'PARTIAL', 'NO-GO', 'BLOCKED-EXTERNAL'];
	return buildModel({
		gates: Array.from({ length: gateCount }, (_, gate) => ({
			id: gate,
			name: `Generated area ${gate} with a reasonably long descriptive name`,
			signals: Array.from({ length: signalsPerGate }, (_, index) => ({
				id: `G${gate}-${String(index + 1).padStart(3, '0')}`,
				status: statuses[(gate + index) % statuses.length],
				evidence: [`evidence/gate-${gate}/signal-${index}.log`],
			})),
			evidence: [`evidence/gate-${gate}/README.md`],
		})),
	});
}
