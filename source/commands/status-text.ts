import { plural } from '../format/plural.js';
import { layoutTable } from '../format/text-table.js';
import { shortSha } from '../git/short-sha.js';
import { blockCountPhrases } from '../model/blocked.js';
import { findingCounts, gatesGo } from '../model/summary.js';
import type { AuditModel } from '../model/types.js';
import { sanitizeLine } from '../text/sanitize.js';
import { displayWidth, truncate, truncateStart } from '../text/text-fit.js';

/** Piped output is read in pagers and CI logs: as wide as a generous terminal, never a 400-column line. */
const PIPED_WIDTH = 120;
const EVIDENCE_LABEL = '      evidence ';
const EVIDENCE_INDENT = ' '.repeat(EVIDENCE_LABEL.length);

/**
 * The gate snapshot as text. Primary Evidence is listed under each gate, one path a line, whole when
 * piped (a reader greps and copies them) and cut from the front to the terminal's width on a terminal.
 */
// Kept apart from status.ts so `status --json` does not load the width tables of string-width.
export function renderStatusText(model: AuditModel, width: number | null): string {
	const counts = findingCounts(model.findings);
	const head = model.git.head
		? `${shortSha(model.git.head, '-')}${model.git.dirty ? ' (uncommitted changes outside the audit)' : ''}`
		: 'none (not a git repository)';
	const since = model.git.commitsSinceBaseline === null ? '' : `, ${plural(model.git.commitsSinceBaseline, 'commit')} since baseline`;
	// On a terminal no header line wraps: the tracker path gives way from the front (its file name stays), the rest from the end.
	const trackerLabel = `Audit ${sanitizeLine(model.auditDate)}  tracker `;
	const trackerPath = sanitizeLine(model.trackerPath);
	const header = [
		`${trackerLabel}${width === null ? trackerPath : truncateStart(trackerPath, Math.max(8, width - displayWidth(trackerLabel)))}`,
		`Baseline ${shortSha(model.baselineCommit, '-')}  HEAD ${head}${since}`,
		`Definition of done ${sanitizeLine(model.definitionOfDone)}: ${model.dodMet ? 'met' : 'not met'} (${gatesGo(model)}/${model.gates.length} gates GO)`,
	];
	const blocks = blocksLine(model);
	if (blocks) header.push(blocks);
	const headerLines = width === null ? header : header.map((line) => truncate(line, width));
	const rows = model.gates.map((gate) => [
		String(gate.id),
		gate.name,
		gate.status === gate.derivedStatus ? gate.status : `${gate.status} (signals: ${gate.derivedStatus})`,
		String(gate.closed),
		String(gate.open),
	]);
	const table = layoutTable(['Gate', 'Area', 'Status', 'Closed', 'Open'], rows, {
		align: ['right', 'left', 'left', 'right', 'right'],
		overflow: ['cut', 'wrap', 'wrap', 'cut', 'cut'],
		shrinkFirst: [1],
		minWidths: [0, 16],
		maxWidth: width ?? PIPED_WIDTH,
	});
	const body = model.gates.flatMap((gate, index) => [
		...(table.rows[index] ?? []),
		...gate.evidence.map((ref, line) => {
			const text = sanitizeLine(ref.written);
			const shown = width === null ? text : truncateStart(text, Math.max(8, width - EVIDENCE_LABEL.length));
			return `${line === 0 ? EVIDENCE_LABEL : EVIDENCE_INDENT}${shown}`;
		}),
	]);
	const findings = `Findings: ${model.findings.length} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info)`;
	return `${headerLines.join('\n')}\n\n${[...table.header, table.rule, ...body].join('\n')}\n\n${findings}\n`;
}

/** `Blocked: 3 (1 expires within 7 days, 1 expired, 2 without owner or until)`; null when nothing is blocked. */
function blocksLine(model: AuditModel): string | null {
	const { total, expired, incomplete } = model.blocks;
	if (total === 0) return null;
	const phrases = blockCountPhrases(model.blocks);
	const parts = [phrases.expiringSoon, ...(expired > 0 ? [phrases.expired] : []), ...(incomplete > 0 ? [phrases.incomplete] : [])];
	return `Blocked: ${total} (${parts.join(', ')})`;
}
