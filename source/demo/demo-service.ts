/**
 * The fictional service under review, "Lumen Ingest": the files of the demo's first commit (the audit's
 * baseline). The ledger points at these paths and the recorded commands read them, so their text is
 * shared with demo-commands.ts rather than repeated there.
 */
import { type DemoFile, lines } from './demo-file.js';

// 14 days while the data policy asks for 30: the matrix's failing check is a real disagreement in the repo.
export const RETENTION_YAML = lines(
	'# Event retention for the ingest store; the data policy (DP-7) sets the window.',
	'store: lumen-events',
	'retention_days: 14',
	'compaction_interval_minutes: 30',
);

export const INGEST_YAML = lines(
	'# Runtime limits for lumen-ingest; budgets are enforced by the admission controller.',
	'max_batch_bytes: 1048576',
	'queue_high_water_mark: 10000',
	'p99_budget_ms: 250',
	'shed_policy: oldest-first',
);

export const EVENT_SCHEMA_YAML = lines(
	'# Wire schema of one ingest event. Bump version on any field change.',
	'version: 3',
	'fields:',
	'  - name: tenant',
	'    type: string',
	'  - name: sequence',
	'    type: uint64',
	'  - name: body',
	'    type: bytes',
);

const QUEUE_TS = lines(
	'// Per-tenant FIFO. A redelivered event keeps its first sequence number, so replays cannot reorder a tenant.',
	'export interface IngestEvent {',
	'\ttenant: string;',
	'\tsequence: number;',
	'\tbody: Uint8Array;',
	'}',
	'',
	"export type Admission = 'accepted' | 'duplicate' | 'shed';",
	'',
	'export class TenantQueue {',
	'\tprivate readonly lanes = new Map<string, IngestEvent[]>();',
	'\tprivate readonly lastSequence = new Map<string, number>();',
	'',
	'\tconstructor(private readonly highWaterMark: number) {}',
	'',
	'\tenqueue(event: IngestEvent): Admission {',
	'\t\tconst last = this.lastSequence.get(event.tenant) ?? -1;',
	"\t\tif (event.sequence <= last) return 'duplicate';",
	"\t\tif (this.size() >= this.highWaterMark) return 'shed';",
	'\t\tconst lane = this.lanes.get(event.tenant) ?? [];',
	'\t\tlane.push(event);',
	'\t\tthis.lanes.set(event.tenant, lane);',
	'\t\tthis.lastSequence.set(event.tenant, event.sequence);',
	"\t\treturn 'accepted';",
	'\t}',
	'',
	'\tsize(): number {',
	'\t\tlet total = 0;',
	'\t\tfor (const lane of this.lanes.values()) total += lane.length;',
	'\t\treturn total;',
	'\t}',
	'}',
);

const DEDUPE_TS = lines(
	'// Dedupe window keyed by tenant and sequence; sized to cover the longest redelivery delay seen in staging.',
	'export const DEDUPE_WINDOW_SECONDS = 900;',
	'',
	'export function dedupeKey(tenant: string, sequence: number): string {',
	'\treturn tenant + "/" + String(sequence);',
	'}',
);

const COMPACTION_TS = lines(
	'// Compaction writes a new segment, then swaps the manifest; a crash between the two leaves the old manifest valid.',
	'export interface Segment {',
	'\tid: string;',
	'\tfirstSequence: number;',
	'\tlastSequence: number;',
	'}',
	'',
	'export function compact(segments: Segment[]): Segment {',
	"\tif (segments.length === 0) throw new Error('nothing to compact');",
	'\tconst first = segments[0]!;',
	'\tconst last = segments[segments.length - 1]!;',
	"\treturn { id: first.id + '..' + last.id, firstSequence: first.firstSequence, lastSequence: last.lastSequence };",
	'}',
);

const ROLLBACK_RUNBOOK = lines(
	'# Rollback: lumen-ingest',
	'',
	'1. Freeze the canary: set the traffic split for `lumen-ingest` to 0% on the new revision.',
	'2. Drain the queue: wait until `queue_depth` is below 100 on every instance.',
	'3. Promote the previous revision to 100% and confirm `ingest_accept_ratio` recovers within 5 minutes.',
	'4. Record the drill (start, end, who, result) in the release evidence folder.',
);

const BACKPRESSURE_RUNBOOK = lines(
	'# Queue backpressure',
	'',
	'When `queue_depth` passes `queue_high_water_mark` (config/ingest.yaml), lumen-ingest sheds the oldest events',
	'and answers 429 to producers. Expect the `ingest_shed_total` alert within one minute.',
	'',
	'- Check producer retry rates before raising the high-water mark.',
	'- Never raise it above 50000: the dedupe window no longer covers redelivery beyond that depth.',
);

const HANDOFF_RUNBOOK = lines(
	'# On-call handoff',
	'',
	'The operations rota takes over lumen-ingest once the checklist below is signed by its lead.',
	'',
	'- [ ] Dashboards: ingest latency, queue depth, shed rate',
	'- [ ] Alerts routed to the ops rota pager',
	'- [ ] Rollback drill done by an ops engineer (see rollback.md)',
);

const RELEASE_PROCESS = lines(
	'# Release process',
	'',
	'Release candidates are tagged `vX.Y.Z-rc.N`, signed with the release key, and verified in CI before publish.',
	'Release notes are drafted from merged changes and reviewed by product before the final tag.',
);

const RELEASE_WORKFLOW = lines(
	'# CI release job: verifies the signed tag before anything is published.',
	'name: release',
	'on:',
	'  push:',
	"    tags: ['v*']",
	'jobs:',
	'  publish:',
	'    runs-on: ubuntu-latest',
	'    steps:',
	'      - uses: actions/checkout@v4',
	'      - run: git tag -v "$GITHUB_REF_NAME"',
	'      - run: sh scripts/build-sbom.sh',
);

const BUILD_SBOM = lines(
	'#!/bin/sh',
	'# Writes an SBOM next to each release artifact. The container image is not covered yet (G1-002).',
	'set -eu',
	'for artifact in dist/lumen-ingest.tar.gz dist/lumen-ingest-cli.tar.gz; do',
	'\techo "sbom: $artifact.spdx.json"',
	'done',
);

const README = lines(
	'# Lumen Ingest',
	'',
	'Event ingestion for the Lumen analytics platform: per-tenant ordered queues, a dedupe window and a',
	'compacting event store.',
	'',
	'This repository was generated by `arco-review --demo`. Everything in it is fictional.',
);

export function demoServiceFiles(): DemoFile[] {
	return [
		{ path: 'README.md', content: README },
		{ path: 'src/ingest/queue.ts', content: QUEUE_TS },
		{ path: 'src/ingest/dedupe.ts', content: DEDUPE_TS },
		{ path: 'src/storage/compaction.ts', content: COMPACTION_TS },
		{ path: 'config/retention.yaml', content: RETENTION_YAML },
		{ path: 'config/ingest.yaml', content: INGEST_YAML },
		{ path: 'schemas/ingest-event.yaml', content: EVENT_SCHEMA_YAML },
		{ path: 'docs/runbooks/rollback.md', content: ROLLBACK_RUNBOOK },
		{ path: 'docs/runbooks/queue-backpressure.md', content: BACKPRESSURE_RUNBOOK },
		{ path: 'docs/runbooks/on-call-handoff.md', content: HANDOFF_RUNBOOK },
		{ path: 'docs/release-process.md', content: RELEASE_PROCESS },
		{ path: 'ci/release.yml', content: RELEASE_WORKFLOW },
		{ path: 'scripts/build-sbom.sh', content: BUILD_SBOM, executable: true },
	];
}
