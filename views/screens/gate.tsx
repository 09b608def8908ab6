import { gateKey, signalKey } from '../../source/model/subject.js';
import { fit } from '../../source/text/text-fit.js';
import type { GateLayout } from '../../source/ui/state/layout.js';
import { LABEL_WIDTH } from '../../source/ui/state/layout.js';
import { type GateSignalRow, gateSignalRows } from '../../source/ui/state/lists.js';
import { filterOf, visibleWindow } from '../../source/ui/state/selection.js';
import type { UiState } from '../../source/ui/state/state.js';
import { statusStyle } from '../../source/ui/state/theme.js';
import { blockedLine, evidenceSummary, pathLabel, pathState, signoffColumnWidth, signoffDetail, signoffTag } from '../format.js';
import { BLANK, type LineSpec, line, pathSeg, seg } from '../line.js';
import { type Column, tableHeader, tableRows } from '../table.js';

/** Gate: its status and reason, its signals, its evidence paths. */
export function gateLines(state: UiState, layout: GateLayout, gateId: number): LineSpec[] {
	const { model, viewport } = state;
	const gate = layout.gate;
	if (!gate) return [line(seg(`Gate ${gateId} is no longer in the tracker. Esc goes back.`, 'warn'))];
	const label = (text: string) => seg(fit(text, LABEL_WIDTH), 'muted');
	const lines: LineSpec[] = [line(seg(`Gate ${gate.id}`, 'heading'), seg(' · '), seg(gate.name, 'heading'))];

	const status = [label('Status'), seg(gate.status, statusStyle(gate.status))];
	if (gate.status !== gate.derivedStatus) status.push(seg(' ! derived ', 'warn'), seg(gate.derivedStatus, statusStyle(gate.derivedStatus)));
	else status.push(seg(' (derived agrees)', 'muted'));
	status.push(seg(`  ${gate.closed} closed, ${gate.open} open`));
	const signoff = signoffDetail(state, gateKey(gate.id), gate.signoff);
	if (layout.signoffRows === 0) status.push(seg('  sign-off ', 'muted'), seg(signoff.text, signoff.style));
	lines.push(line(...status));
	if (layout.blockedRows > 0) lines.push(blockedLine(gate.blocked, label('Blocked')));
	if (layout.signoffRows > 0) lines.push(line(label('Sign-off'), seg(signoff.text, signoff.style)));

	const reason = layout.reasonLines.length > 0 ? layout.reasonLines : ['—'];
	for (const [index, text] of reason.entries()) lines.push(line(index === 0 ? label('Reason') : seg(' '.repeat(LABEL_WIDTH)), seg(text)));
	lines.push(BLANK);

	const ref = { kind: 'gate-signals', gateId: gate.id } as const;
	const filter = filterOf(state, ref);
	const rows = gateSignalRows(model, gate.id, filter);
	const columns = signalColumns(state, rows);
	lines.push(tableHeader(columns, viewport.columns, rows));
	lines.push(
		...tableRows(columns, visibleWindow(state, ref, rows, layout.listRows), viewport.columns, {
			focused: true,
			all: rows,
			emptyText: filter ? `no signal matches "${filter}"` : 'this gate names no signals',
		}),
	);
	lines.push(BLANK);

	lines.push(line(seg(`Evidence (${gate.evidence.length})`, 'heading')));
	if (gate.evidence.length === 0) lines.push(line(seg('  none recorded', 'muted')));
	const shown = gate.evidence.length > layout.evidenceRows ? layout.evidenceRows - 1 : layout.evidenceRows;
	for (const evidence of gate.evidence.slice(0, shown)) {
		const state = pathState(evidence);
		lines.push(line(seg('  '), seg(fit(state.text, 9), state.style), pathSeg(pathLabel(evidence))));
	}
	if (gate.evidence.length > shown) lines.push(line(seg(`  … ${gate.evidence.length - shown} more`, 'muted')));
	return lines;
}

function signalColumns(state: UiState, rows: GateSignalRow[]): Column<GateSignalRow>[] {
	return [
		{ header: 'Signal', fitContent: true, width: 24, cell: (row) => row.signalId },
		{ header: 'Title', flex: 3, minWidth: 12, cell: (row) => row.signal?.ledger?.title ?? (row.signal ? '(not in ledger)' : '(not defined in tracker)') },
		{ header: 'Owner', flex: 1, minWidth: 6, cell: (row) => row.signal?.owner ?? row.signal?.ledger?.owner ?? '—' },
		{
			header: 'Status',
			fitContent: true,
			width: 16,
			cell: (row) => row.signal?.status ?? 'undefined',
			style: (row) => statusStyle(row.signal?.status),
		},
		{
			header: 'Evidence',
			width: 11,
			cell: (row) => evidenceSummary(row.signal?.ledger?.evidence).text,
			style: (row) => evidenceSummary(row.signal?.ledger?.evidence).style,
		},
		{
			header: 'Sign-off',
			width: signoffColumnWidth(state, rows, (row) => ({ key: signalKey(row.signalId), signoff: row.signal?.signoff }), 8),
			cell: (row) => signoffTag(state, signalKey(row.signalId), row.signal?.signoff).text,
			style: (row) => signoffTag(state, signalKey(row.signalId), row.signal?.signoff).style,
		},
	];
}
