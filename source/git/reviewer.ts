import { simpleGit } from 'simple-git';
import { UserError } from '../errors.js';

export interface Reviewer {
	name: string;
	email: string;
}

/** The reviewer is who git says commits here: `user.name` and `user.email`. */
export async function readReviewer(root: string): Promise<Reviewer> {
	const git = simpleGit({ baseDir: root, trimmed: true });
	const [name, email] = await Promise.all([git.getConfig('user.name'), git.getConfig('user.email')]);
	if (!name.value || !email.value) {
		throw new UserError('who is signing? set git config user.name and user.email (the sign-off records them)');
	}
	return { name: name.value, email: email.value };
}
