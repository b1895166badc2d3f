/**
 * `npm run backfill:search`: writes the search-index terms of every customer and contact written before the index
 * existed (functions/jobs/search-index-backfill.ts: no Scan, one transaction per record held to its version, safe
 * while the API writes, re-runnable). Target and `-- --owner <username>`: scripts/backfill-target.ts.
 */
import { runBackfillScript } from './backfill-target';

runBackfillScript({ owner: true }, async (client, tableName, ownerId) => {
  const { backfillSearchIndex } = await import('#functions/jobs/search-index-backfill');
  return backfillSearchIndex(client, tableName, { ownerId });
});
