/**
 * `npm run backfill:forecast`: puts the open opportunities stored before stages into the forecast — a stage and a
 * probability (their success rate) each, their share of the forecast cells and a first stage-history entry
 * (functions/jobs/forecast-backfill.ts: no Scan, one conditional transaction per opportunity, safe while the API
 * writes, re-runnable). Target: scripts/backfill-target.ts.
 */
import { runBackfillScript } from './backfill-target';

runBackfillScript({ owner: false }, async (client, tableName) => {
  const { backfillForecast } = await import('#functions/jobs/forecast-backfill');
  return backfillForecast(client, tableName);
});
