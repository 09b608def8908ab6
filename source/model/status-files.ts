import fs from 'node:fs';
import path from 'node:path';
import { compareText } from '../format/compare-text.js';
import type { RepoPaths } from '../paths/repo-paths.js';
import { readStatusFile } from '../tsv/read-status-file.js';
import type { StatusFile } from './types.js';

/**
 * Every command-status TSV under the evidence root, read with the logs beside it: a row's log is the
 * `<name>.log` in the first `command-logs*` folder next to the file, else a log whose own first lines name
 * the command. Each log folder is listed once and indexed once, however many rows look in it.
 */
export function readStatusFiles(paths: RepoPaths, evidenceRoot: string): StatusFile[] {
	const files: StatusFile[] = [];
	for (const tsv of listTsvFiles(paths, evidenceRoot)) {
		const directory = path.posix.dirname(tsv);
		const logFolders = paths
			.list(directory)
			.filter((entry) => entry.isDirectory() && entry.name.startsWith('command-logs'))
			.map((entry) => `${directory}/${entry.name}`)
			.sort();
		const text = fs.readFileSync(paths.absolute(tsv), 'utf8');
		let byName: Map<string, string> | null = null;
		const logByName = (name: string): string | null => {
			byName ??= indexLogsByName(paths, logFolders);
			return byName.get(name) ?? null;
		};
		let byCommand: Map<string, string> | null = null;
		const logByHeader = (command: string): string | null => {
			byCommand ??= indexLogsByCommand(paths, logFolders);
			return byCommand.get(command) ?? null;
		};
		files.push(readStatusFile(tsv, text, { paths, evidenceRoot, logFolders, logByName, logByHeader }));
	}
	return files;
}

const LOG_SUFFIX = '.log';

/**
 * `<name>` -> the log `<folder>/<name>.log` that is a file inside the repository, from the first folder
 * that has one. Names in a listed folder are judged by the listing (a symlink is resolved), so the
 * thousands of rows of a large matrix cost one pass over the listing, not a path check each.
 */
function indexLogsByName(paths: RepoPaths, folders: string[]): Map<string, string> {
	const index = new Map<string, string>();
	for (const folder of folders) {
		// A name that is no symlink is inside exactly when its folder is: the folder is checked once.
		if (paths.ref(folder).problem !== null) continue;
		const listing = paths.list(folder);
		for (let position = 0; position < listing.length; position += 1) {
			const dirent = listing[position] as fs.Dirent;
			const fileName = dirent.name;
			if (!fileName.endsWith(LOG_SUFFIX) || fileName.length === LOG_SUFFIX.length || dirent.isDirectory()) continue;
			const name = fileName.slice(0, -LOG_SUFFIX.length);
			if (index.has(name)) continue;
			// A backslash reads as a folder separator in written paths: such a name takes the full check.
			if (!dirent.isSymbolicLink() && !fileName.includes('\\')) {
				index.set(name, `${folder}/${fileName}`);
				continue;
			}
			const ref = paths.child(folder, fileName);
			if (ref.path !== null && ref.exists && !ref.isDirectory) index.set(name, ref.path);
		}
	}
	return index;
}

const LOG_COMMAND_HEADER = /^(?:# command: |\[CMD\] )(.*)$/m;
const LOG_HEAD_BYTES = 4096;
// A log a rerun moved aside (`name.20260215T182401Z.log`) is history, never the current log of a command.
const KEPT_PREVIOUS_LOG = /\.\d{8}T\d{6}Z(-\d+)?\.log$/;

// Some scripts named logs after something other than the step; their first lines still say the command.
function indexLogsByCommand(paths: RepoPaths, folders: string[]): Map<string, string> {
	const index = new Map<string, string>();
	const buffer = Buffer.alloc(LOG_HEAD_BYTES);
	for (const folder of folders) {
		for (const entry of [...paths.list(folder)].sort((a, b) => compareText(a.name, b.name))) {
			if (!entry.isFile() || !entry.name.endsWith('.log') || KEPT_PREVIOUS_LOG.test(entry.name)) continue;
			const relative = `${folder}/${entry.name}`;
			const descriptor = fs.openSync(paths.absolute(relative), 'r');
			try {
				const length = fs.readSync(descriptor, buffer, 0, LOG_HEAD_BYTES, 0);
				const command = LOG_COMMAND_HEADER.exec(buffer.toString('utf8', 0, length))?.[1]?.trim();
				if (command && !index.has(command)) index.set(command, relative);
			} finally {
				fs.closeSync(descriptor);
			}
		}
	}
	return index;
}

// Symlinked folders are not followed: they could lead outside the repository. Only folders and TSVs are
// sorted: a folder of thousands of logs costs its listing, not a sort.
function listTsvFiles(paths: RepoPaths, directory: string): string[] {
	const found: string[] = [];
	const wanted = paths.list(directory).filter((entry) => entry.isDirectory() || (entry.isFile() && entry.name.toLowerCase().endsWith('.tsv')));
	for (const entry of wanted.sort((a, b) => compareText(a.name, b.name))) {
		const relative = `${directory}/${entry.name}`;
		if (entry.isDirectory()) found.push(...listTsvFiles(paths, relative));
		else found.push(relative);
	}
	return found;
}
