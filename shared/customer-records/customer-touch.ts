import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Item } from '#shared/db/item';
import { transactParts, type RefusedParts, type TransactionPart } from '#shared/db/transactions';
import { notAfter, type CustomerItemChange } from './customer-records.writes';
import { sortKeySet } from './customer-sort-indexes';

/**
 * A write that changes a customer's derived fields (lastOrderAt, lifetimeValue, lastContactAt, primaryContactId)
 * moves the customer's `updatedAt` and its update-time index keys (gsi8sk / gsi11sk) in the same request, so the
 * delta feed answers the customer again — WITHOUT `version`: a client editing the customer must not get 412
 * because an order was placed. `updatedAt` only moves forward (a condition, not a blind SET): two racing writers
 * can never leave the older stamp. docs/data-model.md, "The delta feed", "Derived fields".
 */

/**
 * How often a write is sent again with a later stamp when another writer stamped the customer later meanwhile. Each
 * retry takes a strictly later committed stamp, so n writers racing on one customer need up to n attempts; 3 made the
 * 4th of four racing primary-contact creates fail (answered as a limit reached, test/int/customer-derived-feed.int).
 */
const TOUCH_ATTEMPTS = 8;

/** The later of two instants (ISO strings compare as times); `undefined` counts as the earliest. */
export const laterOf = (at: string, other: string | undefined): string => (other !== undefined && other > at ? other : at);

/** The customer item's `updatedAt` and update-time index keys moved to `at`, only forward. */
export const customerTouch = (customerId: string, at: string): CustomerItemChange => ({
  set: { updatedAt: at, ...sortKeySet('updatedAt', customerId, at) },
  conditions: [notAfter('updatedAt', at)],
});

/** The same as plain attributes, names and condition, for writers that build their own customer update. */
export const customerTouchParts = (customerId: string, at: string) => ({
  set: { updatedAt: at, ...sortKeySet('updatedAt', customerId, at) },
  condition: '(attribute_not_exists(#touchUpdatedAt) OR #touchUpdatedAt <= :touchAt)',
  names: { '#touchUpdatedAt': 'updatedAt' },
  values: { ':touchAt': at },
});

/** The customer's stamp when it is later than `at` (the refusal of a touch that lost a race), else undefined. */
export const laterStampOf = (old: Item | undefined, at: string): string | undefined =>
  typeof old?.updatedAt === 'string' && old.updatedAt > at ? old.updatedAt : undefined;

/**
 * Sends `build(at)` as one transaction; when the customer's part refused because its `updatedAt` is later than
 * the stamp (another writer got there first), sends it again stamped with that later instant. Any other refusal
 * — or the same one after a few attempts — is answered as `transactParts` answers it.
 */
export const transactTouching = async <L extends string>(
  client: DynamoDBDocumentClient,
  build: (at: string) => readonly TransactionPart<L>[],
  at: string,
  label: L,
): Promise<RefusedParts<L> | undefined> => {
  let stamp = at;
  for (let attempt = 1; ; attempt += 1) {
    const refused = await transactParts(client, build(stamp));
    const later = refused?.has(label) ? laterStampOf(refused.old(label), stamp) : undefined;
    if (!refused || later === undefined || attempt >= TOUCH_ATTEMPTS) return refused;
    stamp = later;
  }
};
