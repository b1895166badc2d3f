/**
 * `npm run job:quotes`: runs the daily quote expiry once against the local stack (scripts/local-job.ts).
 *
 *   npm run job:quotes
 *   npm run job:quotes -- --endpoints path/to/endpoints.json
 */
import { runLocalJob } from './local-job';

runLocalJob({
  service: 'crm-quote-expiry',
  run: async () => (await import('#functions/jobs/quote-expiry.handler')).handler(),
});
