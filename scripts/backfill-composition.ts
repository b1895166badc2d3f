/**
 * `npm run backfill:composition`: recomputes the customer-composition counts from the customer items and
 * overwrites them (idempotent, re-runnable). Target: scripts/backfill-target.ts.
 */
import { runBackfillScript } from './backfill-target';

runBackfillScript({ owner: false }, async (client, tableName) => {
  const { backfillComposition } = await import('#functions/jobs/composition-backfill');
  return backfillComposition(client, tableName);
});
