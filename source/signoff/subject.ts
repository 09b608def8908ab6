import { UserError } from '../errors.js';
import type { AuditModel, GateModel, PathRef, SignalModel } from '../model/types.js';

export type Subject = { kind: 'signal'; signal: SignalModel } | { kind: 'gate'; gate: GateModel };

/** `G3-002` names a signal, `3` (or `gate 3`, `G3`) a gate. */
export function findSubject(model: AuditModel, name: string): Subject {
	const gateMatch = /^(?:gate\s*|g)?(\d+)$/i.exec(name.trim());
	if (gateMatch) {
		const matches = model.gates.filter((candidate) => candidate.id === Number(gateMatch[1]));
		const gate = matches[0];
		if (!gate) throw new UserError(`${model.trackerPath}: no gate ${gateMatch[1]} (gates: ${model.gates.map((g) => g.id).join(', ')})`);
		if (matches.length > 1) throw new UserError(`${model.trackerPath}: gate ${gate.id} is defined ${matches.length} times; fix the tracker before signing it`);
		return { kind: 'gate', gate };
	}
	const signal =
		model.signals.find((candidate) => candidate.id === name) ?? model.signals.find((candidate) => candidate.id.toLowerCase() === name.toLowerCase());
	if (!signal) throw new UserError(`${model.trackerPath}: no signal or gate ${JSON.stringify(name)}`);
	const count = model.signals.filter((candidate) => candidate.id === signal.id).length;
	if (count > 1) throw new UserError(`${model.trackerPath}: signal ${signal.id} is defined ${count} times; fix the tracker before signing it`);
	return { kind: 'signal', signal };
}

export function subjectLabel(subject: Subject): string {
	return subject.kind === 'gate' ? `gate ${subject.gate.id}` : subject.signal.id;
}

/** Where the subject lives in the tracker JSON. */
export function subjectCollection(subject: Subject): 'gates' | 'signals' {
	return subject.kind === 'gate' ? 'gates' : 'signals';
}

/**
 * What a sign-off rests on: a signal's ledger code paths and evidence artifacts; a gate's evidence and
 * everything its signals rest on.
 */
export function restsOn(subject: Subject): PathRef[] {
	if (subject.kind === 'signal') return signalRefs(subject.signal);
	return [...subject.gate.evidence, ...subject.gate.signals.flatMap(signalRefs)];
}

function signalRefs(signal: SignalModel): PathRef[] {
	return [...(signal.ledger?.codePaths ?? []), ...(signal.ledger?.evidence ?? [])];
}

/** Files the sign-off machinery itself writes: never evidence, never a reason for staleness or dirtiness. */
export function auditOwnFiles(model: AuditModel): string[] {
	const directory = model.trackerPath.includes('/') ? model.trackerPath.slice(0, model.trackerPath.lastIndexOf('/')) : '.';
	return [model.trackerPath, ...(model.ledgerPath ? [model.ledgerPath] : []), `${directory === '.' ? '' : `${directory}/`}signoffs.jsonl`];
}
