import { z } from 'zod';

/** A sign-off on a gate or signal. Loose: fields this program does not know are kept on every rewrite. */
export const signoffSchema = z.looseObject({
	status: z.string(),
	reviewer: z.looseObject({ name: z.string(), email: z.string() }),
	signed_at: z.string(),
	head: z.string(),
	dirty: z.boolean(),
	note: z.string(),
	evidence: z.array(z.looseObject({ path: z.string(), sha256: z.string() })),
});

export type TrackerSignoff = z.infer<typeof signoffSchema>;
