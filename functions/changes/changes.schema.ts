import * as z from 'zod';
import { AUDIT_ENTITY_TYPES } from '#shared/audit/audit';
import { isoDateTime, queryInteger } from '#shared/core/schema-primitives';

/** `GET /v1/changes`: where to continue (a cursor this route answered), and how many changes at most. */
export const listChangesQuery = z.strictObject({
  since: z.string().min(1).max(2048).optional().meta({
    description: 'A cursor this route answered (`nextCursor`, or an item\'s `cursor`); left out: from the oldest change kept (30 days)',
  }),
  limit: queryInteger(1, 200, 100),
});
export type ListChangesQuery = z.infer<typeof listChangesQuery>;

export const changeSchema = z.strictObject({
  cursor: z.string().meta({ description: 'Continue after this change: pass it as `since`' }),
  type: z.string().meta({ description: 'The domain event type, `crm.<entity>.<verb>` (crm.customer.updated, crm.order.placed …)' }),
  entity: z.enum(AUDIT_ENTITY_TYPES),
  id: z.string(),
  customerId: z.string().optional(),
  version: z.number().int().optional().meta({ description: "The record's version after the change: re-read the record when yours is older" }),
  changedAt: isoDateTime,
  changedFields: z.array(z.string()).meta({ description: 'The names of the changed fields (their values: re-read the record)' }),
  deleted: z.literal(true).optional().meta({ description: 'The record was archived or deleted by this change' }),
});
export type ChangeView = z.infer<typeof changeSchema>;

export const changePageSchema = z.strictObject({
  items: z.array(changeSchema),
  nextCursor: z.string().meta({ description: 'Always present: pass it as `since` to continue (poll again later when hasMore is false)' }),
  hasMore: z.boolean().meta({ description: 'More changes are ready now; false: the feed is read up to a few seconds ago' }),
});
