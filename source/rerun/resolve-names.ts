import { UserError } from '../errors.js';
import { findGate, resolveTyped } from '../model/lookup.js';
import { latestByIdentity } from '../model/matrix.js';
import type { AuditModel, CommandEntry } from '../model/types.js';
import { allEntries, notRunnable } from './rerun-target.js';
import { suggestNames } from './suggest-names.js';

/** What a typed rerun name stands for: the entries to run, in order, and what was left out and why. */
export interface ResolvedName {
	entries: CommandEntry[];
	/** One line each: a SKIPPED command of a signal, a required signal with nothing recorded. */
	notes: string[];
}

type Match =
	| { kind: 'entry'; entry: CommandEntry }
	| { kind: 'signal'; id: string }
	| { kind: 'gate'; id: number }
	| { kind: 'segment'; entries: CommandEntry[] };

/**
 * Resolves a name given to `rerun`, in this order: an entry's name; a signal id (`G7-001`: every distinct
 * command recorded for it); a gate number (`7`: the same for each of its required signals); an entry's
 * last segment (`final_go_readme_presence`) when one entry has it. Case matters unless ignoring it points
 * at one thing (resolveTyped: `treea` finds `treeA` only when no `TreeA` is there). A name that fits
 * several is refused with every candidate listed; an unknown one with the closest names.
 */
export function resolveRerunName(model: AuditModel, typed: string): ResolvedName {
	const match = findMatch(model, typed);
	if (match === null) {
		const entries = allEntries(model);
		const close = suggestNames(typed, [...entries.map((entry) => entry.name), ...signalIds(model, entries)]);
		throw new UserError(
			`no command entry, signal or gate named ${JSON.stringify(typed)}${close.length > 0 ? `; did you mean ${close.join(', ')}?` : '; `arco-review matrix --all` lists the entries'}`,
		);
	}
	switch (match.kind) {
		case 'entry':
			return { entries: [match.entry], notes: [] };
		case 'segment':
			return { entries: match.entries, notes: [] };
		case 'signal': {
			const resolved = signalRerun(model, match.id);
			if (resolved.entries.length > 0) return resolved;
			throw new UserError(
				resolved.notes.length === 0
					? `no commands are recorded for ${match.id}: nothing to rerun`
					: `no command recorded for ${match.id} can run: ${resolved.notes.join('; ')}`,
			);
		}
		case 'gate':
			return gateRerun(model, match.id);
	}
}

/**
 * The commands recorded for a signal, each once (latestByIdentity: entries whose latest runs have the
 * same shell words are one command, its most recent run the one that counts), in the order they were
 * first recorded.
 */
export function signalCommands(model: AuditModel, signalId: string): CommandEntry[] {
	return [...latestByIdentity(allEntries(model).filter((entry) => entry.signal === signalId)).values()];
}

/**
 * What reruns a signal (`rerun G7-001`, the signal screen's `A`): its commands that can run, and a note
 * for each that cannot (recorded as SKIPPED, no command text). Both are empty when nothing is recorded.
 */
export function signalRerun(model: AuditModel, signalId: string): ResolvedName {
	const entries: CommandEntry[] = [];
	const notes: string[] = [];
	for (const entry of signalCommands(model, signalId)) {
		const problem = notRunnable(entry);
		if (problem === null) entries.push(entry);
		else notes.push(`${entry.name} ${problem}`);
	}
	return { entries, notes };
}

/** Every required signal of the gate, one after another; a signal with nothing to run is a note, not a refusal. */
function gateRerun(model: AuditModel, gateId: number): ResolvedName {
	const signalIdsOfGate = findGate(model, gateId)?.requiredSignalIds ?? [];
	const entries: CommandEntry[] = [];
	const notes: string[] = [];
	const cannotRun: string[] = [];
	for (const signalId of signalIdsOfGate) {
		const resolved = signalRerun(model, signalId);
		if (resolved.entries.length === 0 && resolved.notes.length === 0) notes.push(`${signalId} has no recorded commands`);
		entries.push(...resolved.entries);
		notes.push(...resolved.notes);
		cannotRun.push(...resolved.notes);
	}
	if (entries.length > 0) return { entries, notes };
	const signals = signalIdsOfGate.length > 0 ? ` (${signalIdsOfGate.join(', ')})` : '';
	const why =
		cannotRun.length > 0
			? `no command recorded for its required signals${signals} can run: ${cannotRun.join('; ')}`
			: `no commands are recorded for its required signals${signals}`;
	throw new UserError(`gate ${gateId}: ${why}: nothing to rerun${signalLessHint(model)}`);
}

/** Entries that record no signal belong to no gate's rerun: say how to run them instead. */
function signalLessHint(model: AuditModel): string {
	const count = allEntries(model).filter((entry) => entry.signal === null).length;
	if (count === 0) return '';
	return `; the ${count} ${count === 1 ? 'entry' : 'entries'} recorded without a signal are rerun by name, one by one (\`arco-review matrix --all\` lists them)`;
}

function findMatch(model: AuditModel, typed: string): Match | null {
	const entries = allEntries(model);
	const named = resolveTyped(
		entries.map((entry) => entry.name),
		typed,
	);
	if (named.kind === 'ambiguous') throw ambiguous(typed, named.candidates);
	const entry = named.kind === 'found' ? entries.find((candidate) => candidate.name === named.name) : undefined;
	if (entry) return { kind: 'entry', entry };
	const signal = resolveTyped(signalIds(model, entries), typed);
	if (signal.kind === 'ambiguous') throw ambiguous(typed, signal.candidates);
	if (signal.kind === 'found') return { kind: 'signal', id: signal.name };
	if (/^\d+$/.test(typed) && findGate(model, Number(typed))) return { kind: 'gate', id: Number(typed) };
	const segment = resolveTyped(
		entries.map((candidate) => lastSegment(candidate.name)),
		typed,
	);
	if (segment.kind === 'none') return null;
	const segments = segment.kind === 'found' ? [segment.name] : segment.candidates;
	const matching = entries.filter((candidate) => segments.includes(lastSegment(candidate.name)));
	if (matching.length > 1)
		throw ambiguous(
			typed,
			matching.map((candidate) => candidate.name),
		);
	return { kind: 'segment', entries: matching };
}

function ambiguous(typed: string, candidates: string[]): UserError {
	return new UserError(`${JSON.stringify(typed)} could mean ${candidates.length} things: ${[...candidates].sort().join(', ')}; give one of them in full`);
}

function lastSegment(name: string): string {
	return name.slice(name.lastIndexOf('/') + 1);
}

/** Signal ids the tracker defines and those the status files record commands for. */
function signalIds(model: AuditModel, entries: CommandEntry[]): string[] {
	const ids = new Set(model.signals.map((signal) => signal.id));
	for (const entry of entries) if (entry.signal !== null) ids.add(entry.signal);
	return [...ids];
}
