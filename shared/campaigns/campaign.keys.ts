import { indexKey } from '#shared/db/index-key';

/**
 * Keys of the campaigns feature (docs/data-model.md, "Campaigns").
 *
 * - The campaign is the head of its own item collection (`CAMPAIGN#<id>`, sk `CAMPAIGN`).
 * - Its lists overload gsi1, gsi2, gsi4 and gsi5 (the customer item uses them with other partition values; every
 *   partition below starts with `CAMPAIGN`, so none collides with another entity's). Each sorts by
 *   `<startsAt>#<id>`: newest start first is ScanIndexForward=false.
 */
export const campaignKeys = {
  item: (campaignId: string) => ({ pk: `CAMPAIGN#${campaignId}`, sk: 'CAMPAIGN' }),
  collection: (campaignId: string) => `CAMPAIGN#${campaignId}`,
  sortKey: (startsAt: string, campaignId: string) => `${startsAt}#${campaignId}`,
  byOwner: indexKey('gsi1', 1, (ownerId: string) => `CAMPAIGN#OWNER#${ownerId}`),
  byStart: indexKey('gsi2', 2, () => 'CAMPAIGN'),
  byType: indexKey('gsi4', 4, (type: string) => `CAMPAIGN#TYPE#${type}`),
  byStatus: indexKey('gsi5', 5, (status: string) => `CAMPAIGN#STATUS#${status}`),
  /** The launch job (materialisation of the audience), in the campaign's collection: one per campaign. */
  launch: (campaignId: string) => ({ pk: `CAMPAIGN#${campaignId}`, sk: 'LAUNCH' }),
  /** A member: one per contact, so a re-run of the materialisation writes the same item again, never a second one. */
  member: (campaignId: string, contactId: string) => ({ pk: `CAMPAIGN#${campaignId}`, sk: `MEMBER#${contactId}` }),
  memberPrefix: 'MEMBER#',
  /**
   * The campaign's effect counters (issue 19, parts 4 and 5), in its collection: ADDed in the same transaction as each
   * write it counts (a member's first delivery, click, unsubscribe …), read with the campaign in one BatchGetItem.
   */
  effect: (campaignId: string) => ({ pk: `CAMPAIGN#${campaignId}`, sk: 'EFFECT' }),
  /** A user's test mails of the campaign within one minute (`yyyy-mm-ddThh:mm`): a counter that expires (ttl). */
  testSends: (campaignId: string, username: string, minute: string) => ({ pk: `CAMPAIGN#${campaignId}`, sk: `TEST_SENDS#${username}#${minute}` }),
  /**
   * An account manager's members of one campaign (gsi3, overloaded: customers use `CUSTOMER#LEVEL#<level>`), sorted
   * by contact id: the member list in the `own` scope is one Query of exactly their customers' members.
   */
  membersByOwner: indexKey('gsi3', 3, (campaignId: string, ownerId: string) => `CAMPAIGN#MEMBER#${campaignId}#OWNER#${ownerId}`),
  /**
   * A response recorded by staff (issue 19, part 4), in the campaign's collection, sorted by when it happened then id:
   * the list, newest first, is one Query of the prefix backwards.
   */
  response: (campaignId: string, respondedAt: string, responseId: string) => ({ pk: `CAMPAIGN#${campaignId}`, sk: `RESPONSE#${respondedAt}#${responseId}` }),
  responsePrefix: 'RESPONSE#',
  /** An account manager's customers' responses of one campaign (gsi3, overloaded as the members' is), newest first. */
  responsesByOwner: indexKey('gsi3', 3, (campaignId: string, ownerId: string) => `CAMPAIGN#RESPONSE#${campaignId}#OWNER#${ownerId}`),
} as const;
