/**
 * `npm run backfill:opportunity-customers`: puts the opportunities stored before their by-customer index (gsi4) on it,
 * so a customer merge finds them (functions/jobs/opportunity-customer-index-backfill.ts: no Scan, one conditional
 * Update per opportunity lacking the keys, safe while the API writes, re-runnable). Target: scripts/backfill-target.ts.
 */
import { runBackfillScript } from './backfill-target';

runBackfillScript({ owner: false }, async (client, tableName) => {
  const { backfillOpportunityCustomerIndex } = await import('#functions/jobs/opportunity-customer-index-backfill');
  return backfillOpportunityCustomerIndex(client, tableName);
});
