import type { Ledger } from '../ledger/parse-ledger.js';
import { DOD_ALL_GATES_GO } from '../model/build-model.js';
import { findSignal } from '../model/lookup.js';
import { isKnownStatus } from '../model/status.js';
import { gateKey, type SubjectKey, signalKey, subjectLabel } from '../model/subject.js';
import { bySeverity } from '../model/summary.js';
import { type AuditModel, type Finding, KNOWN_STATUSES, type PathRef } from '../model/types.js';
import { describePathProblem, type RepoPaths } from '../paths/repo-paths.js';
import type { Tracker } from '../tracker/schema.js';

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
	return findings.sort(bySeverity);
}

/** `subject` is a gate or signal key when the finding is about one, else the text that names what it is about. */
type Add = (severity: Finding['severity'], code: string, subject: SubjectKey | string, message: string) => void;

function checkIdentity(model: AuditModel, context: FindingContext, add: Add): void {
	const gateIds = new Set<number>();
	for (const gate of context.tracker.gates) {
		if (gateIds.has(gate.id)) add('error', 'duplicate-id', gateKey(gate.id), `gate id ${gate.id} is defined more than once`);
		gateIds.add(gate.id);
	}
	const signalIds = new Set<string>();
	for (const signal of context.tracker.signals) {
		if (signalIds.has(signal.id)) add('error', 'duplicate-id', signalKey(signal.id), `signal ${signal.id} is defined more than once`);
		signalIds.add(signal.id);
	}
	for (const gate of model.gates) {
		for (const id of gate.requiredSignalIds) {
			if (!signalIds.has(id)) add('error', 'undefined-signal', gateKey(gate.id), `gate ${gate.id} requires ${id}, which the tracker does not define`);
		}
	}
	for (const signal of model.signals) {
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
			add(
				'warning',
				'gate-status-drift',
				subject,
				`gate ${gate.id} is recorded ${gate.status}; its signals say ${gate.derivedStatus} (${gate.closed} GO, ${gate.open} open)`,
			);
		}
		for (const evidence of gate.evidence) {
			if (evidence.path !== null && !evidence.exists)
				add('warning', 'gate-evidence-missing', subject, `gate ${gate.id} evidence ${evidence.path} does not exist`);
		}
	}
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
	for (const row of context.ledger.rows) {
		if (!findSignal(model, row.signalId))
			add('warning', 'ledger-unknown-signal', row.signalId, `${ledgerPath}:${row.line}: ${row.signalId} is in the ledger but not in the tracker`);
	}
	for (const signal of model.signals) {
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
		for (const codePath of row.codePaths) {
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
	for (const signal of model.signals) {
		for (const ref of signal.ledger?.codePaths ?? []) reportPath(add, signalKey(signal.id), 'code path', ref);
		for (const ref of signal.ledger?.evidence ?? []) reportPath(add, signalKey(signal.id), 'evidence path', ref);
	}
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
