/**
 * `npm run backfill:contact-feed`: puts contacts written before the contacts delta feed (or left in a previous
 * owner's partition by a transfer whose move did not finish, or by a merge) in their customer's owner's feed
 * (functions/jobs/owner-feed-backfill.ts: no Scan, conditional transactions held to the customer's owner, safe
 * while the API writes, re-runnable). Target and `-- --owner <username>`: scripts/backfill-target.ts.
 */
import { runBackfillScript } from './backfill-target';

runBackfillScript({ owner: true }, async (client, tableName, ownerId) => {
  const { backfillOwnerFeed } = await import('#functions/jobs/owner-feed-backfill');
  return backfillOwnerFeed(client, tableName, { ownerId, kinds: ['contact'] });
});
