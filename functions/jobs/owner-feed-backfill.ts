import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { moveOwnerFeed } from '#shared/customer-records/owner-feed';
import type { OwnerFeedKind } from '#shared/customer-records/record-tombstone.entity';
import { walkCustomers, type CustomerWalkOptions } from './customer-walk';

export interface OwnerFeedBackfillRun {
  /** Live customers visited (the list index). */
  readonly customers: number;
  /** Records put in their owner's feed, per kind (a re-run finds them in place and writes nothing). */
  readonly moved: Record<OwnerFeedKind, number>;
  /** Customers that changed owner (or were archived) under the back-fill: their transfer's move does the work. */
  readonly skipped: number;
}

/**
 * `npm run backfill:contact-feed` (contacts) and the owner pass of `npm run backfill:order-feed` (orders):
 * puts each live customer's contacts or order summaries in the delta feeds of its current owner
 * (shared/customer-records/owner-feed.ts, docs/data-model.md "The delta feed") — records written before the feeds
 * existed take the feed attributes at their own `updatedAt`; records left in a previous owner's partition (a
 * transfer whose move did not finish, a merge) move at the run's time and leave a `transferred` tombstone there.
 *
 * No Scan: the customers come from the list index (customer-walk.ts, one Query per page of 200), each customer's
 * records from one consistent Query of its collection; each transaction holds the customer to the owner read, so a
 * transfer meanwhile stops that customer's pass (its own move does it). Re-runnable; safe while the API writes.
 * Cost: one Query per customer page and per customer, one write per record out of step (two when it leaves a
 * tombstone).
 */
export const backfillOwnerFeed = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  options: CustomerWalkOptions & { kinds: readonly OwnerFeedKind[] },
): Promise<OwnerFeedBackfillRun> => {
  const run = { customers: 0, moved: { contact: 0, order: 0 }, skipped: 0 };
  await walkCustomers(client, tableName, options, async (customer) => {
    run.customers += 1;
    for (const kind of options.kinds) {
      const moved = await moveOwnerFeed(client, tableName, kind, String(customer.id), String(customer.ownerId));
      if (moved === undefined) {
        run.skipped += 1;
        return;
      }
      run.moved[kind] += moved;
    }
  });
  return run;
};
