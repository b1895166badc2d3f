import type { IndexName } from './table-definition';

/**
 * Every key of the single table, by entity and access pattern (docs/data-model.md explains each).
 * Generic index attributes (gsi1pk …) are overloaded; the names below say which access pattern uses which index.
 */
export interface IndexKey<A extends unknown[]> {
  readonly index: IndexName;
  readonly pkAttribute: string;
  readonly skAttribute: string;
  readonly pk: (...args: A) => string;
}

const indexKey = <A extends unknown[]>(index: IndexName, n: number, pk: (...args: A) => string): IndexKey<A> => ({
  index,
  pkAttribute: `gsi${n}pk`,
  skAttribute: `gsi${n}sk`,
  pk,
});

export const customerKeys = {
  /** Customer item: the head of the customer's item collection (contacts, activities, orders follow). */
  item: (customerId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: 'CUSTOMER' }),
  /** Sentinel that makes the customer number unique; written in the customer's create transaction. */
  uniqueNo: (customerNo: string) => ({ pk: `UNIQUE#CUSTOMER_NO#${customerNo}`, sk: 'UNIQUE' }),
  /** Every customer index sorts by search key (see shared/core/search-key.ts) then id. */
  sortKey: (searchKey: string, customerId: string) => `${searchKey}#${customerId}`,
  byOwner: indexKey('gsi1', 1, (ownerId: string) => `OWNER#${ownerId}`),
  byName: indexKey('gsi2', 2, () => 'CUSTOMER'),
  byLevel: indexKey('gsi3', 3, (level: string) => `CUSTOMER#LEVEL#${level}`),
  byRegion: indexKey('gsi4', 4, (region: string) => `CUSTOMER#REGION#${region}`),
  byStatus: indexKey('gsi5', 5, (status: string) => `CUSTOMER#STATUS#${status}`),
} as const;

/** Idempotency records, scoped by caller and operation; expire through TTL after a day. */
export const idempotencyKeys = {
  item: (username: string, operationId: string, key: string) => ({
    pk: `IDEMPOTENCY#${username}#${operationId}#${key}`,
    sk: 'IDEMPOTENCY',
  }),
} as const;
