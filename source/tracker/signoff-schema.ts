// Not `import { z }`: that bundles all of zod (see tracker/schema.ts).
import * as z from 'zod';

/** A sign-off on a gate or signal. Loose: fields this program does not know are kept on every rewrite. */
export const signoffSchema = z.looseObject({
	status: z.string(),
	reviewer: z.looseObject({ name: z.string(), email: z.string() }),
	signed_at: z.string(),
	head: z.string(),
	dirty: z.boolean(),
	note: z.string(),
	evidence: z.array(z.looseObject({ path: z.string(), sha256: z.string() })),
	blocked: z
		.looseObject({ owner: z.string().optional(), ticket: z.string().optional(), until: z.string().optional(), reason: z.string().optional() })
		.optional(),
	signature: z.looseObject({ format: z.literal('ssh'), namespace: z.string(), fingerprint: z.string(), value: z.string() }).optional(),
	history_sha256: z.string().optional(),
});

export type TrackerSignoff = z.infer<typeof signoffSchema>;
