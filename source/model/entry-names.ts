import type { StatusFile } from './types.js';

const STATUS_FILE_SUFFIX = /(^|[-_/])?(command-matrix-status|command-status|status)$/;

/**
 * Gives every command entry a name unique in the audit, the handle `rerun NAME` takes. The tracker's own
 * status file keeps the bare names (`fmt_check`); per-signal files are qualified by the signal
 * (`G5-005/rollback_runbook_presence`), others by where the file sits under the evidence root
 * (`phase-0/current-head/fmt_check`).
 */
export function assignEntryNames(statusFiles: StatusFile[], matrixStatusFile: string | null, evidenceRoot: string): void {
	const taken = new Set<string>();
	const ordered = [...statusFiles].sort((a, b) => Number(b.path === matrixStatusFile) - Number(a.path === matrixStatusFile));
	for (const file of ordered) {
		const qualifier = file.path === matrixStatusFile ? null : fileQualifier(file.path, evidenceRoot);
		for (const entry of file.entries) {
			const base = entry.name;
			const preferred = entry.signal ? `${entry.signal}/${base}` : qualifier ? `${qualifier}/${base}` : base;
			let name = preferred;
			for (let counter = 2; taken.has(name); counter += 1) name = `${preferred}~${counter}`;
			taken.add(name);
			entry.name = name;
		}
	}
}

function fileQualifier(filePath: string, evidenceRoot: string): string {
	const root = evidenceRoot.replace(/\/+$/, '');
	const relative = filePath.startsWith(`${root}/`) ? filePath.slice(root.length + 1) : filePath;
	const withoutExtension = relative.replace(/\.tsv$/i, '');
	const segments = withoutExtension
		.replace(STATUS_FILE_SUFFIX, '')
		.replace(/[-_/]+$/, '')
		.split('/');
	// `gate-4/cloud-run/cloud-run-command-status.tsv` reads better as `gate-4/cloud-run`.
	if (segments.length > 1 && segments[segments.length - 1] === segments[segments.length - 2]) segments.pop();
	const trimmed = segments.join('/');
	return trimmed === '' ? withoutExtension : trimmed;
}
