import * as z from 'zod';
import { isoDateTime, ulidSchema, usernameSchema } from '#shared/core/schema-primitives';

/**
 * A merge of two customers (issue 16, part 5): `POST /v1/customers/{survivorId}/merge` moves everything under the
 * merged customer to the survivor (functions/customers/merge/run-merge-step.use-case.ts).
 */

/** Customer fields whose value the survivor may take from the merged customer (`keep: { field: 'merged' }`). */
export const KEEPABLE_FIELDS = [
  'name', 'level', 'type', 'kind', 'region', 'industry', 'source', 'credit', 'satisfaction', 'address', 'zip', 'phone', 'fax',
  'website', 'licenceNo', 'legalRepresentative', 'registeredCapital', 'annualRevenue', 'bank', 'bankAccount', 'localTaxNo',
  'nationalTaxNo', 'email', 'country', 'province', 'city', 'district', 'employeeCount', 'memo', 'paymentTermsDays', 'gender',
  'birthday', 'tags',
] as const;

/** `custom.<key>`: one custom-field value (shared/custom-fields/custom-field.ts, CUSTOM_FIELD_KEY). */
const CUSTOM_KEEP = /^custom\.[a-z][a-zA-Z0-9_]{0,39}$/;

const keepField = z
  .string()
  .refine((field) => (KEEPABLE_FIELDS as readonly string[]).includes(field) || CUSTOM_KEEP.test(field), {
    message: `A customer field (${KEEPABLE_FIELDS.join(', ')}) or custom.<key>.`,
  });

export const MERGE_SIDES = ['survivor', 'merged'] as const;

export const mergeCustomersBody = z.strictObject({
  mergedId: ulidSchema.describe('The customer merged into the survivor: it answers 404 with `mergedInto` afterwards.'),
  mergedVersion: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe("The merged customer's version as the caller read it (its ETag): stale → 412. Absent: the version read."),
  keep: z
    .record(keepField, z.enum(MERGE_SIDES))
    .refine((keep) => Object.keys(keep).length <= 60, 'At most 60 fields.')
    .default({})
    .describe("Per field, whose value the survivor keeps; fields not named keep the survivor's."),
});
export type MergeCustomersInput = z.infer<typeof mergeCustomersBody>;

export const mergeIdParams = z.strictObject({ mergeId: ulidSchema });

/** running → completed | failed; completed → reverting → reverted (POST /v1/customers/merges/{id}/revert). */
export const MERGE_STATUSES = ['running', 'completed', 'failed', 'reverting', 'reverted'] as const;
export type MergeStatus = (typeof MERGE_STATUSES)[number];
/** The merge's phases, then its revert's: `revert-customer` → `revert-items` → `revert-finish` → `reverted`. */
export const MERGE_PHASES = ['keep', 'records', 'tasks', 'attachments', 'opportunities', 'quotes', 'portalUsers', 'finish', 'done', 'revert-customer', 'revert-items', 'revert-finish', 'reverted'] as const;
export type MergePhase = (typeof MERGE_PHASES)[number];

/** What a merge moved, by kind (the record's progress). */
export const MOVED_KINDS = ['contacts', 'activities', 'followUps', 'orders', 'services', 'lostCustomer', 'tasks', 'attachments', 'opportunities', 'quotes', 'portalUsers', 'other'] as const;
export type MovedKind = (typeof MOVED_KINDS)[number];

/** A moved item a revert left with the survivor, and why (the merge record keeps the first 100). */
export const revertRefusalSchema = z.strictObject({
  kind: z.enum(MOVED_KINDS),
  key: z.string().describe("The item's sort key under the survivor (or its own partition key: a task, an attachment, an opportunity)."),
  ref: z.string().optional().describe('The order / service / task / attachment / opportunity id.'),
  reason: z.string(),
});
export type RevertRefusal = z.infer<typeof revertRefusalSchema>;

const movedCounts = z.partialRecord(z.enum(MOVED_KINDS), z.number().int());

export const mergeSchema = z.strictObject({
  id: ulidSchema,
  survivorId: ulidSchema,
  mergedId: ulidSchema,
  keep: z.record(z.string(), z.enum(MERGE_SIDES)),
  status: z.enum(MERGE_STATUSES),
  phase: z.enum(MERGE_PHASES),
  moved: movedCounts.describe('Items moved so far, by kind (progress; a merge recorded before a kind existed lacks it).'),
  reverted: movedCounts.optional().describe("A revert's progress: items moved back to the merged customer, by kind."),
  revertRefused: z.number().int().optional().describe('Moved items the revert left with the survivor (changed since the merge, or not movable back).'),
  revertRefusals: z.array(revertRefusalSchema).optional().describe('The first 100 of them, with the reason.'),
  warnings: z.array(z.string()).describe('What the merge could not do, e.g. the survivor changed before its kept fields were applied.'),
  failure: z.string().optional(),
  revertibleUntil: isoDateTime,
  completedAt: isoDateTime.optional(),
  revertedAt: isoDateTime.optional(),
  revertedBy: usernameSchema.optional(),
  stalled: z
    .boolean()
    .optional()
    .describe('`true` when the merge (or its revert) has made no progress for 10 minutes: its job stopped. `POST /v1/customers/merges/{id}/resume` hands it back.'),
  resumedAt: isoDateTime.optional(),
  resumedBy: usernameSchema.optional(),
  version: z.number().int(),
  createdAt: isoDateTime,
  createdBy: usernameSchema,
  updatedAt: isoDateTime,
});
export type CustomerMerge = z.infer<typeof mergeSchema>;
