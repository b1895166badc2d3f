import { expect } from 'vitest';
import { CUSTOMER_SORT_INDEX_ATTRIBUTES } from '#shared/customer-records/customer-sort-indexes';
import type { Item } from '#shared/db/item';

/**
 * Asserts that a raw CUSTOMER item is on the ordered lists (gsi7–gsi12) exactly as its fields say: the owner's and
 * all customers' partitions, and the creation, update and last-order sort keys (shared/customer-records/
 * customer-sort-indexes.ts). Every write path of a customer is checked with it (test/int/*).
 */
export const expectSortIndexesInStep = (item: Item | undefined): void => {
  expect(item).toBeDefined();
  const { id, ownerId, createdAt, updatedAt, lastOrderAt } = item as Record<string, string>;
  expect(item).toMatchObject({
    gsi7pk: `OWNER#${ownerId}`, gsi7sk: `${createdAt}#${id}`,
    gsi8pk: `OWNER#${ownerId}`, gsi8sk: `${updatedAt}#${id}`,
    gsi9pk: `OWNER#${ownerId}`, gsi9sk: `${lastOrderAt ?? '!'}#${id}`,
    gsi10pk: 'CUSTOMER', gsi10sk: `${createdAt}#${id}`,
    gsi11pk: 'CUSTOMER', gsi11sk: `${updatedAt}#${id}`,
    gsi12pk: 'CUSTOMER', gsi12sk: `${lastOrderAt ?? '!'}#${id}`,
  });
};

/** An archived customer is on none of the ordered lists. */
export const expectOffSortIndexes = (item: Item | undefined): void => {
  expect(item).toBeDefined();
  for (const attribute of CUSTOMER_SORT_INDEX_ATTRIBUTES) expect(item).not.toHaveProperty(attribute);
};
