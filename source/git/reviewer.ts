import { UserError } from '../errors.js';
import { readConfigValue } from './repository.js';

export interface Reviewer {
	name: string;
	email: string;
}

/** The reviewer is who git says commits here: `user.name` and `user.email`. */
export async function readReviewer(root: string): Promise<Reviewer> {
	const [name, email] = await Promise.all([readConfigValue(root, 'user.name'), readConfigValue(root, 'user.email')]);
	if (!name || !email) {
		throw new UserError('who is signing? set git config user.name and user.email (the sign-off records them)');
	}
	return { name, email };
}
