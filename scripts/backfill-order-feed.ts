/**
 * `npm run backfill:order-feed`: sets the orders delta feed's index attributes (gsi11 `ORDER`) on order summaries
 * written before the feed existed (functions/jobs/order-feed-backfill.ts: no Scan, one conditional write per summary
 * out of step, safe while the API writes, re-runnable). Target: scripts/backfill-target.ts.
 */
import { runBackfillScript } from './backfill-target';

runBackfillScript({ owner: false }, async (client, tableName) => {
  const { backfillOrderFeed } = await import('#functions/jobs/order-feed-backfill');
  return backfillOrderFeed(client, tableName);
});
