/**
 * `d`: the detail pane of the highlighted row on every screen, every field whole and wrapped (issue 14).
 */
import test from 'ava';
import type { DiffStatFile } from '../../source/git/diff-stat.js';
import { gateKey } from '../../source/model/subject.js';
import { recordSignoff } from '../../source/signoff/record-signoff.js';
import { detailDiffFeature } from '../../source/ui/effects/detail-diff.js';
import { commitAll, editJson, LUMEN_LEDGER, LUMEN_TRACKER, replaceText, writeText } from '../helpers/fixture-repo.js';
import { auditRepo } from './helpers/audit-repo.js';
import { buildModel, sampleModel } from './helpers/build-model.js';
import { KEYS, nextTurn, renderApp } from './helpers/render-app.js';

const lines = (frame: string) => frame.split('\n');
/** The frame's text with its wrapping undone, to find a long value whole. */
const unwrapped = (frame: string) =>
	lines(frame)
		.map((line) => line.replace(/^ {2}.{13}/, '').trim())
		.join(' ');

const LONG_EXIT_TEST =
	'Timer callbacks are accepted only with a valid OIDC token, proven end to end by the e2e suite against staging, with a replayed expired token rejected and logged, and the rejection counted in the ingest dashboard so the on-call can see it.';
const HEAD = 'abcdef0123456789abcdef0123456789abcdef01';

function signedModel() {
	const model = buildModel({
		gates: [
			{
				id: 3,
				name: 'Layer-2 production blockers',
				signals: [
					{
						id: 'G3-002',
						status: 'PARTIAL',
						title: 'Timer callback ingestion with OIDC validation',
						owner: 'Platform',
						codePaths: ['crates/arco-flow/src/timer.rs', { written: 'crates/gone.rs', exists: false }] as never,
						evidence: ['evidence/gate-3/timer.log'],
						exitTest: LONG_EXIT_TEST,
						signoff: {
							status: 'PARTIAL',
							reviewer: { name: 'Bob Builder', email: 'bob@example.invalid' },
							signed_at: '2026-02-14T09:30:00Z',
							head: HEAD,
							dirty: false,
							note: 'unit tests pass; the e2e run against staging is still pending on the OIDC client secret rotation',
							evidence: [{ path: 'evidence/gate-3/timer.log', sha256: 'feedface'.repeat(8) }],
						},
					},
				],
			},
		],
		findings: [
			{
				severity: 'error',
				code: 'stale-signoff',
				subject: 'G3-002',
				message: 'G3-002 was signed PARTIAL at abcdef0; since then crates/arco-flow/src/timer.rs changed',
			},
		],
	});
	return model;
}

test.serial('d on a gate screen row: ledger fields, code paths with existence, findings, the sign-off, and what changed since it', async (t) => {
	const requests: Array<{ head: string; paths: readonly string[] }> = [];
	const read = async (_root: string, head: string, paths: readonly string[]): Promise<DiffStatFile[]> => {
		requests.push({ head, paths });
		return [{ path: 'crates/arco-flow/src/timer.rs', added: 12, deleted: 3 }];
	};
	const app = await renderApp(signedModel(), { viewport: { columns: 80, rows: 24 }, features: [detailDiffFeature(read)] });
	t.teardown(() => app.close());
	await app.press(KEYS.enter, 'd');
	let frame = await app.waitFor((text) => text.includes('Detail G3-002'));
	t.regex(frame, /G3-002 · Timer callback ingestion with OIDC validation/);
	t.regex(frame, /Status +PARTIAL/);
	t.regex(frame, /Owner +Platform/);
	// Wrapped, not cut: the whole exit test is there, and no line ends in an ellipsis.
	t.true(unwrapped(frame).includes(LONG_EXIT_TEST), unwrapped(frame));
	for (const line of lines(frame)) t.false(line.endsWith('…'), line);
	t.regex(frame, /Code paths \(2\)\n +ok +crates\/arco-flow\/src\/timer\.rs\n +missing +crates\/gone\.rs/);
	// Further down, a page at a time: findings, the sign-off and the diff since its HEAD.
	const pages = [frame];
	await app.press(KEYS.pageDown);
	pages.push(app.frame());
	await app.press('G');
	frame = await app.waitFor((text) => text.includes('+12 -3'));
	pages.push(frame);
	const text = pages.map(unwrapped).join(' ');
	t.regex(pages.join('\n'), /Findings \(1\)/);
	t.true(text.includes('stale-signoff: G3-002 was signed PARTIAL at abcdef0; since then crates/arco-flow/src/timer.rs changed'), text);
	t.regex(frame, /By +Bob Builder <bob@example\.invalid>/);
	t.regex(frame, /When +2026-02-14T09:30:00Z/);
	t.regex(frame, new RegExp(`HEAD +${HEAD}`));
	t.true(text.includes('unit tests pass; the e2e run against staging is still pending on the OIDC client secret rotation'), text);
	t.regex(frame, /Digests +feedfacefeed evidence\/gate-3\/timer\.log/);
	t.regex(frame, /Stale +yes: G3-002 was signed PARTIAL/);
	t.regex(frame, /Changed since abcdef0/);
	t.regex(frame, /\+12 -3 +crates\/arco-flow\/src\/timer\.rs/);
	t.regex(frame, /1 file changed, 12 insertions\(\+\), 3 deletions\(-\)/);
	// Read once, for what the sign-off rests on (existing, non-refused paths), at its HEAD.
	t.deepEqual(requests, [{ head: HEAD, paths: ['crates/arco-flow/src/timer.rs', 'crates/gone.rs', 'evidence/gate-3/timer.log'] }]);
	// Scrolling said where it is; Esc closes, Enter would open the signal.
	t.regex(lines(frame)[1] ?? '', /↑ \d+ above/);
	await app.press(KEYS.enter);
	t.is(lines(app.frame())[0], 'Audit > Gate 3 > G3-002');
});

test.serial('d on the overview, the findings, the matrix and a signal command: each row whole', async (t) => {
	const model = sampleModel();
	model.findings[1]!.message = `evidence path refused: /etc/passwd ${'(an absolute path is never read) '.repeat(5).trim()}`;
	const app = await renderApp(model, { viewport: { columns: 80, rows: 24 } });
	t.teardown(() => app.close());
	await app.press('d');
	let frame = app.frame();
	t.regex(frame, /Detail gate 0/);
	t.regex(frame, /Gate 0 · Re-baseline \/ tracker integrity/);
	t.regex(frame, /Signals \(2\)/);
	t.regex(frame, /has not been signed off/);
	await app.press(KEYS.escape, 'f', 'd');
	frame = app.frame();
	t.regex(frame, /Finding · evidence-missing/);
	t.true(unwrapped(frame).includes(model.findings[1]!.message), unwrapped(frame));
	t.regex(frame, /Concerns\n +Signal +G3-002/);
	await app.press(KEYS.escape, 'm', 'd');
	frame = app.frame();
	t.regex(frame, /Command matrix · fmt_check/);
	t.regex(frame, /Command +cargo fmt --all --check/);
	t.regex(frame, /Log +evidence\/command-logs\/fmt_check\.log/);
	// On a signal's Commands list, d describes the highlighted command.
	await app.press(KEYS.escape, ':', 'G3-002', KEYS.enter, KEYS.tab, 'j', 'd');
	frame = app.frame();
	t.regex(frame, /Command · g3_timer_unit/);
	t.regex(frame, /Exit +1/);
	t.regex(frame, /Signal +G3-002/);
});

test.serial('the detail pane follows a reload: the same row, its new state', async (t) => {
	const model = sampleModel();
	const app = await renderApp(model, { viewport: { columns: 80, rows: 24 } });
	t.teardown(() => app.close());
	await app.press('G', 'd');
	t.regex(app.frame(), /Detail gate 3/);
	const changed = structuredClone(model);
	changed.gates.find((gate) => gate.id === 3)!.statusReason = 'Timer ingress closed on Friday.';
	app.controller.dispatch({ type: 'modelReloaded', model: changed, summary: 'reloaded: gate 3 status reason edited' });
	await app.settled();
	t.regex(app.frame(), /Reason +Timer ingress closed on Friday\./);
	t.deepEqual(app.controller.getState().pane, { kind: 'detail', subject: { kind: 'gate', gateId: 3 }, offset: 0 });
});

test.serial('what changed since the sign-off comes from real git: a path with a space and one with non-ASCII letters, counted', async (t) => {
	const repo = auditRepo(t);
	writeText(repo.root, 'scripts/publish sbom.sh', 'one\ntwo\nthree\n');
	writeText(repo.root, 'scripts/sbom-ünï.sh', 'alpha\nbeta\n');
	// Gate 1 rests on its own evidence (the tracker's list may hold a space) and its signals' code paths.
	editJson<{ gates: Array<{ id: number; evidence: string[] }> }>(repo.root, LUMEN_TRACKER, (tracker) => {
		tracker.gates.find((gate) => gate.id === 1)?.evidence.push('scripts/publish sbom.sh');
	});
	replaceText(repo.root, LUMEN_LEDGER, '`scripts/publish-sbom.sh`', '`scripts/sbom-ünï.sh`');
	commitAll(repo.root, 'evidence with a space, a code path with non-ASCII letters');
	await recordSignoff({ model: await repo.load(), subject: gateKey(1), status: 'PARTIAL', note: 'half of it', allowDirty: false });
	// After the sign-off: two lines added to one file, one line changed in the other (not committed).
	writeText(repo.root, 'scripts/publish sbom.sh', 'one\ntwo\nthree\nfour\nfive\n');
	writeText(repo.root, 'scripts/sbom-ünï.sh', 'alpha\nBETA\n');
	const app = await renderApp(await repo.load(), { load: repo.load, viewport: { columns: 80, rows: 24 }, features: [detailDiffFeature()] });
	t.teardown(() => app.close());
	await app.press('j', 'd', 'G');
	const frame = await app.waitFor((text) => /files? changed/.test(text));
	t.regex(frame, /^Detail gate 1/m);
	t.regex(frame, /Changed since [0-9a-f]{7} \(code paths and evidence, to the work tree\)/);
	t.regex(frame, /\+2 -0 +scripts\/publish sbom\.sh\n/);
	t.regex(frame, /\+1 -1 +scripts\/sbom-ünï\.sh\n/);
	t.regex(frame, /2 files changed, 3 insertions\(\+\), 1 deletion\(-\)/);
});

test.serial('an older git diff answering after a newer one is not shown: only the latest request counts', async (t) => {
	const pending: Array<(files: DiffStatFile[]) => void> = [];
	const read = (): Promise<DiffStatFile[]> => new Promise((resolve) => pending.push(resolve));
	const model = signedModel();
	const app = await renderApp(model, { viewport: { columns: 80, rows: 40 }, features: [detailDiffFeature(read)] });
	t.teardown(() => app.close());
	await app.press(KEYS.enter, 'd', 'G');
	// A reload while the first read is still going asks again, for the same files.
	app.controller.dispatch({ type: 'modelReloaded', model: structuredClone(model), summary: 'reloaded: no visible changes' });
	await app.settled();
	t.is(pending.length, 2);
	pending[1]?.([{ path: 'crates/arco-flow/src/timer.rs', added: 7, deleted: 0 }]);
	await app.waitFor((text) => text.includes('+7 -0'));
	pending[0]?.([{ path: 'crates/arco-flow/src/timer.rs', added: 1, deleted: 1 }]);
	await nextTurn();
	await app.settled();
	t.regex(app.frame(), /\+7 -0 +crates\/arco-flow\/src\/timer\.rs/);
	t.notRegex(app.frame(), /\+1 -1/);
});

test.serial('titles are wrapped like fields, never cut; help and the detail pane stay inside their content after a resize', async (t) => {
	const longName = `nightly_integration_suite_${'with_a_very_long_suffix_'.repeat(3)}end`;
	const model = buildModel({
		gates: [{ id: 7, name: `A gate whose name goes on ${'and on '.repeat(12)}until it ends`, signals: [{ id: 'G7-001' }] }],
		matrix: [{ name: longName, command: `bash -c ${'"run the whole thing once more" '.repeat(4).trim()}` }],
	});
	const app = await renderApp(model, { viewport: { columns: 60, rows: 16 } });
	t.teardown(() => app.close());
	await app.press('d');
	let frame = app.frame();
	for (const line of lines(frame)) t.false(line.endsWith('…'), line);
	t.true(unwrapped(frame).replace(/ +/g, ' ').includes(`until it ends`), frame);
	await app.press(KEYS.escape, 'm', 'd');
	frame = app.frame();
	for (const line of lines(frame)) t.false(line.endsWith('…'), line);
	t.true(lines(frame).some((line) => line.startsWith('Command matrix ·')));
	t.true(frame.replace(/\n/g, '').includes(longName), frame);
	// Scrolled to the end, then the terminal grows: the pane does not stay scrolled past what there is.
	await app.press('G');
	const scrolled = app.controller.getState().pane;
	t.true(scrolled?.kind === 'detail' && scrolled.offset > 0);
	app.controller.resize({ columns: 120, rows: 50 });
	await app.settled();
	const grown = app.controller.getState().pane;
	t.deepEqual(grown?.kind === 'detail' ? grown.offset : null, 0);
	await app.press(KEYS.escape, '?', 'G');
	app.controller.resize({ columns: 120, rows: 60 });
	await app.settled();
	const help = app.controller.getState().dialog;
	t.deepEqual(help?.kind === 'help' ? help.offset : null, 0);
});
