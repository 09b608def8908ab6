import { EXIT_OK, UserError } from '../errors.js';
import { shortSha } from '../git/short-sha.js';
import type { BlockedInfo } from '../model/blocked.js';
import { recordSignoff } from '../signoff/record-signoff.js';
import { parseSubjectArgument } from '../signoff/subject.js';
import { sanitizeLine } from '../text/sanitize.js';
import { booleanOption, type CommandContext, stringOption, writeJson } from './command-context.js';
import { loadForCommand } from './load-for-command.js';
import { findCommand } from './registry.js';

export async function runSignoff(context: CommandContext): Promise<number> {
	const subject = context.positionals[0];
	const status = stringOption(context.values, 'status');
	if (!subject || !status) throw new UserError(`usage: ${findCommand('signoff')?.usage ?? 'arco-review signoff --help'}`);
	const expectStatus = stringOption(context.values, 'expect-status');
	const model = await loadForCommand(context);
	const outcome = await recordSignoff({
		model,
		subject: parseSubjectArgument(model, subject),
		status: status.toUpperCase(),
		note: stringOption(context.values, 'note') ?? '',
		allowDirty: booleanOption(context.values, 'allow-dirty'),
		...(expectStatus !== undefined ? { expectStatus: expectStatus.toUpperCase() } : {}),
		...blockedOption(context),
		signer: { reviewer: stringOption(context.values, 'reviewer'), signKey: stringOption(context.values, 'sign-key'), env: context.env, cwd: context.cwd },
		// Loaded a moment ago by this very command: no second `git status`.
		workTree: 'loaded',
		onWait: (message) => context.stderr.write(`${sanitizeLine(message)}\n`),
	});
	for (const completed of outcome.completed) context.stderr.write(`completed the interrupted sign-off ${sanitizeLine(completed)}\n`);
	const record = outcome.record;
	if (booleanOption(context.values, 'json')) {
		writeJson(context, {
			subject: outcome.subject,
			changed: outcome.changed,
			previous_status: outcome.previousStatus,
			signoff: record,
			ledger_updated: outcome.ledgerUpdated,
			signed_with: record.signature?.fingerprint ?? null,
			completed: outcome.completed,
		});
	} else if (outcome.changed) {
		const signed = record.signature ? `signed with ${record.signature.fingerprint}` : 'unsigned';
		context.stdout.write(
			`signed ${sanitizeLine(outcome.subject)} ${record.status} (was ${sanitizeLine(outcome.previousStatus)}) at ${shortSha(record.head)}${record.dirty ? ' (dirty)' : ''} as ${sanitizeLine(record.reviewer.name)} <${sanitizeLine(record.reviewer.email)}> (${signed}); ${record.evidence.length} evidence file${record.evidence.length === 1 ? '' : 's'} digested\n`,
		);
	} else {
		context.stdout.write(`${sanitizeLine(outcome.subject)} is already signed ${record.status} with that note at this HEAD; nothing changed\n`);
	}
	return EXIT_OK;
}

/** `--blocked-owner`, `--ticket`, `--until`: what a BLOCKED-EXTERNAL sign-off records on its subject. */
function blockedOption(context: CommandContext): { blocked?: BlockedInfo } {
	const owner = stringOption(context.values, 'blocked-owner') ?? null;
	const ticket = stringOption(context.values, 'ticket') ?? null;
	const until = stringOption(context.values, 'until') ?? null;
	if (owner === null && ticket === null && until === null) return {};
	return { blocked: { owner, ticket, until, reason: null } };
}
