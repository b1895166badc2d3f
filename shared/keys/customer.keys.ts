import { indexKey } from '#shared/db/index-key';

/** The customer item's keys and access patterns (docs/data-model.md, "Customers", explains each). */

export const customerKeys = {
  /** Customer item: the head of the customer's item collection (contacts, activities, orders follow). */
  item: (customerId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: 'CUSTOMER' }),
  /** Sentinel that makes the customer number unique; written in the customer's create transaction. */
  uniqueNo: (customerNo: string) => ({ pk: `UNIQUE#CUSTOMER_NO#${customerNo}`, sk: 'UNIQUE' }),
  /** A transfer of the customer to a new owner, in the customer's collection: when, and the version it moved on from. */
  transfer: (customerId: string, at: string, fromVersion: number) => ({ pk: `CUSTOMER#${customerId}`, sk: `TRANSFER#${at}#${fromVersion}` }),
  /**
   * Every customer index sorts by search key (see shared/core/search-key.ts) then id. The key keeps the search key's
   * first 100 characters (a query is at most 100, so it stays a prefix of them): NFKC can expand one character into
   * 18 (U+FDFA), and a 200-character name's key then passed DynamoDB's 1,024-byte sort-key limit — a 500 on create,
   * found by test/e2e/search.e2e.test.ts.
   */
  sortKey: (searchKey: string, customerId: string) => `${[...searchKey].slice(0, 100).join('')}#${customerId}`,
  byOwner: indexKey('gsi1', 1, (ownerId: string) => `OWNER#${ownerId}`),
  byName: indexKey('gsi2', 2, () => 'CUSTOMER'),
  byLevel: indexKey('gsi3', 3, (level: string) => `CUSTOMER#LEVEL#${level}`),
  byRegion: indexKey('gsi4', 4, (region: string) => `CUSTOMER#REGION#${region}`),
  byStatus: indexKey('gsi5', 5, (status: string) => `CUSTOMER#STATUS#${status}`),
  /**
   * The ordered lists (issue 17): per scope (an owner's customers, all customers) and order, sorted by
   * `<instant>#<id>` (`timeSortKey`).
   */
  byOwnerCreated: indexKey('gsi7', 7, (ownerId: string) => `OWNER#${ownerId}`),
  byOwnerUpdated: indexKey('gsi8', 8, (ownerId: string) => `OWNER#${ownerId}`),
  byOwnerLastOrder: indexKey('gsi9', 9, (ownerId: string) => `OWNER#${ownerId}`),
  byCreated: indexKey('gsi10', 10, () => 'CUSTOMER'),
  byUpdated: indexKey('gsi11', 11, () => 'CUSTOMER'),
  byLastOrder: indexKey('gsi12', 12, () => 'CUSTOMER'),
  /** `<ISO instant>#<id>`; a customer without an order sorts before every date (`NO_ORDER`). */
  timeSortKey: (at: string | undefined, customerId: string) => `${at ?? NO_ORDER}#${customerId}`,
} as const;

/** The last-order sort key of a customer that never ordered: below every ISO date ('!' < '0'). */
export const NO_ORDER = '!';
