import path from 'node:path';
import { shortSha } from '../../git/short-sha.js';
import { findSignal } from '../../model/lookup.js';
import type { SignoffRecord } from '../../model/signoff-record.js';
import { gateLabel } from '../../model/subject.js';
import type { AuditModel, Finding, GateModel, PathRef, SignalModel } from '../../model/types.js';
import { entriesByName } from './model-memo.js';

/**
 * What changed between two loads of the same audit, in the words the status line uses: one phrase per
 * subject (`G1-004 GO -> NO-GO by Bob` when a sign-off changed the status). Most important first:
 * statuses, then sign-offs, then everything else, so a truncated summary still shows what the captain
 * cares about.
 */
export function describeChange(before: AuditModel, after: AuditModel): string[] {
	const signalStatuses: string[] = [];
	const gateStatuses: string[] = [];
	// Derived statuses follow from signal changes, so they come after the changes that caused them.
	const derived: string[] = [];
	const signoffs: string[] = [];
	const other: string[] = [];

	const gatesBefore = new Map(before.gates.map((gate) => [gate.id, gate]));
	const gatesAfter = new Map(after.gates.map((gate) => [gate.id, gate]));
	for (const gate of after.gates) {
		const old = gatesBefore.get(gate.id);
		if (!old) {
			other.push(`${gateLabel(gate.id)} added`);
			continue;
		}
		const verdict = describeVerdict(gateLabel(gate.id), old, gate);
		if (verdict) (old.status !== gate.status ? gateStatuses : signoffs).push(verdict);
		if (old.derivedStatus !== gate.derivedStatus) derived.push(`${gateLabel(gate.id)} derived ${old.derivedStatus} -> ${gate.derivedStatus}`);
		other.push(...describeGateEdits(old, gate));
	}
	for (const gate of before.gates) if (!gatesAfter.has(gate.id)) other.push(`${gateLabel(gate.id)} removed`);

	const signalsBefore = new Map(before.signals.map((signal) => [signal.id, signal]));
	const signalsAfter = new Map(after.signals.map((signal) => [signal.id, signal]));
	for (const signal of after.signals) {
		const old = signalsBefore.get(signal.id);
		if (!old) {
			other.push(`${signal.id} added`);
			continue;
		}
		const verdict = describeVerdict(signal.id, old, signal);
		if (verdict) (old.status !== signal.status ? signalStatuses : signoffs).push(verdict);
		other.push(...describeSignalEdits(old, signal));
	}
	for (const signal of before.signals) if (!signalsAfter.has(signal.id)) other.push(`${signal.id} removed`);

	other.push(...describeCommandChanges(before, after));
	if (before.matrix.allPass !== after.matrix.allPass) other.push(`matrix all_pass ${before.matrix.allPass} -> ${after.matrix.allPass}`);
	if (before.findings.length !== after.findings.length) other.push(`findings ${before.findings.length} -> ${after.findings.length}`);
	if (before.git.head !== after.git.head) other.push(`HEAD ${shortSha(before.git.head)} -> ${shortSha(after.git.head)}`);
	if (before.git.dirty !== after.git.dirty) other.push(after.git.dirty ? 'working tree now dirty' : 'working tree now clean');
	if (before.auditDate !== after.auditDate) other.push(`audit date ${before.auditDate} -> ${after.auditDate}`);
	if (before.baselineCommit !== after.baselineCommit) {
		other.push(`baseline ${shortSha(before.baselineCommit)} -> ${shortSha(after.baselineCommit)}`);
	}
	return [...signalStatuses, ...gateStatuses, ...signoffs, ...derived, ...other];
}

/** The status-line text for a reload: up to `shown` changes and a count of the rest. The cause is shown beside it. */
export function reloadSummary(changes: string[], shown = 3): string {
	if (changes.length === 0) return 'reloaded: no visible changes';
	const more = changes.length > shown ? ` (+${changes.length - shown} more)` : '';
	return `reloaded: ${changes.slice(0, shown).join('; ')}${more}`;
}

/** `tracker changed on disk`, `ledger, g5-002-command-status.tsv changed on disk`. */
export function describeCause(changedPaths: string[], model: AuditModel): string {
	const names = changedPaths.map((changed) => {
		const relative = path.isAbsolute(changed) ? path.relative(model.root, changed).split(path.sep).join('/') : changed;
		if (relative === model.trackerPath) return 'tracker';
		if (relative === model.ledgerPath) return 'ledger';
		return path.basename(relative);
	});
	const unique = [...new Set(names)];
	if (unique.length === 0) return 'files changed on disk';
	const listed = unique.length > 3 ? `${unique.slice(0, 3).join(', ')} and ${unique.length - 3} more` : unique.join(', ');
	return `${listed} changed on disk`;
}

interface Verdict {
	status: string;
	signoff: SignoffRecord | null;
}

/** `G1-004 GO -> NO-GO by Bob`, `G1-004 GO -> NO-GO` (edited by hand), `gate 3 signed GO again by Ada`. */
function describeVerdict(subject: string, before: Verdict, after: Verdict): string | null {
	const signed = after.signoff && signoffChanged(before.signoff, after.signoff) ? after.signoff : null;
	const by = signed ? ` by ${signed.reviewer.name}` : '';
	if (before.status !== after.status) return `${subject} ${before.status} -> ${after.status}${by}`;
	if (signed) return before.signoff ? `${subject} signed ${signed.status} again${by}` : `${subject} signed off ${signed.status}${by}`;
	if (before.signoff && !after.signoff) return `${subject} sign-off removed`;
	return null;
}

function signoffChanged(before: SignoffRecord | null, after: SignoffRecord): boolean {
	return !before || before.signed_at !== after.signed_at || before.status !== after.status || before.head !== after.head;
}

/**
 * Why a load looks caught between the writes of one sign-off, or null when it does not. A sign-off replaces
 * its history, then the ledger, then the tracker (source/signoff/record-signoff.ts); whichever it has
 * written so far, a load in between shows either a history line the tracker does not anchor yet (a new
 * `interrupted-signoff` finding) or a signal whose tracker and ledger statuses agreed and now disagree
 * (either file first). The controller holds such a load back briefly (source/ui/effects/hold-back.ts)
 * rather than show the half; a hand edit that makes them disagree is shown too, a moment later.
 */
export function halfWrittenSignoff(before: AuditModel, after: AuditModel): string | null {
	const interruptedBefore = new Set(before.findings.filter(isInterrupted).map((finding) => finding.subject));
	const interrupted = after.findings.find((finding) => isInterrupted(finding) && !interruptedBefore.has(finding.subject));
	if (interrupted) return `a sign-off of ${interrupted.subject} is in the history, not yet in the tracker`;
	for (const signal of after.signals) {
		const old = findSignal(before, signal.id);
		if (!old?.ledger || !signal.ledger) continue;
		if (old.ledger.status === old.status && signal.ledger.status !== signal.status) {
			return `${signal.id} is ${signal.status} in the tracker, ${signal.ledger.status} in the ledger`;
		}
	}
	return null;
}

function isInterrupted(finding: Finding): boolean {
	return finding.code === 'interrupted-signoff';
}

function describeGateEdits(before: GateModel, after: GateModel): string[] {
	const edits: string[] = [];
	if (before.name !== after.name) edits.push(`${gateLabel(after.id)} renamed`);
	if (before.statusReason !== after.statusReason) edits.push(`${gateLabel(after.id)} status reason edited`);
	if (before.requiredSignalIds.join('\n') !== after.requiredSignalIds.join('\n')) edits.push(`${gateLabel(after.id)} signal list changed`);
	if (pathsOf(before.evidence) !== pathsOf(after.evidence)) edits.push(`${gateLabel(after.id)} evidence changed`);
	return edits;
}

function describeSignalEdits(before: SignalModel, after: SignalModel): string[] {
	const edits: string[] = [];
	if (before.owner !== after.owner) edits.push(`${after.id} owner ${before.owner ?? 'none'} -> ${after.owner ?? 'none'}`);
	const ledgerBefore = before.ledger;
	const ledgerAfter = after.ledger;
	if (!ledgerBefore && ledgerAfter) edits.push(`${after.id} ledger row added`);
	else if (ledgerBefore && !ledgerAfter) edits.push(`${after.id} ledger row removed`);
	else if (ledgerBefore && ledgerAfter) {
		const fields: string[] = [];
		if (ledgerBefore.title !== ledgerAfter.title) fields.push('title');
		if (ledgerBefore.owner !== ledgerAfter.owner) fields.push('owner');
		// A ledger cell that now agrees with the tracker followed it (a sign-off writes both): that is the status change.
		if (ledgerBefore.status !== ledgerAfter.status && ledgerAfter.status !== after.status) fields.push('status');
		if (pathsOf(ledgerBefore.codePaths) !== pathsOf(ledgerAfter.codePaths)) fields.push('code paths');
		if (
			pathsOf(ledgerBefore.evidence) !== pathsOf(ledgerAfter.evidence) ||
			evidencePresence(ledgerBefore.evidence) !== evidencePresence(ledgerAfter.evidence)
		) {
			fields.push('evidence');
		}
		if (ledgerBefore.exitTest !== ledgerAfter.exitTest) fields.push('exit test');
		if (fields.length > 0) edits.push(`${after.id} ledger ${fields.join(', ')} edited`);
	}
	return edits;
}

function describeCommandChanges(before: AuditModel, after: AuditModel): string[] {
	const changes: string[] = [];
	const entriesBefore = entriesByName(before);
	const entriesAfter = entriesByName(after);
	for (const [name, entry] of entriesAfter) {
		const old = entriesBefore.get(name);
		if (!old) {
			changes.push(`${name} recorded (exit ${entry.latest.exitCodeText || '?'})`);
			continue;
		}
		const latestChanged =
			old.latest.startUtc !== entry.latest.startUtc || old.latest.endUtc !== entry.latest.endUtc || old.history.length !== entry.history.length;
		if (old.latest.exitCodeText !== entry.latest.exitCodeText)
			changes.push(`${name} exit ${old.latest.exitCodeText || '?'} -> ${entry.latest.exitCodeText || '?'}`);
		else if (latestChanged) changes.push(`${name} ran again (exit ${entry.latest.exitCodeText || '?'})`);
	}
	for (const name of entriesBefore.keys()) if (!entriesAfter.has(name)) changes.push(`${name} no longer recorded`);
	return changes;
}

function pathsOf(refs: PathRef[]): string {
	return refs.map((ref) => ref.written).join('\n');
}

function evidencePresence(refs: PathRef[]): string {
	return refs.map((ref) => (ref.exists ? '1' : '0')).join('');
}
