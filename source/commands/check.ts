import { EXIT_CHECK_FAILED, EXIT_OK } from '../errors.js';
import { addSignatureFindings } from '../findings/signature-findings.js';
import { plural } from '../format/plural.js';
import { gatesGo } from '../model/summary.js';
import { sanitizeLine } from '../text/sanitize.js';
import { booleanOption, type CommandContext, writeJson } from './command-context.js';
import { findingJson } from './command-json.js';
import { loadForCommand } from './load-for-command.js';

/** Exit 0 only when the definition of done is met and no finding is an error. */
export async function runCheck(context: CommandContext): Promise<number> {
	const model = await loadForCommand(context);
	await addSignatureFindings(model);
	const errors = model.findings.filter((finding) => finding.severity === 'error');
	const passed = model.dodMet && errors.length === 0;
	if (booleanOption(context.values, 'json')) {
		writeJson(context, {
			passed,
			dod_met: model.dodMet,
			definition_of_done: model.definitionOfDone,
			gates_go: gatesGo(model),
			gates: model.gates.length,
			errors: errors.length,
			findings: model.findings.map(findingJson),
		});
	} else {
		for (const finding of model.findings) {
			context.stdout.write(`${finding.severity.padEnd(7)} ${finding.code.padEnd(26)} ${sanitizeLine(finding.message)}\n`);
		}
		const dod = `${sanitizeLine(model.definitionOfDone)} ${model.dodMet ? 'met' : 'not met'} (${gatesGo(model)}/${model.gates.length} gates GO)`;
		context.stdout.write(`${passed ? 'PASS' : 'FAIL'}: ${dod}, ${plural(errors.length, 'error finding')}\n`);
	}
	return passed ? EXIT_OK : EXIT_CHECK_FAILED;
}
