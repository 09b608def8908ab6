import fs from 'node:fs';
import path from 'node:path';
import type { ExecutionContext } from 'ava';
import { loadAudit } from '../../../source/model/load-audit.js';
import type { AuditModel } from '../../../source/model/types.js';
import { commitAll, copyFixture, git, LUMEN_EVIDENCE, LUMEN_TRACKER, readText, replaceText } from '../../helpers/fixture-repo.js';

/** The tracker's command matrix status file in the lumen fixture: `command exit_code start_utc end_utc cmd`. */
export const MATRIX_TSV = `${LUMEN_EVIDENCE}/phase-1/command-matrix-status.tsv`;

export interface AuditRepo {
	root: string;
	head: string;
	load: () => Promise<AuditModel>;
}

export interface AuditRepoOptions {
	/** Matrix rows to add: name -> [recorded exit code, shell command]. */
	matrixRows?: Record<string, [number, string]>;
	/** Record the fixture's failing `cargo test` as passed, so `R` reruns only the rows added here. */
	passFixtureFailures?: boolean;
}

/**
 * A lumen-audit copy in a temp git repository with a reviewer configured (sign-offs need one), extra
 * matrix rows whose commands are quick shell snippets, everything committed so the tree is clean.
 */
export function auditRepo(t: ExecutionContext, options: AuditRepoOptions = {}): AuditRepo {
	const repo = copyFixture('lumen-audit', { t });
	git(repo.root, ['config', 'user.name', 'Ada Reviewer']);
	git(repo.root, ['config', 'user.email', 'ada@example.invalid']);
	if (options.passFixtureFailures) replaceText(repo.root, MATRIX_TSV, /^test_lumen\t101\t/m, 'test_lumen\t0\t');
	const rows = Object.entries(options.matrixRows ?? {}).map(([name, [exitCode, command]]) =>
		[name, String(exitCode), '2026-03-03T08:03:00Z', '2026-03-03T08:03:01Z', command].join('\t'),
	);
	if (rows.length > 0) {
		const file = path.join(repo.root, MATRIX_TSV);
		const text = readText(repo.root, MATRIX_TSV);
		fs.writeFileSync(file, `${text.endsWith('\n') ? text : `${text}\n`}${rows.join('\n')}\n`);
	}
	const head = commitAll(repo.root, 'fixture with extra rows');
	return { root: repo.root, head, load: () => loadAudit({ cwd: repo.root, env: {} }) };
}

/** The cells of a matrix row by its name (the file is rewritten in place: one row per name). */
export function matrixRow(root: string, name: string): { exitCode: string; start: string; end: string; command: string } {
	const row = readText(root, MATRIX_TSV)
		.split('\n')
		.map((line) => line.split('\t'))
		.find((cells) => cells[0] === name);
	if (!row) throw new Error(`no row ${name} in ${MATRIX_TSV}`);
	return { exitCode: row[1] ?? '', start: row[2] ?? '', end: row[3] ?? '', command: row[4] ?? '' };
}

export function readTracker(root: string): {
	gates: Array<{ id: number; status: string; signoff?: Record<string, unknown> }>;
	signals: Array<{ id: string; status: string; signoff?: Record<string, unknown> }>;
} {
	return JSON.parse(readText(root, LUMEN_TRACKER));
}
