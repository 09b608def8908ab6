import path from 'node:path';
import { shortSha } from '../../git/short-sha.js';
import type { SignoffRecord } from '../../model/signoff-record.js';
import { gateLabel } from '../../model/subject.js';
import type { AuditModel, CommandEntry, GateModel, PathRef, SignalModel } from '../../model/types.js';

/**
 * What changed between two loads of the same audit, in the words the status line uses
 * (`G3-002 status NO-GO -> GO`). Most important first: statuses, then sign-offs, then everything else,
 * so a truncated summary still shows what the captain cares about.
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
		if (old.status !== gate.status) gateStatuses.push(`${gateLabel(gate.id)} status ${old.status} -> ${gate.status}`);
		if (old.derivedStatus !== gate.derivedStatus) derived.push(`${gateLabel(gate.id)} derived ${old.derivedStatus} -> ${gate.derivedStatus}`);
		const signoff = describeSignoff(gateLabel(gate.id), old.signoff, gate.signoff);
		if (signoff) signoffs.push(signoff);
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
		if (old.status !== signal.status) signalStatuses.push(`${signal.id} status ${old.status} -> ${signal.status}`);
		const signoff = describeSignoff(signal.id, old.signoff, signal.signoff);
		if (signoff) signoffs.push(signoff);
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

function describeSignoff(subject: string, before: SignoffRecord | null, after: SignoffRecord | null): string | null {
	if (!before && after) return `${subject} signed off ${after.status} by ${after.reviewer.name}`;
	if (before && !after) return `${subject} sign-off removed`;
	if (before && after && (before.signed_at !== after.signed_at || before.status !== after.status || before.head !== after.head)) {
		return `${subject} signed off again ${after.status} by ${after.reviewer.name}`;
	}
	return null;
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
		if (ledgerBefore.status !== ledgerAfter.status) fields.push('status');
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

function entriesByName(model: AuditModel): Map<string, CommandEntry> {
	const entries = new Map<string, CommandEntry>();
	for (const file of model.statusFiles) for (const entry of file.entries) entries.set(entry.name, entry);
	return entries;
}

function pathsOf(refs: PathRef[]): string {
	return refs.map((ref) => ref.written).join('\n');
}

function evidencePresence(refs: PathRef[]): string {
	return refs.map((ref) => (ref.exists ? '1' : '0')).join('');
}
