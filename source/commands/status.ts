import { EXIT_OK } from '../errors.js';
import { findSignal } from '../model/lookup.js';
import type { AuditModel } from '../model/types.js';
import { booleanOption, type CommandContext, writeJson } from './command-context.js';
import { findingJson } from './command-json.js';
import { loadForCommand } from './load-for-command.js';

/** `status --json`: the shape documented in README. */
export function statusReport(model: AuditModel): Record<string, unknown> {
	const { blocks } = model;
	return {
		tracker: model.trackerPath,
		tracker_source: model.trackerSource,
		audit_date: model.auditDate,
		baseline_commit: model.baselineCommit,
		head: model.git.head,
		dirty: model.git.dirty,
		dirty_paths: model.git.dirtyPaths,
		commits_since_baseline: model.git.commitsSinceBaseline,
		definition_of_done: model.definitionOfDone,
		dod_met: model.dodMet,
		blocks: {
			today: blocks.today,
			total: blocks.total,
			expiring_within_7_days: blocks.expiringSoon,
			expired: blocks.expired,
			incomplete: blocks.incomplete,
		},
		gates: model.gates.map((gate) => ({
			id: gate.id,
			name: gate.name,
			status: gate.status,
			derived_status: gate.derivedStatus,
			closed: gate.closed,
			open: gate.open,
			blocked: gate.blocked,
			signals: gate.requiredSignalIds.map((id) => {
				const signal = findSignal(model, id);
				return { id, status: signal?.status ?? null, owner: signal?.owner ?? null };
			}),
			evidence: gate.evidence.map((ref) => ({ path: ref.path ?? ref.written, exists: ref.exists })),
		})),
		findings: model.findings.map(findingJson),
	};
}

export async function runStatus(context: CommandContext): Promise<number> {
	const model = await loadForCommand(context);
	if (booleanOption(context.values, 'json')) writeJson(context, statusReport(model));
	else context.stdout.write((await import('./status-text.js')).renderStatusText(model, context.stdoutColumns));
	return EXIT_OK;
}
