import path from 'node:path';
import { historyPathOf } from './audit-files.js';
import type { AuditModel } from './types.js';

/** Absolute paths of every file the model was read from that a second reviewer may change on disk. */
export function watchedFiles(model: AuditModel): string[] {
	const relative = [
		model.trackerPath,
		...(model.ledgerPath ? [model.ledgerPath] : []),
		// Its gate snapshot table is checked on every load: an edit there changes the findings.
		...(model.summaryPath ? [model.summaryPath] : []),
		...model.statusFiles.map((file) => file.path),
		// A sign-off writes its history line first; a line the tracker does not anchor yet is an interrupted sign-off.
		historyPathOf(model),
	];
	return relative.map((file) => path.join(model.root, file));
}
