/**
 * `npm run job:reports`: runs the report-snapshot job once against the local stack (scripts/local-job.ts).
 *
 *   npm run job:reports                          the month of yesterday (what the nightly schedule does)
 *   npm run job:reports -- --period 2026-10      that month (re-running overwrites its snapshots)
 *   npm run job:reports -- --endpoints path/to/endpoints.json
 */
import { runLocalJob } from './local-job';

runLocalJob({
  service: 'crm-report-snapshots',
  options: ['period'],
  check: ({ period }) => {
    if (period !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) throw new Error(`--period ${period}: not a month (use e.g. 2026-10)`);
  },
  run: async ({ period }) => (await import('#functions/jobs/report-snapshots.handler')).handler({ trigger: 'manual', ...(period ? { period } : {}) }),
});
