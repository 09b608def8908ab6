import path from 'node:path';
import type { AuditModel } from './types.js';

/** Absolute paths of every file the model was read from that a second reviewer may change on disk. */
export function watchedFiles(model: AuditModel): string[] {
	const relative = [
		model.trackerPath,
		...(model.ledgerPath ? [model.ledgerPath] : []),
		// Its gate snapshot table is checked on every load: an edit there changes the findings.
		...(model.summaryPath ? [model.summaryPath] : []),
		...model.statusFiles.map((file) => file.path),
	];
	return relative.map((file) => path.join(model.root, file));
}
