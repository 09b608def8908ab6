import { EXIT_OK, UserError } from '../errors.js';
import { shortSha } from '../git/short-sha.js';
import { recordSignoff } from '../signoff/record-signoff.js';
import { parseSubjectArgument } from '../signoff/subject.js';
import { sanitizeLine } from '../text/sanitize.js';
import { booleanOption, type CommandContext, stringOption, writeJson } from './command-context.js';
import { loadForCommand } from './load-for-command.js';

export async function runSignoff(context: CommandContext): Promise<number> {
	const subject = context.positionals[0];
	const status = stringOption(context.values, 'status');
	if (!subject || !status)
		throw new UserError(
			'usage: arco-review signoff <signal-id | gate-number> --status GO|PARTIAL|NO-GO|BLOCKED-EXTERNAL [--note TEXT] [--allow-dirty] [--json]',
		);
	const model = await loadForCommand(context);
	const outcome = await recordSignoff({
		model,
		subject: parseSubjectArgument(model, subject),
		status: status.toUpperCase(),
		note: stringOption(context.values, 'note') ?? '',
		allowDirty: booleanOption(context.values, 'allow-dirty'),
	});
	if (booleanOption(context.values, 'json')) {
		writeJson(context, {
			subject: outcome.subject,
			changed: outcome.changed,
			previous_status: outcome.previousStatus,
			signoff: outcome.record,
			ledger_updated: outcome.ledgerUpdated,
		});
	} else if (outcome.changed) {
		const record = outcome.record;
		context.stdout.write(
			`signed ${sanitizeLine(outcome.subject)} ${record.status} (was ${sanitizeLine(outcome.previousStatus)}) at ${shortSha(record.head)}${record.dirty ? ' (dirty)' : ''} as ${sanitizeLine(record.reviewer.name)}; ${record.evidence.length} evidence file${record.evidence.length === 1 ? '' : 's'} digested\n`,
		);
	} else {
		context.stdout.write(`${sanitizeLine(outcome.subject)} is already signed ${outcome.record.status} with that note at this HEAD; nothing changed\n`);
	}
	return EXIT_OK;
}
