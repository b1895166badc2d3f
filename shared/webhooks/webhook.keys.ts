import { indexKey } from '#shared/db/index-key';

/**
 * Keys of the webhooks feature (issue 22, docs/data-model.md, "Webhooks").
 *
 * - A subscription heads its own collection (`WEBHOOK#<id>`, sk `WEBHOOK`); its delivery health beside it (sk
 *   `HEALTH`) and one delivery per event it matched (sk `DELIVERY#<event id>`: the event id makes the write
 *   idempotent — a conditional Put, so an event the bus delivers twice is delivered to a subscriber once).
 * - Every subscription is on gsi1 under one partition, `WEBHOOKS` (the list, and the dispatcher's one Query).
 * - A subscription's delivery log is gsi2 `WEBHOOK#<id>#DELIVERIES`, sorted by `<event time>#<event id>`.
 * - A delivery waiting for its next attempt is on gsi3 under its minute bucket `WEBHOOK_DUE#<yyyy-mm-ddThh:mm>`,
 *   sorted by `<next attempt>#<webhook id>#<event id>` (sparse: delivered and dead-lettered ones leave it).
 * Every partition starts with `WEBHOOK`, so none collides with another entity's use of these indexes.
 */
export const webhookKeys = {
  item: (webhookId: string) => ({ pk: `WEBHOOK#${webhookId}`, sk: 'WEBHOOK' }),
  health: (webhookId: string) => ({ pk: `WEBHOOK#${webhookId}`, sk: 'HEALTH' }),
  delivery: (webhookId: string, eventId: string) => ({ pk: `WEBHOOK#${webhookId}`, sk: `DELIVERY#${eventId}` }),
  all: indexKey('gsi1', 1, () => 'WEBHOOKS'),
  allSortKey: (createdAt: string, webhookId: string) => `${createdAt}#${webhookId}`,
  log: indexKey('gsi2', 2, (webhookId: string) => `WEBHOOK#${webhookId}#DELIVERIES`),
  logSortKey: (eventTime: string, eventId: string) => `${eventTime}#${eventId}`,
  due: indexKey('gsi3', 3, (bucket: string) => `WEBHOOK_DUE#${bucket}`),
  dueSortKey: (nextAttemptAt: string, webhookId: string, eventId: string) => `${nextAttemptAt}#${webhookId}#${eventId}`,
  /** The retry job's checkpoint: the last minute bucket it covered. */
  retryCheckpoint: { pk: 'WEBHOOK_RETRY', sk: 'CHECKPOINT' },
} as const;

/** The minute bucket of an instant: `2026-12-06T19:40`. */
export const minuteBucketOf = (at: string | Date): string => (typeof at === 'string' ? at : at.toISOString()).slice(0, 16);
