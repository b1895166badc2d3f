/**
 * `npm run backfill:plan-steps`: lists the open plan steps of assigned opportunities under their assignee's "plan
 * steps due" and sets the headers' open-step counters (functions/jobs/plan-step-backfill.ts: no Scan, one conditional
 * transaction per opportunity out of step, safe while the API writes, re-runnable). Target: scripts/backfill-target.ts.
 */
import { runBackfillScript } from './backfill-target';

runBackfillScript({ owner: false }, async (client, tableName) => {
  const { backfillPlanSteps } = await import('#functions/jobs/plan-step-backfill');
  return backfillPlanSteps(client, tableName);
});
