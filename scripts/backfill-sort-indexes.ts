/**
 * `npm run backfill:sort-indexes`: sets the ordered lists' index attributes (gsi7–gsi12) on customers written before
 * those indexes existed (functions/jobs/sort-index-backfill.ts: no Scan, one conditional write per customer out of
 * step, safe while the API writes, re-runnable). Target and `-- --owner <username>`: scripts/backfill-target.ts.
 */
import { runBackfillScript } from './backfill-target';

runBackfillScript({ owner: true }, async (client, tableName, ownerId) => {
  const { backfillSortIndexes } = await import('#functions/jobs/sort-index-backfill');
  return backfillSortIndexes(client, tableName, { ownerId });
});
