import * as z from 'zod';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from '#shared/audit/audit';
import { isoDateTime, pageQueryShape, ulidSchema } from '#shared/core/schema-primitives';

/**
 * The audit trail's read side (issue 8): `GET /v1/audit` and `GET /v1/customers/{customerId}/history`.
 * Entries are never written through these routes; see shared/audit/audit.writes.ts for the write side.
 */

/** Ids of audited records: ULIDs, usernames (users) and dictionary type codes. Never a `#` (a key separator). */
const entityIdSchema = z.string().regex(/^[\w.@+:-]{1,128}$/, 'Not a valid record id.');
/** A username, or `system:<job>` for the scheduled jobs. */
const actorSchema = z.string().regex(/^[\w.@+:-]{1,128}$/, 'Not a valid username.');

/** A UTC calendar day: `from` / `to` bound the entries' `at`, both days included. */
const daySchema = z.iso.date();

/** The widest `from`…`to` range one listing may cover: a year, so the day-by-day view stays bounded. */
export const MAX_RANGE_DAYS = 366;

const dayRange = {
  from: daySchema.optional().meta({ description: 'First UTC day (yyyy-mm-dd), included' }),
  to: daySchema.optional().meta({ description: 'Last UTC day (yyyy-mm-dd), included' }),
};

const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00.000Z`) / 86_400_000;

const rangeIsValid = (query: { from?: string | undefined; to?: string | undefined }): boolean =>
  query.from === undefined || query.to === undefined || (query.from <= query.to && dayNumber(query.to) - dayNumber(query.from) < MAX_RANGE_DAYS);
const RANGE_MESSAGE = { message: `from must not be after to, and the range is at most ${MAX_RANGE_DAYS} days.`, path: ['to'] };

export const listAuditQuery = z
  .strictObject({
    ...pageQueryShape,
    entityType: z.enum(AUDIT_ENTITY_TYPES).optional().meta({ description: "One record's history: with entityId" }),
    entityId: entityIdSchema.optional().meta({ description: "One record's history: with entityType" }),
    actor: actorSchema.optional().meta({ description: 'What one user (or `system:<job>`) changed' }),
    ...dayRange,
  })
  .refine((query) => (query.entityType === undefined) === (query.entityId === undefined), {
    message: 'entityType and entityId go together.',
    path: ['entityId'],
  })
  .refine((query) => query.actor === undefined || query.entityId === undefined, {
    message: 'Filter by one record (entityType + entityId) or by actor, not both.',
    path: ['actor'],
  })
  .refine(rangeIsValid, RANGE_MESSAGE);
export type ListAuditQuery = z.infer<typeof listAuditQuery>;

export const customerHistoryParams = z.strictObject({ customerId: ulidSchema });

export const customerHistoryQuery = z.strictObject({ ...pageQueryShape, ...dayRange }).refine(rangeIsValid, RANGE_MESSAGE);
export type CustomerHistoryQuery = z.infer<typeof customerHistoryQuery>;

/**
 * Old and new values are whatever the field held: any JSON value. `unknown`, not `z.json()`: the latter is a
 * recursive schema whose local `$defs` reference does not survive being embedded in the OpenAPI document.
 */
const jsonValue = z.unknown();

/** One entry as the API returns it. Strict: no key or index attribute can leak. */
export const auditEntrySchema = z.strictObject({
  id: ulidSchema,
  at: isoDateTime,
  actor: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  entityType: z.enum(AUDIT_ENTITY_TYPES),
  entityId: z.string(),
  customerId: z.string().optional(),
  entityVersion: z.number().int().min(1).optional(),
  changes: z.array(
    z.strictObject({
      field: z.string(),
      /** Absent when the field was set by this change (creation). */
      old: jsonValue.optional(),
      /** Absent when the field was removed by this change. */
      new: jsonValue.optional(),
    }),
  ),
  note: z.string().optional(),
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

export const auditListSchema = z.strictObject({
  items: z.array(auditEntrySchema),
  nextCursor: z.string().nullable(),
});
