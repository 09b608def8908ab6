import { plural } from '../../source/format/plural.js';
import { shortSha } from '../../source/git/short-sha.js';
import { blockCountPhrases } from '../../source/model/blocked.js';
import { gateKey } from '../../source/model/subject.js';
import type { AuditModel } from '../../source/model/types.js';
import { displayWidth, truncateStart } from '../../source/text/text-fit.js';
import type { OverviewLayout } from '../../source/ui/state/layout.js';
import { type GateRow, gateRows } from '../../source/ui/state/lists.js';
import { findingCountsOf, gateCountsOf } from '../../source/ui/state/model-memo.js';
import { filterOf, visibleWindow } from '../../source/ui/state/selection.js';
import type { UiState } from '../../source/ui/state/state.js';
import { statusStyle } from '../../source/ui/state/theme.js';
import { signoffColumnWidth, signoffTag } from '../format.js';
import { BLANK, type LineSpec, line, pathSeg, type Segment, seg } from '../line.js';
import { safe } from '../safe.js';
import { type Column, tableHeader, tableRows } from '../table.js';

/** Overview: the audit header and the gate table in the shape of the audit's summary.md. */
export function overviewLines(state: UiState, layout: OverviewLayout): LineSpec[] {
	const { model, viewport } = state;
	const ref = { kind: 'gates' } as const;
	const rows = gateRows(model, filterOf(state, ref));
	const columns = gateColumns(state);
	const lines: LineSpec[] = [...headerLines(model), BLANK, tableHeader(columns, viewport.columns, rows)];
	lines.push(
		...tableRows(columns, visibleWindow(state, ref, rows, layout.listRows), viewport.columns, { focused: true, all: rows, emptyText: emptyText(state) }),
	);
	if (layout.legendRows > 0) lines.push(line(seg('  ! recorded status differs from the status its signals give; open the gate for both', 'muted')));
	return lines;
}

function emptyText(state: UiState): string {
	const filter = filterOf(state, { kind: 'gates' });
	return filter ? `no gate matches "${filter}"` : 'the tracker defines no gates';
}

function headerLines(model: AuditModel): LineSpec[] {
	const goGates = gateCountsOf(model).go;
	const lines = [
		line(
			seg('Audit date ', 'muted'),
			seg(model.auditDate, 'heading'),
			seg('  tracker ', 'muted'),
			// Cut from the front when it does not fit: the folder and file name are what tell audits apart.
			pathSeg(model.trackerPath),
			seg(` (${model.trackerSource})`, 'muted'),
		),
		line(...gitSegments(model)),
		line(
			seg('Done when ', 'muted'),
			seg(model.definitionOfDone),
			seg(': '),
			seg(`${goGates}/${model.gates.length} gates GO`, model.dodMet ? 'ok' : 'warn'),
			seg('  findings ', 'muted'),
			...findingCountSegments(model),
		),
	];
	if (model.blocks.total > 0) lines.push(line(...blockSegments(model)));
	return lines;
}

/** `Blocked 3: 1 expires within 7 days · 1 expired · 1 without owner or until`. */
function blockSegments(model: AuditModel): Segment[] {
	const { total, expiringSoon, expired, incomplete } = model.blocks;
	const phrases = blockCountPhrases(model.blocks);
	return [
		seg('Blocked ', 'muted'),
		seg(`${total}`, 'external'),
		seg(': '),
		seg(phrases.expiringSoon, expiringSoon > 0 ? 'warn' : 'muted'),
		seg(' · ', 'muted'),
		seg(phrases.expired, expired > 0 ? 'error' : 'muted'),
		seg(' · ', 'muted'),
		seg(phrases.incomplete, incomplete > 0 ? 'warn' : 'muted'),
	];
}

function gitSegments(model: AuditModel): Segment[] {
	const baseline = [seg('baseline ', 'muted'), seg(shortSha(model.baselineCommit))];
	if (!model.inGitRepository || model.git.head === null) return [...baseline, seg('  not a git repository', 'warn')];
	const since = model.git.baselineKnown
		? seg(`  ${plural(model.git.commitsSinceBaseline ?? 0, 'commit')} since baseline`)
		: seg('  baseline not in this repository', 'warn');
	const tree = model.git.dirty ? seg('  * dirty tree', 'warn') : seg('  clean tree', 'muted');
	return [...baseline, seg('  HEAD ', 'muted'), seg(shortSha(model.git.head), 'accent'), since, tree];
}

function findingCountSegments(model: AuditModel): Segment[] {
	const { error: errors, warning: warnings, info: infos } = findingCountsOf(model);
	return [
		seg(plural(errors, 'error'), errors > 0 ? 'error' : 'muted'),
		seg(' · ', 'muted'),
		seg(plural(warnings, 'warning'), warnings > 0 ? 'warn' : 'muted'),
		seg(' · ', 'muted'),
		seg(`${infos} info`, 'muted'),
	];
}

function gateColumns(state: UiState): Column<GateRow>[] {
	const { model } = state;
	const { statusWidth } = gateCountsOf(model);
	return [
		{ header: 'Gate', width: 4, align: 'right', cell: (row) => String(row.gate.id) },
		{ header: 'Area', flex: 3, minWidth: 12, cell: (row) => row.gate.name },
		{
			header: 'Status',
			width: Math.min(statusWidth, 20),
			cell: (row) => (row.statusMismatch ? `${row.gate.status} !` : row.gate.status),
			style: (row) => statusStyle(row.gate.status),
		},
		{ header: 'Closed', width: 6, align: 'right', cell: (row) => String(row.gate.closed) },
		{ header: 'Open', width: 4, align: 'right', cell: (row) => String(row.gate.open), style: (row) => (row.gate.open > 0 ? 'warn' : undefined) },
		{
			header: 'Primary Evidence',
			flex: 2,
			minWidth: 10,
			cell: (row) => row.gate.evidence.map((ref) => ref.written).join(', ') || '—',
			fitCell: (row, width) =>
				primaryEvidence(
					row.gate.evidence.map((ref) => safe(ref.written)),
					width,
				),
		},
		{
			header: 'Signed',
			width: signoffColumnWidth(state, gateRows(model), (row) => ({ key: gateKey(row.gate.id), signoff: row.gate.signoff }), 6),
			cell: (row) => signoffTag(state, gateKey(row.gate.id), row.gate.signoff).text,
			style: (row) => signoffTag(state, gateKey(row.gate.id), row.gate.signoff).style,
		},
	];
}

/** The first evidence path, cut at the front so its file name shows, then how many more there are. */
function primaryEvidence(paths: string[], width: number): string {
	const [first, ...rest] = paths;
	if (first === undefined) return '—';
	const all = paths.join(', ');
	if (displayWidth(all) <= width) return all;
	const more = rest.length > 0 ? ` +${rest.length}` : '';
	return truncateStart(first, Math.max(1, width - more.length)) + more;
}
