import { indexKey } from '#shared/db/index-key';

/**
 * Keys of the reminder index (docs/data-model.md, "Reminders and notifications"): one partition per minute,
 * `REMIND#<yyyy-mm-ddThh:mm>`, sorted by `<remindAt>#<kind>#<sourceId>`. A source has at most one pending reminder
 * per kind, and its key follows from the source's own fields, so a reschedule deletes the old one and puts the new
 * one in the same transaction without reading it.
 */
export const reminderKeys = {
  /**
   * Care reminders (special days, no-contact checks) of a customer by due time (`GET /v1/care`): `CARE#<customerId>`,
   * `<dueAt>#<sourceId>`. Keyed by the customer, not its owner, because care reminders are addressed to whoever owns
   * the customer at delivery (a transfer rewrites none of them); derived from the reminder alone, so every writer's
   * Put (reminderEntity.toItem) carries it with no change.
   */
  careByCustomer: indexKey('gsi1', 1, (customerId: string) => `CARE#${customerId}`),
  /**
   * Care reminders of an owner's customers by due time (`GET /v1/calendar`): `CAREOWNER#<ownerId>`, `<dueAt>#<sourceId>`,
   * on a reminder that carries its customer's owner (`ownerId`); a transfer moves them (care-owner.repository.ts).
   */
  careByOwner: indexKey('gsi2', 2, (ownerId: string) => `CAREOWNER#${ownerId}`),
  partition: (bucket: string) => `REMIND#${bucket}`,
  item: (bucket: string, remindAt: string, kind: string, sourceId: string) => ({
    pk: `REMIND#${bucket}`,
    sk: `${remindAt}#${kind}#${sourceId}`,
  }),
} as const;
