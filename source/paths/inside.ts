import path from 'node:path';

/**
 * Whether an absolute path lies inside a directory (both already resolved as the caller needs: real
 * paths for containment checks). `allowSame` counts the directory itself as inside.
 */
export function isInsideDirectory(directory: string, candidate: string, options: { allowSame?: boolean } = {}): boolean {
	const relative = path.relative(directory, candidate);
	if (relative === '') return options.allowSame === true;
	return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/** Whether a repository-relative path (forward slashes) is `folder` or lies under it; `.` holds everything, `` nothing. */
export function isUnderFolder(file: string, folder: string): boolean {
	const prefix = folder.replace(/\/+$/, '');
	if (prefix === '') return false;
	return prefix === '.' || file === prefix || file.startsWith(`${prefix}/`);
}
