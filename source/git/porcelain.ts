/**
 * `git status --porcelain=v2 --branch -z`: one answer holds HEAD and every uncommitted change, so a
 * `status` needs no separate `rev-parse HEAD`. Paths are repository-relative in porcelain output
 * whatever folder git ran in.
 */
export interface PorcelainStatus {
	/** Full HEAD sha; null before the first commit. */
	head: string | null;
	/** Staged, unstaged, unmerged and untracked paths (a rename gives both its paths), in git's order. */
	changedPaths: string[];
}

const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

// Space-separated fields before the path in each record kind (`1 XY sub mH mI mW hH hI path`, ...).
const FIELDS_BEFORE_PATH: Record<string, number> = { '1': 8, '2': 9, u: 10, '?': 1 };

export function parsePorcelainV2(output: string): PorcelainStatus {
	const status: PorcelainStatus = { head: null, changedPaths: [] };
	const records = output.split('\0');
	for (let index = 0; index < records.length; index += 1) {
		const record = records[index] ?? '';
		if (record.startsWith('# branch.oid ')) {
			const oid = record.slice('# branch.oid '.length);
			status.head = SHA.test(oid) ? oid : null;
			continue;
		}
		const fields = FIELDS_BEFORE_PATH[record[0] ?? ''];
		if (fields === undefined) continue;
		const path = pathAfterFields(record, fields);
		if (path !== '') status.changedPaths.push(path);
		// With -z a rename or copy record is followed by its source path as a record of its own.
		if (record[0] === '2') {
			const source = records[index + 1] ?? '';
			if (source !== '') status.changedPaths.push(source);
			index += 1;
		}
	}
	return status;
}

// Paths may hold spaces: the path is everything after the fixed fields.
function pathAfterFields(record: string, fields: number): string {
	let position = 0;
	for (let field = 0; field < fields; field += 1) {
		const space = record.indexOf(' ', position);
		if (space === -1) return '';
		position = space + 1;
	}
	return record.slice(position);
}
