import { runFailed } from '../../model/command-runs.js';
import { subjectLabel } from '../../model/subject.js';
import { findingCounts, gatesGo } from '../../model/summary.js';
import type { AuditModel, CommandEntry, Finding } from '../../model/types.js';
import { commandsForSignal } from './lists.js';

/**
 * Facts derived from a model that the hint line, the router and the screens ask for on every frame,
 * computed once per model object: no per-frame work walks every signal, entry or finding.
 */
function perModel<T>(derive: (model: AuditModel) => T): (model: AuditModel) => T {
	const cache = new WeakMap<AuditModel, T>();
	return (model) => {
		if (cache.has(model)) return cache.get(model) as T;
		const value = derive(model);
		cache.set(model, value);
		return value;
	};
}

/** Every recorded command by its name (the first entry of a name, as the screens list them). */
export const entriesByName = perModel((model) => {
	const byName = new Map<string, CommandEntry>();
	for (const file of model.statusFiles) for (const entry of file.entries) if (!byName.has(entry.name)) byName.set(entry.name, entry);
	return byName;
});

export function entryByName(model: AuditModel, name: string): CommandEntry | undefined {
	return entriesByName(model).get(name);
}

/** Names of the matrix entries whose latest run failed (what `R` on the matrix reruns). */
export const failedMatrixNames = perModel((model) =>
	model.matrix.entries.flatMap((entry) => (entry.entry !== null && runFailed(entry.entry.latest) ? [entry.entry.name] : [])),
);

/** Whether any command recorded for the signal failed (what `R` on a signal reruns). */
export function signalHasFailedCommand(model: AuditModel, signalId: string): boolean {
	return commandsForSignal(model, signalId).some((entry) => runFailed(entry.latest));
}

export const findingCountsOf = perModel((model) => findingCounts(model.findings));

/** Matrix summary numbers for the matrix screen's header. */
export const matrixCountsOf = perModel((model) => {
	const recorded = model.matrix.entries.filter((entry) => entry.entry !== null);
	return {
		recorded: recorded.length,
		failing: recorded.filter((entry) => entry.entry !== null && runFailed(entry.entry.latest)).length,
		missing: model.matrix.entries.filter((entry) => entry.required && entry.entry === null).length,
	};
});

/** Gates recorded GO, and whether any gate's recorded status differs from the one its signals give. */
export const gateCountsOf = perModel((model) => ({
	go: gatesGo(model),
	anyMismatch: model.gates.some((gate) => gate.status !== gate.derivedStatus),
	statusWidth: Math.max(6, ...model.gates.map((gate) => gate.status.length + (gate.status !== gate.derivedStatus ? 2 : 0))),
}));

/** Findings about each gate or signal, by its label (`gate 3`, `G3-002`). */
export const findingsBySubject = perModel((model) => {
	const bySubject = new Map<string, Finding[]>();
	for (const finding of model.findings) {
		if (finding.about === null) continue;
		const label = subjectLabel(finding.about);
		const list = bySubject.get(label);
		if (list) list.push(finding);
		else bySubject.set(label, [finding]);
	}
	return bySubject;
});
