/**
 * `npm run backfill:receivables`: gives orders placed before payment terms existed their terms, due date and
 * open-receivable item, and puts every open receivable on the by-customer index under its customer's current owner
 * (functions/jobs/receivables-backfill.ts: no Scan, one conditional transaction per order or item out of step, safe
 * while the API writes, re-runnable). Target and `-- --owner <username>` (pass 1 only): scripts/backfill-target.ts.
 */
import { runBackfillScript } from './backfill-target';

runBackfillScript({ owner: true }, async (client, tableName, ownerId) => {
  const { backfillReceivables } = await import('#functions/jobs/receivables-backfill');
  return backfillReceivables(client, tableName, { ownerId });
});
