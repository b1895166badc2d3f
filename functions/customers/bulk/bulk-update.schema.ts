import * as z from 'zod';
import { code, text, ulidSchema, usernameSchema } from '#shared/core/schema-primitives';

/** The most customers one synchronous bulk edit names (a larger selection runs as a job, by filter). */
export const BULK_UPDATE_MAX_IDS = 100;

const tagList = z
  .array(text(32))
  .min(1)
  .max(20, 'At most 20 tags.')
  .refine((tags) => new Set(tags).size === tags.length, 'Tags must be unique.');

/**
 * What a bulk edit changes on every customer it reaches (docs/api.md, "Bulk edit"): the dictionary-coded level,
 * region and industry (checked against the dictionary by the handler), tags added and removed (the others kept),
 * and the owner (a transfer: managers only). At least one.
 */
export const bulkChangesSchema = z
  .strictObject({
    level: code.optional(),
    region: code.optional(),
    industry: code.optional(),
    tags: z
      .strictObject({ add: tagList.optional(), remove: tagList.optional() })
      .refine((tags) => tags.add !== undefined || tags.remove !== undefined, 'Send tags to add or to remove.')
      .refine((tags) => !(tags.add ?? []).some((tag) => (tags.remove ?? []).includes(tag)), 'A tag cannot be both added and removed.')
      .optional(),
    ownerId: usernameSchema.optional(),
  })
  .refine((changes) => Object.values(changes).some((value) => value !== undefined), 'Send at least one change.');
export type BulkChanges = z.infer<typeof bulkChangesSchema>;

/** A customer of the selection: its id, or its id and the version read (then a mismatch answers 412 for it). */
const bulkItemRef = z.union([ulidSchema, z.strictObject({ id: ulidSchema, version: z.number().int().min(1).max(1_000_000_000) })]);
export type BulkItemRef = z.infer<typeof bulkItemRef>;

export const idOfRef = (ref: BulkItemRef): string => (typeof ref === 'string' ? ref : ref.id);

export const bulkUpdateBody = z
  .strictObject({
    ids: z.array(bulkItemRef).min(1).max(BULK_UPDATE_MAX_IDS, `At most ${BULK_UPDATE_MAX_IDS} customers; a larger selection by filter (POST /v1/customers/bulk-updates).`),
    changes: bulkChangesSchema,
  })
  .refine((body) => new Set(body.ids.map(idOfRef)).size === body.ids.length, { message: 'Each customer once.', path: ['ids'] });
export type BulkUpdateInput = z.infer<typeof bulkUpdateBody>;

/** A problem of one item (RFC 9457 members), as a whole request's would be. */
const itemProblem = z.strictObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  errors: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
  /** A customer merged into another the caller may see: the survivor's id (as `GET /v1/customers/{id}` names it). */
  mergedInto: z.string().optional(),
});

/**
 * One customer's answer: 200 changed (or already as asked: nothing written), with its version; 404 missing, archived
 * or not the caller's; 409 changed concurrently (no version sent: read and written on the version read) or the change
 * does not fit it (e.g. more than 20 tags); 412 not at the version sent.
 */
export const bulkItemResultSchema = z.strictObject({
  id: z.string(),
  status: z.number().int(),
  version: z.number().int().optional(),
  /** `true` when the customer already was as asked (nothing written). */
  unchanged: z.boolean().optional(),
  problem: itemProblem.optional(),
});
export type BulkItemResult = z.infer<typeof bulkItemResultSchema>;

export const bulkUpdateResultSchema = z.strictObject({
  items: z.array(bulkItemResultSchema),
  /** Counts by outcome. */
  summary: z.strictObject({ updated: z.number().int(), unchanged: z.number().int(), failed: z.number().int() }),
});
export type BulkUpdateResult = z.infer<typeof bulkUpdateResultSchema>;
