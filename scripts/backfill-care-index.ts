/**
 * `npm run backfill:care-index`: puts the pending special-day reminders written before the care list's index on it,
 * every pending care reminder on its customer's owner's care index (the calendar's), and arms a "no contact for N
 * days" check for each customer without one (never contacted, or stored before the checks) — functions/jobs/
 * care-index-backfill.ts: no Scan, conditional writes only where out of step, safe while the API writes, re-runnable. Target and `-- --owner <username>`: scripts/backfill-target.ts.
 */
import { runBackfillScript } from './backfill-target';

runBackfillScript({ owner: true }, async (client, tableName, ownerId) => {
  const { backfillCareIndex } = await import('#functions/jobs/care-index-backfill');
  return backfillCareIndex(client, tableName, { ownerId });
});
