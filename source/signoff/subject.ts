import { UserError } from '../errors.js';
import { findGate, findSignal, resolveTyped } from '../model/lookup.js';
import type { SignoffRecord } from '../model/signoff-record.js';
import { gateKey, type SubjectKey, signalKey, subjectLabel } from '../model/subject.js';
import type { AuditModel, GateModel, PathRef, SignalModel } from '../model/types.js';

/** A gate or signal of the loaded model, with the key that names it. */
export type Subject =
	| { kind: 'signal'; key: SubjectKey; label: string; signal: SignalModel }
	| { kind: 'gate'; key: SubjectKey; label: string; gate: GateModel };

export function gateSubject(gate: GateModel): Subject {
	const key = gateKey(gate.id);
	return { kind: 'gate', key, label: subjectLabel(key), gate };
}

export function signalSubject(signal: SignalModel): Subject {
	const key = signalKey(signal.id);
	return { kind: 'signal', key, label: subjectLabel(key), signal };
}

/** The subject a key names in this model; refused when it is missing or defined twice (a sign-off could not say which). */
export function findSubject(model: AuditModel, key: SubjectKey): Subject {
	if (key.kind === 'gate') {
		const gate = findGate(model, key.gateId);
		if (!gate) throw new UserError(`${model.trackerPath}: no gate ${key.gateId} (gates: ${model.gates.map((candidate) => candidate.id).join(', ')})`);
		const count = model.gates.filter((candidate) => candidate.id === key.gateId).length;
		if (count > 1) throw new UserError(`${model.trackerPath}: gate ${gate.id} is defined ${count} times; fix the tracker before signing it`);
		return gateSubject(gate);
	}
	const signal = findSignal(model, key.signalId);
	if (!signal) throw new UserError(`${model.trackerPath}: no signal or gate ${JSON.stringify(key.signalId)}`);
	const count = model.signals.filter((candidate) => candidate.id === signal.id).length;
	if (count > 1) throw new UserError(`${model.trackerPath}: signal ${signal.id} is defined ${count} times; fix the tracker before signing it`);
	return signalSubject(signal);
}

/**
 * What a person typed on the command line: `3`, `gate 3` or `G3` name a gate; anything else a signal id,
 * matched exactly, or ignoring case when that is unambiguous.
 */
export function parseSubjectArgument(model: AuditModel, typed: string): SubjectKey {
	const text = typed.trim();
	const gate = /^(?:gate\s*|g)?(\d+)$/i.exec(text);
	if (gate) return gateKey(Number(gate[1]));
	const resolved = resolveTyped(
		model.signals.map((signal) => signal.id),
		text,
	);
	if (resolved.kind === 'found') return signalKey(resolved.name);
	if (resolved.kind === 'ambiguous')
		throw new UserError(`${model.trackerPath}: ${JSON.stringify(text)} could be ${resolved.candidates.join(' or ')}; type the id exactly`);
	throw new UserError(`${model.trackerPath}: no signal or gate ${JSON.stringify(text)}`);
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

/** A gate or signal that carries a sign-off, as `verify`, `check` and the signature checks list them. */
export interface SubjectSignoff {
	/** `gate 3` or the signal id: what the history line calls it. */
	subject: string;
	kind: 'signal' | 'gate';
	key: SubjectKey;
	record: SignoffRecord;
}

/** Every gate and signal of the model that carries a sign-off, gates first. */
export function subjectsWithSignoff(model: AuditModel): SubjectSignoff[] {
	return [
		...model.gates.flatMap((gate) => (gate.signoff ? [{ ...withKey(gateKey(gate.id)), kind: 'gate' as const, record: gate.signoff }] : [])),
		...model.signals.flatMap((signal) => (signal.signoff ? [{ ...withKey(signalKey(signal.id)), kind: 'signal' as const, record: signal.signoff }] : [])),
	];
}

function withKey(key: SubjectKey): { subject: string; key: SubjectKey } {
	return { subject: subjectLabel(key), key };
}
