import { loadAudit } from '../model/load-audit.js';
import type { AuditModel } from '../model/types.js';
import { sanitizeLine } from '../text/sanitize.js';
import { type CommandContext, stringOption } from './command-context.js';

/** Loads the audit the way every command does: --tracker, then the environment, then discovery. */
export async function loadForCommand(context: CommandContext): Promise<AuditModel> {
	const model = await loadAudit({ cwd: context.cwd, tracker: stringOption(context.values, 'tracker'), env: context.env });
	if (model.discoveryNote) context.stderr.write(`note: ${sanitizeLine(model.discoveryNote)}\n`);
	return model;
}
