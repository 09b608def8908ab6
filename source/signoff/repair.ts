import { refusalsAsUserErrors, UserError } from '../errors.js';
import { historyPathOf } from '../model/audit-files.js';
import type { AuditModel } from '../model/types.js';
import { writeFilesTogether } from '../writers/transaction.js';
import { PartialWrite } from '../writers/write-refusal.js';
import { describePending } from './pending.js';
import { approvePendingLines } from './pending-check.js';
import { planInputOf, planSignoff, signoffTransactionFiles } from './signoff-plan.js';

export interface RepairOutcome {
	/** The interrupted sign-offs completed from the history, described. */
	completed: string[];
	/** Pending lines whose subject is no longer in the tracker: not completed. */
	uncompletable: string[];
}

/**
 * `verify --repair`: completes interrupted sign-offs from the history, under the same locks and with the
 * same code as the next sign-off would (ledger cells and tracker subjects; the history is not changed),
 * and only those whose lines pass a sign-off's own checks (pending-check.ts).
 */
export async function repairInterrupted(model: AuditModel, options: { onWait?: (message: string) => void } = {}): Promise<RepairOutcome> {
	const historyRelative = historyPathOf(model);
	// No history (or none readable) has nothing pending: approvePendingLines reads it and says so.
	const approvedPending = await approvePendingLines(model, 'not repaired');
	if (approvedPending.size === 0) return { completed: [], uncompletable: [] };
	const { result } = await refusalsAsUserErrors(() =>
		writeFilesTogether(
			signoffTransactionFiles(model, { createHistory: false }),
			(current) => {
				const [, , ledger] = current;
				const plan = planSignoff(planInputOf(current, model, approvedPending), null);
				return {
					writes: [...(ledger && plan.ledger !== null ? [{ file: 2, text: plan.ledger }] : []), { file: 1, text: plan.tracker }],
					result: plan,
				};
			},
			{ repoRoot: model.root, purpose: 'verify --repair', ...(options.onWait ? { onWait: options.onWait } : {}) },
		).catch((error: unknown) => {
			// The ledger is written before the tracker: the history still holds the line, so a second run completes it.
			if (error instanceof PartialWrite) throw new UserError(`repaired only in part (${error.reason}); run \`arco-review verify --repair\` again`);
			throw error;
		}),
	);
	return {
		completed: result.completed.map((item) => describePending(item, historyRelative)),
		uncompletable: result.uncompletable.map((item) => describePending(item, historyRelative)),
	};
}
