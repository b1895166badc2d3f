import { defineEntity } from '#shared/db/entity';
import type { Item } from '#shared/db/item';
import type { IndexKey } from '#shared/db/index-key';
import { contactKeys } from '#shared/keys/contact-activity.keys';
import { orderKeys } from '#shared/keys/orders.keys';
import { tombstoneTtlOf, type Tombstone } from './delta-sync';

/** The records under a customer that have a delta feed across customers, per owner and for all. */
export const OWNER_FEED_KINDS = ['contact', 'order'] as const;
export type OwnerFeedKind = (typeof OWNER_FEED_KINDS)[number];

/** Each kind's feed indexes: an owner's (gsi8, `<KIND>#OWNER#<id>`) and everyone's (gsi11, `<KIND>`). */
export const OWNER_FEED_INDEXES: Record<OwnerFeedKind, { owner: IndexKey<[string]>; all: IndexKey<[]> }> = {
  contact: { owner: contactKeys.byOwnerUpdated, all: contactKeys.byUpdated },
  order: { owner: orderKeys.byOwnerUpdated, all: orderKeys.byUpdated },
};

/**
 * The mark a contact or an order leaves in a delta feed it left (the customer's own is customer-tombstone.entity.ts):
 * a contact deleted (its owner's feed and everyone's), or a contact or order of a customer transferred away (the
 * previous owner's feed only — for everyone else nothing changed). Written in the same transaction as the delete or
 * the move of the record to the new owner's feed (owner-feed.ts), kept 30 days (TTL). It sits on the feed indexes
 * under the key the record would have, `<deletedAt>#<id>`, so the feed's one Query answers changes and removals in
 * one order.
 *
 * `pk = TOMBSTONE#<KIND>#<id>`, `sk = <deletedAt>#<ownerId>`: one per removal, outside the customer's collection.
 */
export interface RecordTombstone {
  readonly kind: OwnerFeedKind;
  readonly id: string;
  readonly customerId: string;
  readonly deletedAt: string;
  readonly reason: 'deleted' | 'transferred';
  /** The owner whose feed the record left. */
  readonly ownerId: string;
}

export const RECORD_TOMBSTONE_ENTITY = 'RecordTombstone';

export const recordTombstoneEntity = defineEntity<RecordTombstone>({
  name: RECORD_TOMBSTONE_ENTITY,
  fields: ['kind', 'id', 'customerId', 'deletedAt', 'reason', 'ownerId'],
  keyOf: (tombstone) => ({ pk: `TOMBSTONE#${tombstone.kind.toUpperCase()}#${tombstone.id}`, sk: `${tombstone.deletedAt}#${tombstone.ownerId}` }),
  indexesOf: (tombstone) => {
    const { owner, all } = OWNER_FEED_INDEXES[tombstone.kind];
    const sk = `${tombstone.deletedAt}#${tombstone.id}`;
    return {
      [owner.pkAttribute]: owner.pk(tombstone.ownerId),
      [owner.skAttribute]: sk,
      // A transfer only takes the record out of its previous owner's feed: everyone else still sees it.
      ...(tombstone.reason !== 'transferred' ? { [all.pkAttribute]: all.pk(), [all.skAttribute]: sk } : {}),
      ttl: tombstoneTtlOf(tombstone.deletedAt),
    };
  },
});

/** The Put of a tombstone, for the delete's or the move's transaction (a repeat of the same one is harmless). */
export const recordTombstonePut = (tableName: string, tombstone: RecordTombstone) => ({
  Put: { TableName: tableName, Item: recordTombstoneEntity.toItem(tombstone) },
});

/** Whether a feed item is a record tombstone. */
export const isRecordTombstone = (item: Item): boolean => item.entity === RECORD_TOMBSTONE_ENTITY;

/** The feed's view of a tombstone item. */
export const recordTombstoneOf = (item: Item): Tombstone => {
  const stored = recordTombstoneEntity.fromItem(item);
  return { id: stored.id, deleted: true, deletedAt: stored.deletedAt, reason: stored.reason };
};
