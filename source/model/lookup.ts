import type { SubjectKey } from './subject.js';
import type { AuditModel, GateModel, SignalModel } from './types.js';

/**
 * Gates and signals by id, indexed once per model object: screens look them up on every frame, and a
 * 10,000-signal audit must not be scanned for each. Exact ids only; what a person types is resolved by
 * `resolveTyped` first.
 */
interface ModelIndex {
	gates: Map<number, GateModel>;
	signals: Map<string, SignalModel>;
}

const indexes = new WeakMap<AuditModel, ModelIndex>();

function indexOf(model: AuditModel): ModelIndex {
	let index = indexes.get(model);
	if (!index) {
		const signals = new Map<string, SignalModel>();
		for (const signal of model.signals) if (!signals.has(signal.id)) signals.set(signal.id, signal);
		index = { gates: gatesById(model), signals };
		indexes.set(model, index);
	}
	return index;
}

/**
 * The index buildModel made while it built the model (the same first-definition-wins rule), so the loader's
 * own checks do not index 10,000 signals a second time.
 */
export function rememberIndex(model: AuditModel, signals: Map<string, SignalModel>): void {
	indexes.set(model, { gates: gatesById(model), signals });
}

// The first definition wins, as in the model; duplicates are findings.
function gatesById(model: AuditModel): Map<number, GateModel> {
	const gates = new Map<number, GateModel>();
	for (const gate of model.gates) if (!gates.has(gate.id)) gates.set(gate.id, gate);
	return gates;
}

export function findGate(model: AuditModel, gateId: number): GateModel | undefined {
	return indexOf(model).gates.get(gateId);
}

export function findSignal(model: AuditModel, signalId: string): SignalModel | undefined {
	return indexOf(model).signals.get(signalId);
}

/** The gate or signal a subject key names. */
export function findSubject(model: AuditModel, key: SubjectKey): GateModel | SignalModel | undefined {
	return key.kind === 'gate' ? findGate(model, key.gateId) : findSignal(model, key.signalId);
}

export type Resolution = { kind: 'found'; name: string } | { kind: 'ambiguous'; candidates: string[] } | { kind: 'none' };

/**
 * What a typed name means among `names`: the exact name when there is one; else the one name equal to it
 * ignoring case (`treea` finds `treeA` only when no `TreeA` exists beside it); else ambiguous or none.
 */
export function resolveTyped(names: Iterable<string>, typed: string): Resolution {
	const folded = typed.toLowerCase();
	const sameIgnoringCase: string[] = [];
	for (const name of names) {
		if (name === typed) return { kind: 'found', name };
		if (name.toLowerCase() === folded) sameIgnoringCase.push(name);
	}
	const unique = [...new Set(sameIgnoringCase)];
	if (unique.length === 1 && unique[0] !== undefined) return { kind: 'found', name: unique[0] };
	return unique.length > 1 ? { kind: 'ambiguous', candidates: unique.sort() } : { kind: 'none' };
}
