import { runFinishedAt } from '../../source/model/command-runs.js';
import { signalKey } from '../../source/model/subject.js';
import { fit } from '../../source/text/text-fit.js';
import { LABEL_WIDTH, type SignalLayout } from '../../source/ui/state/layout.js';
import { type CommandRow, commandRows, type EvidenceRow, evidenceRows } from '../../source/ui/state/lists.js';
import { activeListRef, filterOf, visibleWindow } from '../../source/ui/state/selection.js';
import type { UiState } from '../../source/ui/state/state.js';
import { statusStyle } from '../../source/ui/state/theme.js';
import { exitTag, formatTime, pathLabel, pathState, runTag, signoffDetail } from '../format.js';
import { type LineSpec, line, seg } from '../line.js';
import { previewBodyLines, previewTitle } from '../preview-lines.js';
import { type Column, tableRows } from '../table.js';

/** Signal: every ledger field, its evidence with a preview of the highlighted file, and its recorded commands. */
export function signalLines(state: UiState, layout: SignalLayout, signalId: string): LineSpec[] {
	const { model, viewport } = state;
	const signal = layout.signal;
	if (!signal) return [line(seg(`${signalId} is no longer in the tracker. Esc goes back.`, 'warn'))];
	const ledger = signal.ledger;
	const label = (text: string) => seg(fit(text, LABEL_WIDTH), 'muted');
	const signoff = signoffDetail(signalKey(signal.id), signal.signoff, model);
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
			seg('  sign-off ', 'muted'),
			seg(signoff.text, signoff.style),
			...(ledger ? [seg(`  ledger line ${ledger.line}`, 'muted')] : []),
		),
		line(label('Code'), seg(ledger?.codePaths.map((ref) => ref.written).join(', ') || '—')),
		...layout.exitTestLines.map((text, index) => line(index === 0 ? label('Exit test') : seg(' '.repeat(LABEL_WIDTH)), seg(text))),
	];

	const active = activeListRef(state);
	const evidenceRef = { kind: 'signal-evidence', signalId } as const;
	const evidence = evidenceRows(model, signalId, filterOf(state, evidenceRef));
	const evidenceFocused = active?.kind === 'signal-evidence';
	lines.push(sectionHeader(`Evidence (${evidence.length})`, evidenceFocused));
	lines.push(
		...tableRows(evidenceColumns(), visibleWindow(state, evidenceRef, evidence, layout.evidenceRows), viewport.columns, {
			focused: evidenceFocused,
			emptyText: ledger ? 'no evidence artifacts in the ledger row' : 'not in the signal ledger',
		}),
	);

	const commandsRef = { kind: 'signal-commands', signalId } as const;
	const commands = commandRows(model, signalId, filterOf(state, commandsRef));
	const commandsFocused = active?.kind === 'signal-commands';
	lines.push(sectionHeader(`Commands (${commands.length})`, commandsFocused));
	lines.push(
		...tableRows(commandColumns(state), visibleWindow(state, commandsRef, commands, layout.commandRows), viewport.columns, {
			focused: commandsFocused,
			emptyText: 'no command recorded for this signal',
		}),
	);

	lines.push(previewTitle(state, layout.previewRows));
	lines.push(...previewBodyLines(state, layout.previewRows));
	return lines;
}

function sectionHeader(title: string, focused: boolean): LineSpec {
	return line(seg(focused ? '▸ ' : '  ', 'accent'), seg(title, focused ? 'heading' : 'muted'), seg(focused ? '' : '  (tab)', 'muted'));
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
		{ header: 'Name', flex: 1, minWidth: 8, cell: (row) => row.entry.name },
		{
			header: 'Command',
			flex: 2,
			minWidth: 10,
			cell: (row) => `${row.entry.latest.command}${row.entry.history.length > 0 ? `  (+${row.entry.history.length} earlier)` : ''}`,
		},
	];
}
