// A namespace import of zod's entry, used only as `z.name`, lets the bundler keep just those parts; `import { z }`
// brought all of zod (every locale, ~440 KB) into what every command parses at start-up.
import * as z from 'zod';
import { signoffSchema } from './signoff-schema.js';

export const SUPPORTED_SCHEMA_VERSION = '1.0';

// Loose objects: fields this program does not know are kept, so nothing is lost on a rewrite.
/** Who holds a BLOCKED-EXTERNAL subject up, where it is tracked, and until when the block is accepted. */
const blockedSchema = z.looseObject({
	owner: z.string().optional(),
	ticket: z.string().optional(),
	/** `YYYY-MM-DD`, UTC. */
	until: z.string().optional(),
	reason: z.string().optional(),
});

const gateSchema = z.looseObject({
	id: z.number().int().nonnegative(),
	name: z.string(),
	status: z.string().min(1),
	status_reason: z.string().optional(),
	required_signal_ids: z.array(z.string()),
	evidence: z.array(z.string()).optional(),
	signoff: signoffSchema.optional(),
	blocked: blockedSchema.optional(),
});

const signalSchema = z.looseObject({
	id: z.string().min(1),
	owner: z.string().optional(),
	status: z.string().min(1),
	signoff: signoffSchema.optional(),
	blocked: blockedSchema.optional(),
});

const commandMatrixSchema = z.looseObject({
	status_file: z.string(),
	all_pass: z.boolean(),
	required_commands: z.array(z.string()),
});

export const trackerSchema = z.looseObject({
	schema_version: z.literal(SUPPORTED_SCHEMA_VERSION),
	audit_date: z.string(),
	generated_at_utc: z.string().optional(),
	baseline_commit: z.string(),
	definition_of_done: z.string(),
	evidence_root: z.string(),
	command_matrix: commandMatrixSchema,
	gates: z.array(gateSchema),
	signals: z.array(signalSchema),
});

export type Tracker = z.infer<typeof trackerSchema>;
export type TrackerGate = z.infer<typeof gateSchema>;
export type TrackerSignal = z.infer<typeof signalSchema>;
export type TrackerBlocked = z.infer<typeof blockedSchema>;
