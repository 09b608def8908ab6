import { plural } from '../../source/format/plural.js';
import { runFinishedAt } from '../../source/model/command-runs.js';
import { signalKey } from '../../source/model/subject.js';
import type { Finding, PathRef } from '../../source/model/types.js';
import { fit } from '../../source/text/text-fit.js';
import { detailSubjectOf } from '../../source/ui/state/detail.js';
import { keyFor } from '../../source/ui/state/keymap.js';
import { LABEL_WIDTH, type SignalLayout } from '../../source/ui/state/layout.js';
import { type CommandRow, commandRows, type EvidenceRow, evidenceRows } from '../../source/ui/state/lists.js';
import { findingsBySubject } from '../../source/ui/state/model-memo.js';
import { activeListRef, filterOf, visibleWindow } from '../../source/ui/state/selection.js';
import type { UiState } from '../../source/ui/state/state.js';
import { statusStyle } from '../../source/ui/state/theme.js';
import { blockedLine, exitTag, formatTime, pathLabel, pathState, runTag, signoffDetail } from '../format.js';
import { type LineSpec, line, type Segment, seg } from '../line.js';
import { previewBodyLines, previewTitle } from '../preview-lines.js';
import { type Column, countsText, tableRows } from '../table.js';

/** Signal: every ledger field, its evidence with a preview of the highlighted file, and its recorded commands. */
export function signalLines(state: UiState, layout: SignalLayout, signalId: string): LineSpec[] {
	const { model, viewport } = state;
	const signal = layout.signal;
	if (!signal) return [line(seg(`${signalId} is no longer in the tracker. Esc goes back.`, 'warn'))];
	const ledger = signal.ledger;
	const label = (text: string) => seg(fit(text, LABEL_WIDTH), 'muted');
	const signoff = signoffDetail(state, signalKey(signal.id), signal.signoff);
	const lines: LineSpec[] = [
		line(seg(signal.id, 'heading'), seg(' · '), seg(ledger?.title ?? '(no ledger row)', ledger ? 'heading' : 'warn')),
		line(
			label('Status'),
			seg(signal.status, statusStyle(signal.status)),
			...(ledger?.status && ledger.status !== signal.status
				? [seg(' (ledger says ', 'warn'), seg(ledger.status, statusStyle(ledger.status)), seg(')', 'warn')]
				: []),
			seg('  owner ', 'muted'),
			seg(signal.owner ?? ledger?.owner ?? '—'),
			seg(signal.gateIds.length === 1 ? '  gate ' : '  gates ', 'muted'),
			seg(signal.gateIds.join(', ') || '—'),
			...(layout.signoffRows > 0 ? [] : [seg('  sign-off ', 'muted'), seg(signoff.text, signoff.style)]),
			...findingSegments(state, findingsBySubject(model).get(signal.id) ?? []),
			...(ledger ? [seg(`  ledger line ${ledger.line}`, 'muted')] : []),
		),
		...(layout.blockedRows > 0 ? [blockedLine(signal.blocked, label('Blocked'))] : []),
		...(layout.signoffRows > 0 ? [line(label('Sign-off'), seg(signoff.text, signoff.style))] : []),
		line(label('Code'), ...codeSegments(ledger?.codePaths ?? [])),
		...layout.exitTestLines.map((text, index) => line(index === 0 ? label('Exit test') : seg(' '.repeat(LABEL_WIDTH)), seg(text))),
	];

	const active = activeListRef(state);
	const evidenceRef = { kind: 'signal-evidence', signalId } as const;
	const evidence = evidenceRows(model, signalId, filterOf(state, evidenceRef));
	const evidenceFocused = active?.kind === 'signal-evidence';
	const evidenceWindow = visibleWindow(state, evidenceRef, evidence, layout.evidenceRows);
	lines.push(sectionHeader(`Evidence (${evidence.length})`, evidenceFocused, countsText(evidenceWindow)));
	lines.push(
		...tableRows(evidenceColumns(), evidenceWindow, viewport.columns, {
			focused: evidenceFocused,
			all: evidence,
			counts: false,
			emptyText: ledger ? 'no evidence artifacts in the ledger row' : 'not in the signal ledger',
		}),
	);

	const commandsRef = { kind: 'signal-commands', signalId } as const;
	const commands = commandRows(model, signalId, filterOf(state, commandsRef));
	const commandsFocused = active?.kind === 'signal-commands';
	const commandWindow = visibleWindow(state, commandsRef, commands, layout.commandRows);
	lines.push(sectionHeader(`Commands (${commands.length})`, commandsFocused, countsText(commandWindow)));
	lines.push(
		...tableRows(commandColumns(state), commandWindow, viewport.columns, {
			focused: commandsFocused,
			all: commands,
			counts: false,
			emptyText: 'no command recorded for this signal',
		}),
	);

	lines.push(previewTitle(state, layout.previewRows));
	lines.push(...previewBodyLines(state, layout.previewRows));
	return lines;
}

function sectionHeader(title: string, focused: boolean, counts: string): LineSpec {
	return line(
		seg(focused ? '▸ ' : '  ', 'accent'),
		seg(title, focused ? 'heading' : 'muted'),
		seg(focused ? '' : '  (tab)', 'muted'),
		seg(counts ? `  ${counts}` : '', 'accent'),
	);
}

/** `  2 findings (d)`: the signal's own findings, and the key that shows them when one does right now. */
function findingSegments(state: UiState, findings: Finding[]): Segment[] {
	if (findings.length === 0) return [];
	const worst = findings.some((finding) => finding.severity === 'error')
		? 'error'
		: findings.some((finding) => finding.severity === 'warning')
			? 'warn'
			: 'muted';
	// `d` describes the highlighted row: the signal itself from its evidence, a command from the commands.
	const key = detailSubjectOf(state)?.kind === 'signal' ? keyFor(state, (action) => action.type === 'openDetail') : null;
	return [seg(`  ${plural(findings.length, 'finding')}`, worst), seg(key ? ` (${key})` : '', 'muted')];
}

/** Code paths as written, the ones that are not there marked (the detail pane, `d`, lists them one a line). */
function codeSegments(refs: PathRef[]): Segment[] {
	if (refs.length === 0) return [seg('—')];
	return refs.flatMap((ref, index) => {
		const state = pathState(ref);
		const mark = state.text === 'ok' || state.text === 'dir' ? [] : [seg(` (${state.text})`, state.style)];
		return [...(index > 0 ? [seg(', ')] : []), seg(ref.written), ...mark];
	});
}

function evidenceColumns(): Column<EvidenceRow>[] {
	return [
		{ header: 'State', width: 9, cell: (row) => pathState(row.ref).text, style: (row) => pathState(row.ref).style },
		{ header: 'Path', flex: 1, minWidth: 10, keepEnd: true, cell: (row) => pathLabel(row.ref) },
	];
}

function commandColumns(state: UiState): Column<CommandRow>[] {
	const running = (row: CommandRow) => runTag(state, row.entry.name);
	return [
		{
			header: 'Exit',
			width: 7,
			cell: (row) => running(row)?.text ?? `exit ${exitTag(row.entry.latest).text}`,
			style: (row) => (running(row) ?? exitTag(row.entry.latest)).style,
		},
		{ header: 'Finished', width: 16, cell: (row) => formatTime(runFinishedAt(row.entry.latest)) },
		{ header: 'Name', fitContent: true, width: 36, cell: (row) => row.entry.name },
		{
			header: 'Command',
			flex: 2,
			minWidth: 10,
			cell: (row) => `${row.entry.latest.command}${row.entry.history.length > 0 ? `  (+${row.entry.history.length} earlier)` : ''}`,
		},
	];
}
