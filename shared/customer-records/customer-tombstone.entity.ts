import { defineEntity } from '#shared/db/entity';
import type { Item } from '#shared/db/item';
import { customerKeys } from '#shared/keys/customer.keys';
import { CUSTOMER_SORT_INDEXES } from './customer-sort-indexes';
import { tombstoneTtlOf, type Tombstone } from './delta-sync';

/**
 * A customer's tombstone: the mark a customer leaves in a delta feed it left — archived (the owner's feed and
 * everyone's), or transferred away (the previous owner's feed only). Written in the same transaction as the
 * archive or the transfer, kept 30 days (TTL, shared/customer-records/delta-sync.ts). It sits on the updatedAt
 * indexes (gsi8 per owner, gsi11 for all) under the key a customer would have, `<deletedAt>#<id>`, so the feed's
 * one Query returns changes and removals in one order. The `sort=updatedAt` list skips it (entity filter).
 *
 * `pk = TOMBSTONE#CUSTOMER#<id>`, `sk = <deletedAt>#<ownerId>`: one per removal (a customer can be transferred
 * away from the same owner more than once); outside the customer's collection, so the 360 view never reads it.
 */
export interface CustomerTombstone {
  readonly id: string;
  readonly deletedAt: string;
  readonly reason: 'archived' | 'transferred' | 'merged';
  /** The owner whose feed the customer left. */
  readonly ownerId: string;
}

export const CUSTOMER_TOMBSTONE_ENTITY = 'CustomerTombstone';

export const customerTombstoneEntity = defineEntity<CustomerTombstone>({
  name: CUSTOMER_TOMBSTONE_ENTITY,
  fields: ['id', 'deletedAt', 'reason', 'ownerId'],
  keyOf: (tombstone) => ({ pk: `TOMBSTONE#CUSTOMER#${tombstone.id}`, sk: `${tombstone.deletedAt}#${tombstone.ownerId}` }),
  indexesOf: (tombstone) => {
    const owner = CUSTOMER_SORT_INDEXES.owner.updatedAt;
    const all = CUSTOMER_SORT_INDEXES.all.updatedAt;
    const sk = customerKeys.timeSortKey(tombstone.deletedAt, tombstone.id);
    return {
      [owner.pkAttribute]: owner.pk(tombstone.ownerId),
      [owner.skAttribute]: sk,
      // A transfer only takes the customer out of its previous owner's feed: everyone else still sees it.
      ...(tombstone.reason !== 'transferred' ? { [all.pkAttribute]: all.pk(), [all.skAttribute]: sk } : {}),
      ttl: tombstoneTtlOf(tombstone.deletedAt),
    };
  },
});

/** The Put of a tombstone, for the archive's or the transfer's transaction (a repeat of the same one is harmless). */
export const customerTombstonePut = (tableName: string, tombstone: CustomerTombstone) => ({
  Put: { TableName: tableName, Item: customerTombstoneEntity.toItem(tombstone) },
});

/** The feed's view of a tombstone item. */
export const tombstoneOf = (item: Item): Tombstone => {
  const stored = customerTombstoneEntity.fromItem(item);
  return { id: stored.id, deleted: true, deletedAt: stored.deletedAt, reason: stored.reason };
};
