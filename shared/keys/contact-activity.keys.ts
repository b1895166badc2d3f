import { indexKey } from '#shared/db/index-key';
import { encodeTime } from 'ulid';
import { customerKeys } from './customer.keys';
import { orderKeys } from './orders.keys';

/**
 * Keys of contacts, activities, follow-ups and the customer 360 view (docs/data-model.md, section
 * "Contacts, activities, follow-ups and the customer 360 view", explains each choice).
 *
 * Everything lives in the customer's item collection (`pk = CUSTOMER#<id>`). Its sort keys are laid out so that
 * one Query read BACKWARDS from the top of the "overview range" returns the bounded head first and then the
 * activities newest first, and can stop at a Limit:
 *
 *   sk (ascending)                     item                                   in the overview range
 *   ACTIVITY#<ulid>                     activity; ULID time = occurredAt        yes — the timeline, read newest first
 *   CONTACTS                            contact directory (names, removed)      yes — head
 *   CUSTOMER                            the customer                            yes — head
 *   CUSTOMER#CONTACT#<ulid>             live contact                            yes — head (≤ 50)
 *   CUSTOMER#FOLLOWUP#<activityId>      open follow-up of an activity           yes — head (≤ 30)
 *   ORDER#…, REMOVED#…, TRANSFER#…      order summaries, soft-deleted records   no
 */

/** Sorts after every character our keys use: the end of a prefix range. */
export const KEY_END = '\uffff';

const partitionOf = (customerId: string): string => customerKeys.item(customerId).pk;

/** Bounds that keep the overview one Query (and under DynamoDB's 1 MB page): enforced by the writes. */
export const CUSTOMER_RECORD_LIMITS = {
  /** Live contacts per customer (counter `contactCount` on the customer item). */
  contactsPerCustomer: 50,
  /** Open follow-ups per customer (counter `openFollowUpCount` on the customer item). */
  openFollowUpsPerCustomer: 30,
  /** Activities the overview shows. */
  overviewActivities: 20,
} as const;

export const contactKeys = {
  /** A live contact: in the head of the customer's collection, right after the customer item. */
  item: (customerId: string, contactId: string) => ({ pk: partitionOf(customerId), sk: `CUSTOMER#CONTACT#${contactId}` }),
  prefix: 'CUSTOMER#CONTACT#',
  /** A deleted contact, moved out of the head (restorable; no list or the overview reads it — the delta feed does). */
  removed: (customerId: string, contactId: string) => ({ pk: partitionOf(customerId), sk: `REMOVED#CONTACT#${contactId}` }),
  removedPrefix: 'REMOVED#CONTACT#',
  /**
   * The contact directory: one item per customer with one attribute per contact ever created (`<contactId>`:
   * `{ name, removedAt? }`). Read with an activity, it names the activity's contact and says whether it was
   * removed — without a second request.
   */
  directory: (customerId: string) => ({ pk: partitionOf(customerId), sk: 'CONTACTS' }),
  directorySk: 'CONTACTS',
  /** Ascending from the customer item: the customer, then its contacts in creation order. */
  listRange: { from: 'CUSTOMER', to: `CUSTOMER#CONTACT#${KEY_END}` },
  /**
   * The contacts delta feed across customers (`GET /v1/contacts?updatedSince=`): an owner's contacts by change time
   * (gsi8, overloaded: customers use `OWNER#<id>`, orders `ORDER#OWNER#<id>`) and all contacts (gsi11: `CONTACT`),
   * sort key `<at>#<contactId>` (`feedSortKey`). Set on the live contact by every contact write, moved to the new
   * owner after a transfer (shared/customer-records/owner-feed.ts); docs/data-model.md, "The delta feed".
   */
  byOwnerUpdated: indexKey('gsi8', 8, (ownerId: string) => `CONTACT#OWNER#${ownerId}`),
  byUpdated: indexKey('gsi11', 11, () => 'CONTACT'),
  feedSortKey: (at: string, contactId: string): string => `${at}#${contactId}`,
} as const;

export const activityKeys = {
  /** An activity; its id is a ULID whose time part is `occurredAt`, so the sort key orders the timeline. */
  item: (customerId: string, activityId: string) => ({ pk: partitionOf(customerId), sk: `ACTIVITY#${activityId}` }),
  prefix: 'ACTIVITY#',
  /** A deleted activity, moved out of the timeline (restorable). */
  removed: (customerId: string, activityId: string) => ({ pk: partitionOf(customerId), sk: `REMOVED#ACTIVITY#${activityId}` }),
  /** Lowest sort key of an activity that occurred at or after `ms`. */
  fromTime: (ms: number): string => `ACTIVITY#${encodeTime(ms, 10)}`,
  /** Highest sort key of an activity that occurred strictly before `ms`. */
  beforeTime: (ms: number): string => `ACTIVITY#${encodeTime(Math.max(0, ms - 1), 10)}${KEY_END}`,
  /**
   * The top of the timeline read: reading backwards from the customer item returns the customer and the
   * contact directory first, then the activities newest first (one Query for a first page).
   */
  timelineTop: 'CUSTOMER',
} as const;

export const followUpKeys = {
  /** An open follow-up: exists only while the activity's follow-up is set and not done (sparse). */
  item: (customerId: string, activityId: string) => ({ pk: partitionOf(customerId), sk: `CUSTOMER#FOLLOWUP#${activityId}` }),
  prefix: 'CUSTOMER#FOLLOWUP#',
  /** A user's open follow-ups, soonest first: `gsi1pk = FOLLOWUP#<assignee>`, `gsi1sk = <dueAt>#<activityId>`. */
  byAssignee: indexKey('gsi1', 1, (assigneeId: string) => `FOLLOWUP#${assigneeId}`),
  sortKey: (dueAt: string, activityId: string) => `${dueAt}#${activityId}`,
} as const;

/**
 * The head of the customer 360 view: the items read before the activities, each section with the most items it
 * may hold. A feature that wants to appear in the overview adds a section here whose sort keys sit between
 * `ACTIVITY#~` and `CUSTOMER#~` (e.g. `CUSTOMER#RECENT_ORDER#…`) and keeps its count bounded; unknown item types
 * found in the range are skipped, never fatal.
 */
export const OVERVIEW_HEAD = [
  { section: 'customer', prefix: 'CUSTOMER', exact: true, max: 1 },
  { section: 'directory', prefix: 'CONTACTS', exact: true, max: 1 },
  { section: 'contacts', prefix: contactKeys.prefix, exact: false, max: CUSTOMER_RECORD_LIMITS.contactsPerCustomer },
  { section: 'followUps', prefix: followUpKeys.prefix, exact: false, max: CUSTOMER_RECORD_LIMITS.openFollowUpsPerCustomer },
  // One item holding the customer's 20 newest orders (shared/keys/orders.keys.ts, `orderKeys.recent`)
  { section: 'recentOrders', prefix: orderKeys.recentSortKey, exact: true, max: 1 },
] as const;

export const overviewKeys = {
  /** One Query, backwards: `pk = CUSTOMER#<id> AND sk BETWEEN 'ACTIVITY#' AND 'CUSTOMER#\uffff'`. */
  range: { from: activityKeys.prefix, to: `CUSTOMER#${KEY_END}` },
  /** The head's bound plus the activities shown: the Query's Limit. */
  limit: OVERVIEW_HEAD.reduce((sum, section) => sum + section.max, 0) + CUSTOMER_RECORD_LIMITS.overviewActivities,
} as const;
