import * as z from 'zod';
import { TOMBSTONE_REASONS } from './delta-sync';

/** The schemas of the delta feed (shared/customer-records/delta-sync.ts): its query parameter and its answers. */

/**
 * `?updatedSince=`: an ISO 8601 instant (an offset is allowed), normalised to UTC milliseconds so it compares as
 * the index keys do.
 */
export const updatedSinceQuery = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value).toISOString())
  .describe('Delta sync: records changed at or after this instant, and tombstones of those removed since (docs/api.md, "Delta sync")');

/** A record the caller no longer sees: deleted, archived, or moved out of their scope. */
export const tombstoneSchema = z.strictObject({
  id: z.string(),
  deleted: z.literal(true),
  deletedAt: z.string(),
  reason: z.enum(TOMBSTONE_REASONS),
});

/** A feed page: changed records and tombstones in change order; `syncedUntil` (last page only) is the next `updatedSince`. */
export const feedPageSchema = <T extends z.ZodType>(record: T) =>
  z.strictObject({
    items: z.array(z.union([record, tombstoneSchema])),
    nextCursor: z.string().nullable(),
    syncedUntil: z.string().optional().describe('On the last page (nextCursor null) of a delta feed: the updatedSince of the next sync'),
  });
