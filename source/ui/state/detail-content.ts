import { isStale } from '../../findings/stale-signoffs.js';
import { plural } from '../../format/plural.js';
import type { BlockedInfo } from '../../model/blocked.js';
import { blockState, describeExpiry } from '../../model/blocked.js';
import { runFinishedAt } from '../../model/command-runs.js';
import { findGate, findSignal } from '../../model/lookup.js';
import type { SignoffRecord } from '../../model/signoff-record.js';
import { gateKey, type SubjectKey, signalKey, subjectLabel } from '../../model/subject.js';
import type { AuditModel, CommandEntry, Finding, GateModel, PathRef, SignalModel } from '../../model/types.js';
import { describeOutcome } from '../../rerun/describe-outcome.js';
import { describeSignatureCheck } from '../../signing/check-signature.js';
import type { DetailDiff, DetailSubject } from './detail-subject.js';
import type { HistoryItem, HistoryState } from './history.js';
import { commandsForSignal, findingRows, historyRows, matrixRows, rowById } from './lists.js';
import { entryByName, findingsBySubject } from './model-memo.js';
import type { RunState } from './runs.js';
import { type SignatureMark, signatureOf } from './signatures.js';
import type { SignatureChecks } from './state.js';
import { type StyleName, severityStyle, statusStyle } from './theme.js';

/**
 * What the detail pane says about its subject, as titled blocks of labelled fields. Every value is whole:
 * the pane wraps, it never cuts. Pure: the diff since a sign-off comes in through `diff`.
 */

export interface DetailField {
	/** Empty for the second and later items of a list under one label. */
	label: string;
	text: string;
	style?: StyleName;
}

export interface DetailBlock {
	title: string;
	fields: DetailField[];
}

export interface DetailInputs {
	model: AuditModel;
	signatures: SignatureChecks | null;
	history: HistoryState;
	runs: Record<string, RunState>;
	diff: DetailDiff | null;
}

const field = (label: string, text: string | null | undefined, style?: StyleName): DetailField =>
	style ? { label, text: text || '—', style } : { label, text: text || '—' };

export function detailBlocks(inputs: DetailInputs, subject: DetailSubject): DetailBlock[] {
	const { model } = inputs;
	switch (subject.kind) {
		case 'gate': {
			const gate = findGate(model, subject.gateId);
			return gate ? gateBlocks(inputs, gate) : [gone(`gate ${subject.gateId}`)];
		}
		case 'signal': {
			const signal = findSignal(model, subject.signalId);
			return signal ? signalBlocks(inputs, signal) : [gone(subject.signalId)];
		}
		case 'finding': {
			const row = rowById(findingRows(model), subject.rowId);
			return row ? findingBlocks(model, row.finding) : [gone('this finding')];
		}
		case 'entry': {
			const entry = entryByName(model, subject.name);
			return entry ? entryBlocks(entry, inputs.runs[entry.name]) : [gone(subject.name)];
		}
		case 'matrix': {
			const row = rowById(matrixRows(model), subject.rowId);
			if (!row) return [gone('this matrix entry')];
			const { entry } = row;
			const head: DetailBlock = {
				title: `Command matrix · ${entry.name ?? entry.command}`,
				fields: [field('Name', entry.name), field('Command', entry.command), field('Required', entry.required ? 'yes' : 'no')],
			};
			if (!entry.entry) head.fields.push(field('Recorded', 'no row in the status file', 'bad'));
			return entry.entry ? [head, ...entryBlocks(entry.entry, inputs.runs[entry.entry.name])] : [head];
		}
		case 'history': {
			const row = rowById(historyRows(inputs.history), subject.rowId);
			return row ? historyBlocks(inputs.history, row.item) : [gone('this history line')];
		}
	}
}

function gone(what: string): DetailBlock {
	return { title: `${what} is no longer in the audit`, fields: [field('', 'it was removed or renamed since this pane opened', 'warn')] };
}

function gateBlocks(inputs: DetailInputs, gate: GateModel): DetailBlock[] {
	const { model } = inputs;
	const key = gateKey(gate.id);
	const summary: DetailField[] = [
		field('Status', gate.status, statusStyle(gate.status)),
		field(
			'Derived',
			gate.derivedStatus === gate.status ? `${gate.derivedStatus} (agrees)` : `${gate.derivedStatus} (the signals give it; recorded ${gate.status})`,
		),
		field('Signals', `${gate.closed} closed, ${gate.open} open`),
		field('Reason', gate.statusReason),
		...blockedFields(model, key, gate.status, gate.blocked),
	];
	const signals = gate.requiredSignalIds.map((id) => {
		const signal = gate.signals.find((candidate) => candidate.id === id);
		if (!signal) return field('undefined', `${id}: named by the gate, not defined in the tracker`, 'bad');
		return field(
			signal.status,
			`${id}  ${signal.ledger?.title ?? '(not in the ledger)'}  (${signal.owner ?? signal.ledger?.owner ?? 'no owner'})`,
			statusStyle(signal.status),
		);
	});
	return [
		{ title: `Gate ${gate.id} · ${gate.name}`, fields: summary },
		{ title: `Signals (${gate.requiredSignalIds.length})`, fields: signals },
		pathBlock('Evidence', gate.evidence),
		findingBlock(model, key),
		...signoffBlocks(inputs, key, gate.signoff),
	];
}

function signalBlocks(inputs: DetailInputs, signal: SignalModel): DetailBlock[] {
	const { model } = inputs;
	const key = signalKey(signal.id);
	const ledger = signal.ledger;
	const fields: DetailField[] = [field('Status', signal.status, statusStyle(signal.status))];
	if (ledger?.status && ledger.status !== signal.status) fields.push(field('Ledger says', ledger.status, 'warn'));
	fields.push(field('Owner', signal.owner ?? ledger?.owner));
	if (ledger?.owner && signal.owner && ledger.owner !== signal.owner) fields.push(field('Ledger owner', ledger.owner, 'warn'));
	fields.push(field(signal.gateIds.length === 1 ? 'Gate' : 'Gates', signal.gateIds.join(', ')));
	fields.push(...blockedFields(model, key, signal.status, signal.blocked));
	fields.push(
		field('Ledger', ledger ? `line ${ledger.line} of ${model.ledgerPath ?? 'the ledger'}` : 'no row in the signal ledger', ledger ? undefined : 'warn'),
	);
	fields.push(field('Exit test', ledger?.exitTest));
	for (const [header, text] of Object.entries(ledger?.cells ?? {})) if (!isInterpretedColumn(header)) fields.push(field('Ledger cell', `${header}: ${text}`));
	const commands = commandsForSignal(model, signal.id).map((entry) =>
		field(
			`exit ${entry.latest.exitCodeText || '?'}`,
			`${entry.name}  $ ${entry.latest.command}  (${runFinishedAt(entry.latest) ?? 'no time'})`,
			exitStyle(entry),
		),
	);
	return [
		{ title: `${signal.id} · ${ledger?.title ?? '(no ledger row)'}`, fields },
		pathBlock('Code paths', ledger?.codePaths ?? []),
		pathBlock('Evidence', ledger?.evidence ?? []),
		findingBlock(model, key),
		{ title: `Commands (${commands.length})`, fields: commands.length > 0 ? commands : [field('', 'none recorded for this signal', 'muted')] },
		...signoffBlocks(inputs, key, signal.signoff),
	];
}

// The ledger columns the signal screen shows in their own fields; any other column is listed as written.
const INTERPRETED = /^(signal id|gate|signal|owner|status|code\/infra path|evidence artifact|exit test.*)$/i;

function isInterpretedColumn(header: string): boolean {
	return INTERPRETED.test(header.trim());
}

function blockedFields(model: AuditModel, key: SubjectKey, status: string, blocked: BlockedInfo | null): DetailField[] {
	const state = blockState({ key, status, blocked }, model.blocks.today);
	if (!state && !blocked) return [];
	const expiry = state ? describeExpiry(state) : '';
	const untilStyle: StyleName | undefined = state && state.daysLeft !== null && state.daysLeft < 0 ? 'error' : expiry ? 'warn' : undefined;
	return [
		field('Blocked on', blocked?.owner, blocked?.owner ? undefined : 'warn'),
		field('Ticket', blocked?.ticket),
		field('Until', blocked?.until ? `${blocked.until}${expiry ? ` (${expiry})` : ''}` : null, blocked?.until ? untilStyle : 'warn'),
		...(blocked?.reason ? [field('Why', blocked.reason)] : []),
	];
}

function pathBlock(title: string, refs: PathRef[]): DetailBlock {
	const fields = refs.map((ref) => {
		const where = ref.line !== null && !ref.written.includes(`:${ref.line}`) ? `${ref.written}:${ref.line}` : ref.written;
		if (ref.problem) return field('refused', `${where}  (${ref.problem}: never read)`, 'error');
		if (!ref.exists) return field('missing', where, 'bad');
		return field(ref.isDirectory ? 'dir' : 'ok', where, 'ok');
	});
	return { title: `${title} (${refs.length})`, fields: fields.length > 0 ? fields : [field('', 'none recorded', 'muted')] };
}

function findingsAbout(model: AuditModel, key: SubjectKey): readonly Finding[] {
	return findingsBySubject(model).get(subjectLabel(key)) ?? [];
}

function findingBlock(model: AuditModel, key: SubjectKey): DetailBlock {
	const findings = findingsAbout(model, key);
	return {
		title: `Findings (${findings.length})`,
		fields:
			findings.length > 0
				? findings.map((finding) => field(finding.severity, `${finding.code}: ${finding.message}`, severityStyle(finding.severity)))
				: [field('', 'none', 'muted')],
	};
}

function signoffBlocks(inputs: DetailInputs, key: SubjectKey, signoff: SignoffRecord | null): DetailBlock[] {
	if (!signoff) return [{ title: 'Sign-off', fields: [field('', `${subjectLabel(key)} has not been signed off`, 'muted')] }];
	const { model } = inputs;
	const stale = isStale(model, key);
	const staleFinding = findingsAbout(model, key).find((finding) => finding.code === 'stale-signoff');
	return [
		{
			title: 'Sign-off',
			fields: [
				...recordFields(signoff, signatureOf(inputs, key, signoff)),
				field('Stale', stale ? `yes: ${staleFinding?.message ?? 'a file it rests on changed'}` : 'no', stale ? 'warn' : 'ok'),
			],
		},
		diffBlock(inputs.diff, signoff.head),
	];
}

/** `mark`: the current sign-off's checked signature; a history line's record shows what it carries. */
function recordFields(record: SignoffRecord, mark: SignatureMark | null = null): DetailField[] {
	const fields = [
		field('Verdict', record.status, statusStyle(record.status)),
		field('By', `${record.reviewer.name} <${record.reviewer.email}>`),
		field('When', record.signed_at),
		field('HEAD', record.head),
		field('Tree', record.dirty ? 'dirty (signed with uncommitted changes)' : 'clean'),
		field('Note', record.note || '(none)'),
		mark === null
			? field('Signature', record.signature ? `${record.signature.fingerprint} (${record.signature.format})` : 'unsigned')
			: field(
					'Signature',
					mark.state === 'checking' ? 'checking\u2026' : describeSignatureCheck(mark),
					mark.state === 'bad' ? 'error' : mark.state === 'good' ? 'ok' : undefined,
				),
	];
	if (record.blocked) {
		const { owner, ticket, until } = record.blocked;
		fields.push(field('Blocked', [owner && `on ${owner}`, ticket && `ticket ${ticket}`, until && `until ${until}`].filter(Boolean).join(', ')));
	}
	const digests = record.evidence.map((item, index) => field(index === 0 ? 'Digests' : '', `${item.sha256.slice(0, 12)}  ${item.path}`));
	return [...fields, ...(digests.length > 0 ? digests : [field('Digests', 'no files digested')])];
}

function diffBlock(diff: DetailDiff | null, head: string): DetailBlock {
	const title = `Changed since ${head.slice(0, 7)} (code paths and evidence, to the work tree)`;
	const stat = diff?.stat;
	if (!stat) return { title, fields: [field('', 'reading git diff…', 'muted')] };
	if (stat.kind === 'failed') return { title, fields: [field('', stat.message, 'error')] };
	if (stat.files.length === 0) return { title, fields: [field('', 'nothing: the files it rests on are as they were signed', 'ok')] };
	const fields = stat.files.map((file) => field(file.added === null ? 'binary' : `+${file.added} -${file.deleted ?? 0}`, file.path, 'warn'));
	const added = stat.files.reduce((sum, file) => sum + (file.added ?? 0), 0);
	const deleted = stat.files.reduce((sum, file) => sum + (file.deleted ?? 0), 0);
	fields.push(field('', `${plural(stat.files.length, 'file')} changed, ${plural(added, 'insertion')}(+), ${plural(deleted, 'deletion')}(-)`, 'muted'));
	return { title, fields };
}

function findingBlocks(model: AuditModel, finding: Finding): DetailBlock[] {
	const blocks: DetailBlock[] = [
		{
			title: `Finding · ${finding.code}`,
			fields: [
				field('Severity', finding.severity, severityStyle(finding.severity)),
				field('Code', finding.code),
				field('Subject', finding.subject),
				field('Message', finding.message),
			],
		},
	];
	const about = finding.about;
	if (about?.kind === 'gate') {
		const gate = findGate(model, about.gateId);
		if (gate)
			blocks.push({
				title: 'Concerns',
				fields: [field('Gate', `${gate.id} · ${gate.name}`), field('Status', gate.status, statusStyle(gate.status))],
			});
	} else if (about?.kind === 'signal') {
		const signal = findSignal(model, about.signalId);
		if (signal) {
			blocks.push({
				title: 'Concerns',
				fields: [
					field('Signal', `${signal.id} · ${signal.ledger?.title ?? ''}`),
					field('Status', signal.status, statusStyle(signal.status)),
					field('Owner', signal.owner),
				],
			});
		}
	} else blocks.push({ title: 'Concerns', fields: [field('', `${finding.subject} (a file or the audit as a whole: no screen of its own)`, 'muted')] });
	return blocks;
}

function entryBlocks(entry: CommandEntry, run: RunState | undefined): DetailBlock[] {
	const latest = entry.latest;
	const fields: DetailField[] = [
		field('Name', entry.name),
		...(entry.label && entry.label !== entry.name ? [field('In the file', entry.label)] : []),
		...(entry.signal ? [field('Signal', entry.signal)] : []),
		...(entry.stage ? [field('Stage', entry.stage)] : []),
		...(entry.step ? [field('Step', entry.step)] : []),
		field('Status file', entry.statusFile),
		field('Command', latest.command),
		field('Exit', latest.skipped !== null ? `skipped: ${latest.skipped}` : latest.exitCodeText || 'NA', exitStyle(entry)),
		...(latest.result ? [field('Result', latest.result)] : []),
		field('Started', latest.startUtc),
		field('Finished', latest.endUtc),
		field(
			'Log',
			latest.log ??
				(latest.logProblem
					? `${latest.logWritten ?? ''} (refused: ${latest.logProblem})`
					: latest.logWritten
						? `${latest.logWritten} (not found)`
						: 'none recorded'),
			latest.log ? undefined : 'warn',
		),
	];
	if (run) fields.push(field('This session', run.result ? describeOutcome(run.result) : run.phase, 'accent'));
	const earlier = entry.history.map((previous) =>
		field(`exit ${previous.exitCodeText || '?'}`, `${runFinishedAt(previous) ?? 'no time'}  $ ${previous.command}`),
	);
	return [
		{ title: `Command · ${entry.name}`, fields },
		{ title: `Earlier runs (${entry.history.length})`, fields: earlier.length > 0 ? earlier : [field('', 'none in the file', 'muted')] },
	];
}

function historyBlocks(history: HistoryState, item: HistoryItem): DetailBlock[] {
	return [
		{
			title: `Sign-off of ${item.subject}`,
			fields: [
				field('Subject', item.subject),
				field('Was', item.previousStatus, item.previousStatus ? statusStyle(item.previousStatus) : undefined),
				...recordFields(item.record),
				field('Line', `${item.line} of ${history.path} (format ${item.format}, sha256 ${item.sha256.slice(0, 12)})`),
			],
		},
	];
}

function exitStyle(entry: CommandEntry): StyleName {
	if (entry.latest.skipped !== null || entry.latest.exitCode === null) return 'warn';
	return entry.latest.exitCode === 0 ? 'ok' : 'bad';
}
