import type { Ledger } from '../ledger/parse-ledger.js';
import { DOD_ALL_GATES_GO } from '../model/build-model.js';
import { findSignal } from '../model/lookup.js';
import { isKnownStatus } from '../model/status.js';
import { gateKey, type SubjectKey, signalKey, subjectLabel } from '../model/subject.js';
import { type AuditModel, type Finding, type GateModel, KNOWN_STATUSES, type LedgerRow, type PathRef, type SignalModel } from '../model/types.js';
import { describePathProblem, type RepoPaths } from '../paths/repo-paths.js';
import type { Tracker } from '../tracker/schema.js';
import { blockedFindings } from './blocked-findings.js';

export interface FindingContext {
	paths: RepoPaths;
	ledger: Ledger | null;
	/** The ledger beside the tracker, as validated before reading. */
	ledgerRef?: PathRef;
	tracker: Tracker;
}

/** Everything worth a reviewer's look, errors first. Each code is documented in README's findings table. */
export function computeFindings(model: AuditModel, context: FindingContext): Finding[] {
	const findings: Finding[] = [];
	const add: Add = (severity, code, subject, message) => {
		findings.push(
			typeof subject === 'string'
				? { severity, code, subject, message, about: null }
				: { severity, code, subject: subjectLabel(subject), message, about: subject },
		);
	};

	checkIdentity(model, context, add);
	checkGates(model, add);
	checkLedger(model, context, add);
	checkMatrix(model, add);
	checkPaths(model, context, add);
	checkStatusFiles(model, add);
	findings.push(...blockedFindings(model));

	if (model.inGitRepository && !model.git.baselineKnown) {
		add('warning', 'baseline-unknown', 'tracker', `baseline_commit ${model.baselineCommit} is not a commit in this repository`);
	}
	if (model.definitionOfDone !== DOD_ALL_GATES_GO) {
		add(
			'warning',
			'unknown-definition-of-done',
			'tracker',
			`definition_of_done ${JSON.stringify(model.definitionOfDone)} is not understood; only ${DOD_ALL_GATES_GO} is`,
		);
	}
	// loadAudit orders every finding by severity, these among the rest.
	return findings;
}

/** `subject` is a gate or signal key when the finding is about one, else the text that names what it is about. */
type Add = (severity: Finding['severity'], code: string, subject: SubjectKey | string, message: string) => void;

// Indexed loops over the audit's signals and rows: the per-item cost of a 10,000-signal audit is mostly
// the interpreter's, and a for-of loop costs it an iterator call per item.
function checkIdentity(model: AuditModel, context: FindingContext, add: Add): void {
	const gateIds = new Set<number>();
	for (const gate of context.tracker.gates) {
		if (gateIds.has(gate.id)) add('error', 'duplicate-id', gateKey(gate.id), `gate id ${gate.id} is defined more than once`);
		gateIds.add(gate.id);
	}
	// The model's signals are the tracker's, in its order; the index holds each id's first definition.
	const signals = model.signals;
	for (let index = 0; index < signals.length; index += 1) {
		const id = (signals[index] as SignalModel).id;
		if (findSignal(model, id)?.trackerIndex !== index) add('error', 'duplicate-id', signalKey(id), `signal ${id} is defined more than once`);
	}
	for (const gate of model.gates) {
		const ids = gate.requiredSignalIds;
		for (let index = 0; index < ids.length; index += 1) {
			const id = ids[index] as string;
			if (!findSignal(model, id)) add('error', 'undefined-signal', gateKey(gate.id), `gate ${gate.id} requires ${id}, which the tracker does not define`);
		}
	}
	for (let index = 0; index < signals.length; index += 1) {
		const signal = signals[index] as SignalModel;
		if (signal.gateIds.length === 0) add('warning', 'orphan-signal', signalKey(signal.id), `${signal.id} is required by no gate`);
		if (!isKnownStatus(signal.status)) {
			add('warning', 'unknown-status', signalKey(signal.id), `${signal.id} has status ${JSON.stringify(signal.status)}; known: ${KNOWN_STATUSES.join(', ')}`);
		}
	}
}

function checkGates(model: AuditModel, add: Add): void {
	for (const gate of model.gates) {
		const subject = gateKey(gate.id);
		if (!isKnownStatus(gate.status)) {
			add('warning', 'unknown-status', subject, `gate ${gate.id} has status ${JSON.stringify(gate.status)}; known: ${KNOWN_STATUSES.join(', ')}`);
		}
		if (gate.status === 'GO' && gate.open > 0) {
			const open = gate.requiredSignalIds.filter((id) => !gate.signals.some((signal) => signal.id === id && signal.status === 'GO'));
			add('error', 'gate-go-with-open-signal', subject, `gate ${gate.id} is recorded GO but ${open.join(', ')} ${open.length === 1 ? 'is' : 'are'} not GO`);
		} else if (gate.status !== gate.derivedStatus) {
			add('warning', 'gate-status-drift', subject, `gate ${gate.id} is recorded ${gate.status}; its signals say ${gate.derivedStatus}: ${whyDerived(gate)}`);
		}
		for (const evidence of gate.evidence) {
			if (evidence.path !== null && !evidence.exists)
				add('warning', 'gate-evidence-missing', subject, `gate ${gate.id} evidence ${evidence.path} does not exist`);
		}
	}
}

const NAMED_SIGNALS = 6;

/** The signals that give a gate its derived status, as the drift finding names them. */
function whyDerived(gate: GateModel): string {
	const statusOf = (id: string): string => gate.signals.find((signal) => signal.id === id)?.status ?? 'undefined';
	const named = (ids: string[]): string => {
		const shown = ids.slice(0, NAMED_SIGNALS).map((id) => `${id} ${statusOf(id)}`);
		return ids.length > NAMED_SIGNALS ? `${shown.join(', ')} and ${ids.length - NAMED_SIGNALS} more` : shown.join(', ');
	};
	if (gate.derivedStatus === 'GO') return `all ${gate.requiredSignalIds.length} required signals are GO`;
	if (gate.derivedStatus === 'NO-GO') return `none is GO or PARTIAL (${named(gate.requiredSignalIds)})`;
	const progressing = gate.requiredSignalIds.filter((id) => ['GO', 'PARTIAL'].includes(statusOf(id)));
	const rest = gate.requiredSignalIds.length - progressing.length;
	return `${named(progressing)}${rest > 0 ? ` (and ${rest} neither GO nor PARTIAL)` : ''}`;
}

function checkLedger(model: AuditModel, context: FindingContext, add: Add): void {
	if (!context.ledger) return;
	// A ledger row names a signal by id; it is a subject to open only when the tracker defines it.
	const trackerSubject = (signalId: string): SubjectKey | string => (findSignal(model, signalId) ? signalKey(signalId) : signalId);
	const ledgerPath = model.ledgerPath ?? 'signal-ledger.md';
	for (const malformed of context.ledger.malformedLines) {
		add(
			'warning',
			'ledger-row-malformed',
			malformed.signalId === null ? `${ledgerPath}:${malformed.line}` : trackerSubject(malformed.signalId),
			`${ledgerPath}:${malformed.line}: the row has ${malformed.cells} cells where the header has ${malformed.expected} (an unescaped |?); it is not read and sign-offs do not write it`,
		);
	}
	for (const duplicate of context.ledger.duplicateLines) {
		add('error', 'duplicate-id', trackerSubject(duplicate.signalId), `${ledgerPath}:${duplicate.line}: ${duplicate.signalId} has more than one ledger row`);
	}
	const rows = context.ledger.rows;
	for (let index = 0; index < rows.length; index += 1) {
		const row = rows[index] as LedgerRow;
		if (!findSignal(model, row.signalId))
			add('warning', 'ledger-unknown-signal', row.signalId, `${ledgerPath}:${row.line}: ${row.signalId} is in the ledger but not in the tracker`);
	}
	const signals = model.signals;
	for (let index = 0; index < signals.length; index += 1) {
		const signal = signals[index] as SignalModel;
		const row = signal.ledger;
		if (!row) {
			add('warning', 'ledger-missing-signal', signalKey(signal.id), `${signal.id} has no row in ${ledgerPath}`);
			continue;
		}
		if (row.status !== null && row.status !== signal.status) {
			add(
				'error',
				'ledger-status-mismatch',
				signalKey(signal.id),
				`${signal.id} is ${signal.status} in the tracker but ${row.status} in ${ledgerPath}:${row.line}`,
			);
		}
		if (row.owner !== null && signal.owner !== null && row.owner !== signal.owner) {
			add(
				'warning',
				'ledger-owner-mismatch',
				signalKey(signal.id),
				`${signal.id} is owned by ${signal.owner} in the tracker but ${row.owner} in ${ledgerPath}:${row.line}`,
			);
		}
		const codePaths = row.codePaths;
		for (let path = 0; path < codePaths.length; path += 1) {
			const codePath = codePaths[path] as PathRef;
			if (codePath.path !== null && !codePath.exists)
				add('warning', 'code-path-missing', signalKey(signal.id), `${signal.id} code path ${codePath.path} does not exist`);
		}
		if (signal.status === 'GO') {
			for (const evidence of row.evidence) {
				if (evidence.path !== null && !evidence.exists)
					add('error', 'evidence-missing', signalKey(signal.id), `${signal.id} is GO but its evidence ${evidence.path} does not exist`);
			}
		}
	}
}

function checkMatrix(model: AuditModel, add: Add): void {
	const { matrix } = model;
	const statusFile = matrix.statusFile.path ?? matrix.statusFile.written;
	if (matrix.statusFile.path !== null && !matrix.statusFile.exists) {
		add('error', 'status-file-missing', statusFile, `command matrix status file ${statusFile} does not exist`);
	}
	let failing = 0;
	for (const entry of matrix.entries) {
		if (!entry.required) continue;
		if (!entry.entry) {
			if (matrix.statusFile.exists)
				add('error', 'required-command-missing', entry.command, `required command \`${entry.command}\` has no row in ${statusFile}`);
			failing += 1;
			continue;
		}
		const exitCode = entry.entry.latest.exitCode;
		if (exitCode !== 0) {
			failing += 1;
			if (matrix.allPass) {
				add(
					'error',
					'required-command-failing',
					entry.entry.name,
					`command_matrix.all_pass is true but ${entry.entry.name} (\`${entry.command}\`) exited ${entry.entry.latest.exitCodeText || 'without a code'}`,
				);
			}
		}
	}
	if (!matrix.allPass && failing === 0 && matrix.statusFile.exists) {
		add('warning', 'all-pass-stale', statusFile, 'command_matrix.all_pass is false but every required command passed');
	}
}

function reportPath(add: Add, subject: SubjectKey | string, what: string, ref: PathRef): void {
	if (ref.problem && ref.problem !== 'empty') {
		add('error', 'path-outside-repo', subject, `${what} ${JSON.stringify(ref.written)} ${describePathProblem(ref.problem)}; it was not read`);
	}
}

function checkPaths(model: AuditModel, context: FindingContext, add: Add): void {
	reportPath(add, 'tracker', 'command_matrix.status_file', model.matrix.statusFile);
	reportPath(add, 'tracker', 'evidence_root', context.paths.ref(model.evidenceRoot));
	if (context.ledgerRef) reportPath(add, 'ledger', 'signal ledger', context.ledgerRef);
	for (const gate of model.gates) for (const ref of gate.evidence) reportPath(add, gateKey(gate.id), 'evidence path', ref);
	const signals = model.signals;
	for (let index = 0; index < signals.length; index += 1) {
		const signal = signals[index] as SignalModel;
		const row = signal.ledger;
		if (row === null) continue;
		// Most rows name no refused path: checked first, without a call per path.
		if (hasRefusedPath(row.codePaths)) for (const ref of row.codePaths) reportPath(add, signalKey(signal.id), 'code path', ref);
		if (hasRefusedPath(row.evidence)) for (const ref of row.evidence) reportPath(add, signalKey(signal.id), 'evidence path', ref);
	}
}

function hasRefusedPath(refs: readonly PathRef[]): boolean {
	for (let index = 0; index < refs.length; index += 1) if ((refs[index] as PathRef).problem !== null) return true;
	return false;
}

function checkStatusFiles(model: AuditModel, add: Add): void {
	for (const file of model.statusFiles) {
		for (const problem of file.problems) add('warning', 'status-file-unreadable', file.path, `${file.path}:${problem.line}: ${problem.message}`);
		for (const entry of file.entries) {
			const { latest } = entry;
			if (latest.logProblem && latest.logProblem !== 'empty' && latest.logWritten !== null) {
				add(
					'error',
					'path-outside-repo',
					entry.name,
					`${file.path}:${latest.lineIndex + 1}: log path ${JSON.stringify(latest.logWritten)} ${describePathProblem(latest.logProblem)}; it was not read`,
				);
			}
		}
	}
}
