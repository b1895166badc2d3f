import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Item } from '#shared/db/item';
import { part, parts, transactParts, type RefusedParts, type TransactionPart } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate } from '#shared/db/update-expression';
import { contactKeys } from '#shared/keys/contact-activity.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { orderKeys } from '#shared/keys/orders.keys';
import type { CustomerGuard } from './customer-head';
import { customerRefusalOf } from './customer-records.writes';
import { OWNER_FEED_INDEXES, recordTombstonePut, type OwnerFeedKind } from './record-tombstone.entity';

/**
 * The delta feeds of records under a customer across customers — contacts (`GET /v1/contacts?updatedSince=`) and
 * orders (`GET /v1/orders?updatedSince=`) — per owner (gsi8 `<KIND>#OWNER#<ownerId>`) and for all (gsi11 `<KIND>`),
 * sorted by `<changedAt>#<id>`. docs/data-model.md, "The delta feed", explains them.
 *
 * The owner is the customer's, so a record carries the owner its writer read, and every writer holds the customer to
 * that owner in its transaction (`ownerIs`): a write racing a transfer is refused and reads again. A transfer cannot
 * move the records in its own transaction (≤ 50 contacts and unbounded orders, beside a transaction already near
 * DynamoDB's 100 items): `moveOwnerFeed` moves them right after it, and the back-fills repair what it left.
 */

/**
 * The feed's owner: a write of a record under a customer stamps the owner it read and holds the
 * customer to it, so a write racing a transfer is refused; the refusal's old item names the new owner, and the write
 * is sent again with it (up to this many times).
 */
const OWNER_ATTEMPTS = 3;

/** The new owner when the customer's part refused only because it changed owner (still there, live, in scope). */
const ownerMovedTo = (refused: RefusedParts<string> | undefined, guard: CustomerGuard, ownerId: string): string | undefined => {
  if (!refused?.has('customer')) return undefined;
  const old = refused.old('customer');
  if (!old || customerRefusalOf(guard, old) || typeof old.ownerId !== 'string' || old.ownerId === ownerId) return undefined;
  return old.ownerId;
};

/** Sends a write stamped with the customer's owner, again with the new owner when a transfer came in between. */
export const withFeedOwner = async (
  ownerId: string,
  guard: CustomerGuard,
  send: (ownerId: string) => Promise<RefusedParts<string> | undefined>,
): Promise<RefusedParts<string> | undefined> => {
  let owner = ownerId;
  for (let attempt = 1; ; attempt += 1) {
    const refused = await send(owner);
    const moved = ownerMovedTo(refused, guard, owner);
    if (moved === undefined || attempt >= OWNER_ATTEMPTS) return refused;
    owner = moved;
  }
};

/** The section of the customer's collection each kind lives in. */
const COLLECTION_PREFIX: Record<OwnerFeedKind, string> = { contact: contactKeys.prefix, order: orderKeys.summaryPrefix };

/** Records moved per transaction: each one an Update and a tombstone, beside one ConditionCheck of the customer. */
export const OWNER_FEED_MOVES_PER_TRANSACTION = 49;
/** Rounds of read-then-move before giving up on a customer whose records keep changing (the back-fill repairs it). */
const MOVE_ROUNDS = 5;

/** Both feeds' attributes of a live record changed at `at`, owned (through its customer) by `ownerId`. */
export const ownerFeedAttributesOf = (kind: OwnerFeedKind, ownerId: string, id: string, at: string): Record<string, string> => {
  const { owner, all } = OWNER_FEED_INDEXES[kind];
  return {
    [owner.pkAttribute]: owner.pk(ownerId),
    [owner.skAttribute]: `${at}#${id}`,
    [all.pkAttribute]: all.pk(),
    [all.skAttribute]: `${at}#${id}`,
  };
};

/** The owner feed's partition of a record (the sort key is written with the record's change time). */
export const ownerFeedPartitionOf = (kind: OwnerFeedKind, ownerId: string): Record<string, string> => {
  const { owner } = OWNER_FEED_INDEXES[kind];
  return { [owner.pkAttribute]: owner.pk(ownerId) };
};

/** The owner a record's owner-feed partition names, if it has one. */
export const feedOwnerOf = (kind: OwnerFeedKind, item: Item): string | undefined => {
  const { owner } = OWNER_FEED_INDEXES[kind];
  const partition = item[owner.pkAttribute];
  const prefix = owner.pk('');
  return typeof partition === 'string' && partition.startsWith(prefix) ? partition.slice(prefix.length) : undefined;
};

/** The record's place in the collection and what the move compares. */
interface FeedRecordRef {
  readonly pk: string;
  readonly sk: string;
  readonly id: string;
  readonly updatedAt: string;
  readonly version: number;
  readonly feedOwner: string | undefined;
  readonly inAllFeed: boolean;
}

/** The customer's records of one kind (one consistent Query per page of its collection, keys and feed attributes only). */
const recordsOf = async (client: DynamoDBDocumentClient, tableName: string, kind: OwnerFeedKind, customerId: string): Promise<FeedRecordRef[]> => {
  const { owner, all } = OWNER_FEED_INDEXES[kind];
  const found: FeedRecordRef[] = [];
  let startKey: Item | undefined;
  do {
    const page: QueryCommandOutput = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ProjectionExpression: '#pk, #sk, #id, #updatedAt, #version, #ownerPk, #allPk',
        ExpressionAttributeNames: {
          '#pk': 'pk', '#sk': 'sk', '#id': 'id', '#updatedAt': 'updatedAt', '#version': 'version', '#ownerPk': owner.pkAttribute, '#allPk': all.pkAttribute,
        },
        ExpressionAttributeValues: { ':pk': customerKeys.item(customerId).pk, ':prefix': COLLECTION_PREFIX[kind] },
        ConsistentRead: true,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      if (typeof item.id !== 'string' || typeof item.updatedAt !== 'string') continue;
      found.push({
        pk: String(item.pk),
        sk: String(item.sk),
        id: item.id,
        updatedAt: item.updatedAt,
        version: Number(item.version),
        feedOwner: feedOwnerOf(kind, item),
        inAllFeed: item[all.pkAttribute] === all.pk(),
      });
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return found;
};

type MoveLabel = 'customer' | 'record' | 'tombstone';

/**
 * One record into `ownerId`'s feed: a record that never had the attributes (written before the feed) takes them at its
 * own `updatedAt`; one in another owner's feed enters this owner's at `at` (so a client that synced past its
 * `updatedAt` still receives it) and leaves a `transferred` tombstone in the other's. Held to the version read.
 */
const moveParts = (tableName: string, kind: OwnerFeedKind, customerId: string, ownerId: string, record: FeedRecordRef, at: string): TransactionPart<MoveLabel>[] => {
  const { owner, all } = OWNER_FEED_INDEXES[kind];
  const previous = record.feedOwner !== undefined && record.feedOwner !== ownerId ? record.feedOwner : undefined;
  const set: Record<string, string> = {};
  if (record.feedOwner !== ownerId) {
    set[owner.pkAttribute] = owner.pk(ownerId);
    set[owner.skAttribute] = `${previous === undefined ? record.updatedAt : at}#${record.id}`;
  }
  if (!record.inAllFeed) {
    set[all.pkAttribute] = all.pk();
    set[all.skAttribute] = `${record.updatedAt}#${record.id}`;
  }
  return [
    part('record', conditionalUpdate(tableName, { pk: record.pk, sk: record.sk }, buildUpdateExpression({ set }), {
      ConditionExpression: 'attribute_exists(#pk) AND #version = :version',
      names: { '#pk': 'pk', '#version': 'version' },
      values: { ':version': record.version },
    })),
    ...(previous === undefined
      ? []
      : parts('tombstone', [recordTombstonePut(tableName, { kind, id: record.id, customerId, deletedAt: at, reason: 'transferred', ownerId: previous })])),
  ];
};

/** The customer must still be `ownerId`'s and live: a move racing a later transfer stops (that transfer's move does the work). */
const customerHeld = (tableName: string, customerId: string, ownerId: string): TransactionPart<MoveLabel> =>
  part('customer', {
    ConditionCheck: {
      TableName: tableName,
      Key: customerKeys.item(customerId),
      ConditionExpression: '#ownerId = :ownerId AND attribute_not_exists(#deletedAt)',
      ExpressionAttributeNames: { '#ownerId': 'ownerId', '#deletedAt': 'deletedAt' },
      ExpressionAttributeValues: { ':ownerId': ownerId },
    },
  });

/**
 * Puts a customer's contacts or orders in its owner's feed (docs/data-model.md, "The delta feed", transfers): called
 * right after a transfer's transaction, and by the back-fills (functions/jobs/owner-feed-backfill.ts) for records
 * written before the feed or left behind by a move that did not finish. Records already in place are skipped, so it
 * is re-runnable; a record changed meanwhile refuses its chunk, which is read again. Answers the number of records
 * moved, or `undefined` when the customer changed owner (or was archived) meanwhile.
 */
export const moveOwnerFeed = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  kind: OwnerFeedKind,
  customerId: string,
  ownerId: string,
  at: string = new Date().toISOString(),
): Promise<number | undefined> => {
  let moved = 0;
  for (let round = 1; round <= MOVE_ROUNDS; round += 1) {
    const stale = (await recordsOf(client, tableName, kind, customerId)).filter((record) => record.feedOwner !== ownerId || !record.inAllFeed);
    if (stale.length === 0) return moved;
    let again = false;
    for (let start = 0; start < stale.length; start += OWNER_FEED_MOVES_PER_TRANSACTION) {
      const chunk = stale.slice(start, start + OWNER_FEED_MOVES_PER_TRANSACTION);
      const refused = await transactParts(client, [
        customerHeld(tableName, customerId, ownerId),
        ...chunk.flatMap((record) => moveParts(tableName, kind, customerId, ownerId, record, at)),
      ]);
      if (refused?.has('customer')) return undefined;
      if (refused) again = true;
      else moved += chunk.length;
    }
    if (!again) return moved;
  }
  throw new Error(`The ${kind}s of customer ${customerId} kept changing while moving them to their owner's feed.`);
};
