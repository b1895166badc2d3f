import * as z from 'zod';
import { isoDateTime, ulidSchema } from '#shared/core/schema-primitives';
import { listCustomersQuery } from '#functions/customers/customer/customer.schema';
import { bulkChangesSchema } from './bulk-update.schema';

/** queued → running → completed | failed. */
export const BULK_JOB_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type BulkJobStatus = (typeof BULK_JOB_STATUSES)[number];

// The selection is the customer list's own filters (its very zod fields, docs/api.md "Bulk edit"), as a JSON object,
// in name order: an order by time would meet the customers the job has just changed again (their `updatedAt` moves).
const { limit: _limit, cursor: _cursor, sort: _sort, updatedSince: _since, ...customerListFilters } = listCustomersQuery.shape;

export const bulkUpdateFilterSchema = z.strictObject(customerListFilters);
export type BulkUpdateFilter = z.infer<typeof bulkUpdateFilterSchema>;

export const createBulkUpdateJobBody = z.strictObject({
  /** The customers to edit: those the customer list gives for these filters (`{}`: every customer). */
  filter: bulkUpdateFilterSchema,
  changes: bulkChangesSchema,
});
export type CreateBulkUpdateJobInput = z.infer<typeof createBulkUpdateJobBody>;

export const bulkJobIdParams = z.strictObject({ jobId: ulidSchema });

/** A customer the job did not change, and why (the first 100 are kept). */
const jobIssue = z.strictObject({
  id: z.string(),
  /** `skipped`: gone or not fitting (404, a tag limit); `failed`: still changing after retries (409) or refused otherwise. */
  outcome: z.enum(['skipped', 'failed']),
  status: z.number().int(),
  code: z.string(),
  detail: z.string(),
});
export type BulkJobIssue = z.infer<typeof jobIssue>;

export const bulkJobProgressSchema = z.strictObject({
  /** Customers the filter gave so far. */
  matched: z.number().int(),
  updated: z.number().int(),
  /** Already as asked: nothing written (a re-run counts what it had done here). */
  unchanged: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
});
export type BulkJobProgress = z.infer<typeof bulkJobProgressSchema>;

export const bulkUpdateJobSchema = z.strictObject({
  id: ulidSchema,
  filter: z.record(z.string(), z.unknown()),
  changes: z.record(z.string(), z.unknown()),
  status: z.enum(BULK_JOB_STATUSES),
  progress: bulkJobProgressSchema,
  /** The customers skipped or failed, with the reason (the first 100). */
  issues: z.array(jobIssue),
  /** Why the job failed as a whole (e.g. the new owner was disabled meanwhile). */
  failure: z.string().optional(),
  completedAt: isoDateTime.optional(),
  version: z.number().int(),
  createdAt: isoDateTime,
  createdBy: z.string(),
  updatedAt: isoDateTime,
});
export type BulkUpdateJob = z.infer<typeof bulkUpdateJobSchema>;

export const emptyProgress = (): BulkJobProgress => ({ matched: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 });

