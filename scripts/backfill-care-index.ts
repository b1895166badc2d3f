/**
 * `npm run backfill:care-index`: puts the pending special-day reminders written before the care list's index on it
 * (functions/jobs/care-index-backfill.ts: no Scan, one conditional update per pending reminder out of step, safe while
 * the API writes, re-runnable). Target and `-- --owner <username>`: scripts/backfill-target.ts.
 */
import { runBackfillScript } from './backfill-target';

runBackfillScript({ owner: true }, async (client, tableName, ownerId) => {
  const { backfillCareIndex } = await import('#functions/jobs/care-index-backfill');
  return backfillCareIndex(client, tableName, { ownerId });
});
