import { runFinishedAt } from '../../model/command-runs.js';
import { findGate, findSignal } from '../../model/lookup.js';
import { bySeverity } from '../../model/summary.js';
import type { AuditModel, CommandEntry, Finding, GateModel, MatrixEntry, PathRef, SignalModel } from '../../model/types.js';
import { sanitizeLine } from '../../text/sanitize.js';
import type { HistoryItem, HistoryState } from './history.js';

/**
 * The selectable lists of every screen, derived from the model. Rows carry a stable `id` (what the
 * selection follows across reloads) and the text the `/` filter searches. Derivations are cached per
 * model object, so moving the cursor through a 10,000-signal audit does not rebuild anything.
 */

export type ListRef =
	| { kind: 'gates' }
	| { kind: 'gate-signals'; gateId: number }
	| { kind: 'signal-evidence'; signalId: string }
	| { kind: 'signal-commands'; signalId: string }
	| { kind: 'findings' }
	| { kind: 'matrix' }
	| { kind: 'history' };

/** What lists are derived from: the model, and the sign-off history read beside it. */
export interface ListSource {
	model: AuditModel;
	history: HistoryState;
}

export interface ListRow {
	id: string;
	search: string;
}

export interface GateRow extends ListRow {
	gate: GateModel;
	statusMismatch: boolean;
}

export interface GateSignalRow extends ListRow {
	signalId: string;
	/** Null when the gate names a signal the tracker does not define. */
	signal: SignalModel | null;
}

export interface EvidenceRow extends ListRow {
	ref: PathRef;
}

export interface CommandRow extends ListRow {
	entry: CommandEntry;
}

export interface FindingRow extends ListRow {
	finding: Finding;
}

export interface MatrixRow extends ListRow {
	entry: MatrixEntry;
}

export interface HistoryRow extends ListRow {
	item: HistoryItem;
}

export function listKey(ref: ListRef): string {
	switch (ref.kind) {
		case 'gates':
			return 'gates';
		case 'gate-signals':
			return `gate:${ref.gateId}`;
		case 'signal-evidence':
			return `signal:${ref.signalId}:evidence`;
		case 'signal-commands':
			return `signal:${ref.signalId}:commands`;
		case 'findings':
			return 'findings';
		case 'matrix':
			return 'matrix';
		case 'history':
			return 'history';
	}
}

interface ModelCache {
	rows: Map<string, ListRow[]>;
	filtered: Map<string, ListRow[]>;
	commandsBySignal: Map<string, CommandEntry[]> | null;
}

// Keyed by what the rows come from: a model, or the entries of one history read.
const caches = new WeakMap<object, ModelCache>();

function cacheFor(owner: object): ModelCache {
	let cache = caches.get(owner);
	if (!cache) {
		cache = { rows: new Map(), filtered: new Map(), commandsBySignal: null };
		caches.set(owner, cache);
	}
	return cache;
}

/** Status-file entries recorded for a signal, latest run first. */
export function commandsForSignal(model: AuditModel, signalId: string): CommandEntry[] {
	const cache = cacheFor(model);
	if (!cache.commandsBySignal) {
		const bySignal = new Map<string, CommandEntry[]>();
		for (const file of model.statusFiles) {
			for (const entry of file.entries) {
				if (entry.signal === null) continue;
				const list = bySignal.get(entry.signal) ?? [];
				list.push(entry);
				bySignal.set(entry.signal, list);
			}
		}
		// ISO timestamps sort as strings; an entry without times sorts last.
		for (const list of bySignal.values()) list.sort((a, b) => (runFinishedAt(b.latest) ?? '').localeCompare(runFinishedAt(a.latest) ?? ''));
		cache.commandsBySignal = bySignal;
	}
	return cache.commandsBySignal.get(signalId) ?? [];
}

export function gateRows(model: AuditModel, filter = ''): GateRow[] {
	return cachedRows(model, { kind: 'gates' }, filter, () =>
		model.gates.map((gate) => ({
			id: String(gate.id),
			gate,
			statusMismatch: gate.status !== gate.derivedStatus,
			search: [gate.id, gate.name, gate.status, ...gate.evidence.map((ref) => ref.written)].join(' '),
		})),
	);
}

export function gateSignalRows(model: AuditModel, gateId: number, filter = ''): GateSignalRow[] {
	return cachedRows(model, { kind: 'gate-signals', gateId }, filter, () => {
		const gate = findGate(model, gateId);
		if (!gate) return [];
		const defined = new Map(gate.signals.map((signal) => [signal.id, signal]));
		return uniqueIds(gate.requiredSignalIds).map(({ id, value }) => {
			const signal = defined.get(value) ?? null;
			return {
				id,
				signalId: value,
				signal,
				search: [value, signal?.ledger?.title, signal?.owner ?? signal?.ledger?.owner, signal?.status].filter(Boolean).join(' '),
			};
		});
	});
}

export function evidenceRows(model: AuditModel, signalId: string, filter = ''): EvidenceRow[] {
	return cachedRows(model, { kind: 'signal-evidence', signalId }, filter, () => {
		const refs = findSignal(model, signalId)?.ledger?.evidence ?? [];
		return uniqueIds(refs.map((ref) => ref.written)).map(({ id }, index) => {
			const ref = refs[index] as PathRef;
			return { id, ref, search: ref.written };
		});
	});
}

export function commandRows(model: AuditModel, signalId: string, filter = ''): CommandRow[] {
	return cachedRows(model, { kind: 'signal-commands', signalId }, filter, () =>
		commandsForSignal(model, signalId).map((entry) => ({
			id: entry.name,
			entry,
			search: [entry.name, entry.label, entry.latest.command, entry.statusFile, entry.latest.exitCodeText].filter(Boolean).join(' '),
		})),
	);
}

export function findingRows(model: AuditModel, filter = ''): FindingRow[] {
	return cachedRows(model, { kind: 'findings' }, filter, () => {
		const ordered = model.findings
			.map((finding, index) => ({ finding, index }))
			.sort((a, b) => bySeverity(a.finding, b.finding) || a.index - b.index)
			.map(({ finding }) => finding);
		return uniqueIds(ordered.map((finding) => `${finding.code}|${finding.subject}|${finding.message}`)).map(({ id }, index) => {
			const finding = ordered[index] as Finding;
			return { id, finding, search: [finding.severity, finding.code, finding.subject, finding.message].join(' ') };
		});
	});
}

export function matrixRows(model: AuditModel, filter = ''): MatrixRow[] {
	return cachedRows(model, { kind: 'matrix' }, filter, () =>
		uniqueIds(model.matrix.entries.map((entry) => entry.name ?? entry.command)).map(({ id }, index) => {
			const entry = model.matrix.entries[index] as MatrixEntry;
			return { id, entry, search: [entry.name, entry.command, entry.entry?.latest.exitCodeText].filter(Boolean).join(' ') };
		}),
	);
}

/** The sign-off history, newest first, as the reader gives it. */
export function historyRows(history: HistoryState, filter = ''): HistoryRow[] {
	return cachedRows(history.items, { kind: 'history' }, filter, () =>
		history.items.map((item) => {
			const { record } = item;
			return {
				id: `line:${item.line}`,
				item,
				search: [item.subject, item.previousStatus, record.status, record.reviewer.name, record.reviewer.email, record.head, record.note, record.signed_at]
					.filter(Boolean)
					.join(' '),
			};
		}),
	);
}

export function rowsOf(source: ListSource, ref: ListRef, filter: string): ListRow[] {
	const { model } = source;
	switch (ref.kind) {
		case 'gates':
			return gateRows(model, filter);
		case 'gate-signals':
			return gateSignalRows(model, ref.gateId, filter);
		case 'signal-evidence':
			return evidenceRows(model, ref.signalId, filter);
		case 'signal-commands':
			return commandRows(model, ref.signalId, filter);
		case 'findings':
			return findingRows(model, filter);
		case 'matrix':
			return matrixRows(model, filter);
		case 'history':
			return historyRows(source.history, filter);
	}
}

/** Every word of the filter must appear somewhere in the row's text, ignoring case. */
export function matchesFilter(search: string, filter: string): boolean {
	const words = filter
		.toLowerCase()
		.split(/\s+/)
		.filter((word) => word.length > 0);
	if (words.length === 0) return true;
	// Match what the user sees: the filter runs on sanitized text, so hidden controls cannot dodge or fake a match.
	const haystack = sanitizeLine(search).toLowerCase();
	return words.every((word) => haystack.includes(word));
}

function cachedRows<R extends ListRow>(owner: object, ref: ListRef, filter: string, build: () => R[]): R[] {
	const cache = cacheFor(owner);
	const key = listKey(ref);
	let all = cache.rows.get(key) as R[] | undefined;
	if (!all) {
		all = build();
		cache.rows.set(key, all);
	}
	if (filter.trim() === '') return all;
	const filteredKey = `${key}\u0000${filter}`;
	let filtered = cache.filtered.get(filteredKey) as R[] | undefined;
	if (!filtered) {
		filtered = all.filter((row) => matchesFilter(row.search, filter));
		// Typing a filter creates one entry per keystroke; a small cap keeps a long session from growing without bound.
		if (cache.filtered.size > 200) cache.filtered.clear();
		cache.filtered.set(filteredKey, filtered);
	}
	return filtered;
}

const rowIndexes = new WeakMap<readonly ListRow[], Map<string, ListRow>>();

/** The row of a list with this id. Lists are built once per model (cachedRows), and so is each one's index. */
export function rowById<R extends ListRow>(rows: readonly R[], id: string): R | undefined {
	let index = rowIndexes.get(rows);
	if (!index) {
		index = new Map(rows.map((row) => [row.id, row]));
		rowIndexes.set(rows, index);
	}
	return index.get(id) as R | undefined;
}

/** Ids made unique by numbering repeats (`x`, `x#2`), so duplicated paths or findings stay selectable. */
function uniqueIds(values: string[]): Array<{ id: string; value: string }> {
	const seen = new Map<string, number>();
	return values.map((value) => {
		const count = (seen.get(value) ?? 0) + 1;
		seen.set(value, count);
		return { id: count === 1 ? value : `${value}#${count}`, value };
	});
}
