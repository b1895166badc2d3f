/**
 * `npm run backfill:order-feed`: two passes over order summaries written before the orders delta feeds.
 * 1. All-orders feed: sets gsi11 `ORDER` (functions/jobs/order-feed-backfill.ts: no Scan, one conditional write per
 *    summary out of step).
 * 2. Owner pass: puts each live customer's summaries in its owner's feed (gsi8 `ORDER#OWNER#<owner>`), including those
 *    left in a previous owner's partition by a transfer whose move did not finish, or by a merge
 *    (functions/jobs/owner-feed-backfill.ts: conditional transactions held to the customer's owner).
 * Both passes are safe while the API writes and re-runnable. Target and `-- --owner <username>` (the owner pass only):
 * scripts/backfill-target.ts.
 */
import { runBackfillScript } from './backfill-target';

runBackfillScript({ owner: true }, async (client, tableName, ownerId) => {
  const { backfillOrderFeed } = await import('#functions/jobs/order-feed-backfill');
  const { backfillOwnerFeed } = await import('#functions/jobs/owner-feed-backfill');
  const allOrders = ownerId === undefined ? await backfillOrderFeed(client, tableName) : undefined;
  const owners = await backfillOwnerFeed(client, tableName, { ownerId, kinds: ['order'] });
  return { ...(allOrders ? { allOrders } : {}), owners };
});
