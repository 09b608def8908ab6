/** The 7-character form people read and type; `missing` stands in where there is no commit. */
export function shortSha(sha: string | null, missing = 'none'): string {
	return sha ? sha.slice(0, 7) : missing;
}
