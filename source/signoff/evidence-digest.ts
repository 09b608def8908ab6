import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SignoffEvidence } from '../model/signoff-record.js';
import type { PathRef } from '../model/types.js';

/** A folder named as evidence is digested file by file, up to this many files. */
const MAX_FILES_PER_FOLDER = 500;

export function sha256File(absolutePath: string): string {
	return createHash('sha256').update(fs.readFileSync(absolutePath)).digest('hex');
}

function filesUnder(root: string, relative: string, out: string[]): void {
	for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
		if (out.length >= MAX_FILES_PER_FOLDER) return;
		const child = `${relative}/${entry.name}`;
		// Symlinks are not followed: they could lead outside the repository.
		if (entry.isDirectory()) filesUnder(root, child, out);
		else if (entry.isFile()) out.push(child);
	}
}

/** The files a sign-off rests on, repository-relative, validated, existing, deduplicated and sorted. */
export function evidenceFiles(root: string, refs: PathRef[]): string[] {
	const files = new Set<string>();
	for (const ref of refs) {
		if (ref.path === null || ref.problem !== null || !ref.exists) continue;
		if (ref.isDirectory) {
			const found: string[] = [];
			filesUnder(root, ref.path, found);
			for (const file of found) files.add(file);
		} else {
			files.add(ref.path);
		}
	}
	return [...files].sort();
}

export function digestEvidence(root: string, files: string[]): SignoffEvidence[] {
	return files.map((file) => ({ path: file, sha256: sha256File(path.join(root, file)) }));
}
