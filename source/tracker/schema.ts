import { z } from 'zod';

export const SUPPORTED_SCHEMA_VERSION = '1.0';

// Loose objects: fields this program does not know are kept, so nothing is lost on a rewrite.
const signoffSchema = z.looseObject({
	status: z.string(),
	reviewer: z.looseObject({ name: z.string(), email: z.string() }),
	signed_at: z.string(),
	head: z.string(),
	dirty: z.boolean(),
	note: z.string(),
	evidence: z.array(z.looseObject({ path: z.string(), sha256: z.string() })),
});

const gateSchema = z.looseObject({
	id: z.number().int().nonnegative(),
	name: z.string(),
	status: z.string().min(1),
	status_reason: z.string().optional(),
	required_signal_ids: z.array(z.string()),
	evidence: z.array(z.string()).optional(),
	signoff: signoffSchema.optional(),
});

const signalSchema = z.looseObject({
	id: z.string().min(1),
	owner: z.string().optional(),
	status: z.string().min(1),
	signoff: signoffSchema.optional(),
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
export type TrackerSignoff = z.infer<typeof signoffSchema>;
