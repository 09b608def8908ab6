import { EXIT_OK, UserError } from '../errors.js';
import { compareText } from '../format/compare-text.js';
import { renderTable } from '../format/text-table.js';
import { shortSha } from '../git/short-sha.js';
import { type BlockState, blockState, describeBlock, describeExpiry, isExpired } from '../model/blocked.js';
import { runFinishedAt } from '../model/command-runs.js';
import { findSignal, resolveTyped } from '../model/lookup.js';
import { signalKey } from '../model/subject.js';
import type { AuditModel, CommandEntry, CommandRun, PathRef, SignalModel } from '../model/types.js';
import { sanitizeLine } from '../text/sanitize.js';
import { booleanOption, type CommandContext, writeJson } from './command-context.js';
import { exitText, runJson } from './command-json.js';
import { loadForCommand } from './load-for-command.js';

export interface SignalRun {
	entry: CommandEntry;
	run: CommandRun;
}

/** Every recorded run of the signal's commands (files with a `signal` column), latest first. */
export function signalRuns(model: AuditModel, signalId: string): SignalRun[] {
	const runs: SignalRun[] = [];
	for (const file of model.statusFiles) {
		for (const entry of file.entries) {
			if (entry.signal !== signalId) continue;
			for (const run of [entry.latest, ...entry.history]) runs.push({ entry, run });
		}
	}
	const when = (run: CommandRun): string => runFinishedAt(run) ?? '';
	return runs.sort((a, b) => compareText(when(b.run), when(a.run)) || b.run.lineIndex - a.run.lineIndex);
}

/** The signal a typed id names: exact, or ignoring case when that is unambiguous. */
export function resolveSignalArgument(model: AuditModel, typed: string): SignalModel {
	const resolved = resolveTyped(
		model.signals.map((signal) => signal.id),
		typed,
	);
	const signal = resolved.kind === 'found' ? findSignal(model, resolved.name) : undefined;
	if (signal) return signal;
	if (resolved.kind === 'ambiguous')
		throw new UserError(`${model.trackerPath}: ${JSON.stringify(typed)} could be ${resolved.candidates.join(' or ')}; type the id exactly`);
	const known = model.signals.slice(0, 5).map((candidate) => candidate.id);
	throw new UserError(`${model.trackerPath}: no signal ${JSON.stringify(typed)} (known: ${known.join(', ')}${model.signals.length > 5 ? ', …' : ''})`);
}

function pathJson(ref: PathRef): Record<string, unknown> {
	return { path: ref.path ?? ref.written, line: ref.line, exists: ref.exists, problem: ref.problem };
}

function signalBlock(model: AuditModel, signal: SignalModel): BlockState | null {
	return blockState({ key: signalKey(signal.id), status: signal.status, blocked: signal.blocked }, model.blocks.today);
}

export function signalReport(model: AuditModel, signal: SignalModel): Record<string, unknown> {
	const ledger = signal.ledger;
	const block = signalBlock(model, signal);
	return {
		id: signal.id,
		title: ledger?.title ?? null,
		gates: signal.gateIds,
		owner: signal.owner,
		status: signal.status,
		blocked: signal.blocked,
		block_days_left: block?.daysLeft ?? null,
		block_expired: block ? isExpired(block) : false,
		ledger: ledger ? { line: ledger.line, status: ledger.status, owner: ledger.owner, gate: ledger.gate, cells: ledger.cells } : null,
		code_paths: (ledger?.codePaths ?? []).map(pathJson),
		evidence: (ledger?.evidence ?? []).map(pathJson),
		evidence_text: ledger?.evidenceText ?? null,
		exit_test: ledger?.exitTest ?? null,
		signoff: signal.signoff,
		commands: signalRuns(model, signal.id).map(({ entry, run }) => ({
			...runJson(entry.name, run),
			status_file: entry.statusFile,
			latest: run === entry.latest,
		})),
	};
}

function describePaths(refs: PathRef[]): string {
	if (refs.length === 0) return '  (none)\n';
	return refs
		.map(
			(ref) =>
				`  ${ref.exists ? '✓' : ref.problem ? '!' : '✗'} ${sanitizeLine(ref.path ?? ref.written)}${ref.line ? `:${ref.line}` : ''}${ref.problem ? ` (refused: ${ref.problem})` : ref.exists ? '' : ' (missing)'}\n`,
		)
		.join('');
}

export async function runSignal(context: CommandContext): Promise<number> {
	const id = context.positionals[0];
	if (!id) throw new UserError('signal: which signal? usage: arco-review signal ID [--json]');
	const model = await loadForCommand(context);
	const signal = resolveSignalArgument(model, id);
	if (booleanOption(context.values, 'json')) {
		writeJson(context, signalReport(model, signal));
		return EXIT_OK;
	}
	const ledger = signal.ledger;
	const out = context.stdout;
	out.write(`${sanitizeLine(signal.id)}  ${sanitizeLine(ledger?.title ?? '(not in the ledger)')}\n`);
	out.write(`Gate ${signal.gateIds.join(', ') || '(none)'}  Owner ${sanitizeLine(signal.owner ?? '-')}  Status ${sanitizeLine(signal.status)}`);
	if (ledger?.status && ledger.status !== signal.status) out.write(`  (ledger says ${sanitizeLine(ledger.status)})`);
	out.write('\n');
	const block = signalBlock(model, signal);
	if (block) {
		const expiry = describeExpiry(block);
		out.write(`${sanitizeLine(describeBlock(signal.blocked)).replace(/^blocked/, 'Blocked')}${expiry ? ` (${expiry})` : ''}\n`);
	}
	if (signal.signoff) {
		out.write(
			`Signed off ${sanitizeLine(signal.signoff.status)} by ${sanitizeLine(signal.signoff.reviewer.name)} at ${shortSha(signal.signoff.head)} on ${sanitizeLine(signal.signoff.signed_at)}\n`,
		);
	}
	out.write(`Code paths:\n${describePaths(ledger?.codePaths ?? [])}`);
	out.write(`Evidence:\n${describePaths(ledger?.evidence ?? [])}`);
	out.write(`Exit test: ${sanitizeLine(ledger?.exitTest ?? '-')}\n`);
	const runs = signalRuns(model, signal.id);
	if (runs.length > 0) {
		const rows = runs.map(({ entry, run }) => [entry.name, exitText(run), run.endUtc ?? run.startUtc ?? '-', run.command]);
		out.write(
			`Commands:\n${renderTable(['Name', 'Exit', 'When (UTC)', 'Command'], rows, context.stdoutColumns === null ? {} : { maxWidth: context.stdoutColumns })}\n`,
		);
	} else {
		out.write('Commands: none recorded for this signal\n');
	}
	return EXIT_OK;
}
