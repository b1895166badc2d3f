/**
 * `npm run job:churn`: runs the daily churn-detection job once against the local stack (scripts/local-job.ts).
 *
 *   npm run job:churn                                   as of now, threshold 6 months
 *   npm run job:churn -- --as-of 2027-06-01             as of another day (pinned clock), e.g. to see warnings
 *                                                       on a freshly seeded store
 *   npm run job:churn -- --threshold-months 3           another threshold (CHURN_THRESHOLD_MONTHS)
 *   npm run job:churn -- --endpoints path/to/endpoints.json
 */
import { runLocalJob } from './local-job';

const asOfOf = (value: string | undefined): Date | undefined => (value === undefined ? undefined : new Date(value));

runLocalJob({
  service: 'crm-churn-detection',
  options: ['as-of', 'threshold-months'],
  check: (values) => {
    const asOf = asOfOf(values['as-of']);
    if (asOf && Number.isNaN(asOf.getTime())) throw new Error(`--as-of ${values['as-of']}: not a date (use e.g. 2027-06-01 or 2027-06-01T02:30:00Z)`);
  },
  environment: (_, values): Record<string, string> => (values['threshold-months'] ? { CHURN_THRESHOLD_MONTHS: values['threshold-months'] } : {}),
  run: async (values) => {
    const { handler } = await import('#functions/jobs/churn-detection.handler');
    const asOf = asOfOf(values['as-of']);
    if (asOf) {
      const { churnDetectionDependencies, useChurnDetectionDependencies } = await import('#functions/jobs/churn-detection.container');
      useChurnDetectionDependencies({ ...churnDetectionDependencies(), clock: { now: () => asOf } });
    }
    const run = await handler();
    return { ...run, opened: run.opened.length, openedCustomerIds: run.opened };
  },
});
