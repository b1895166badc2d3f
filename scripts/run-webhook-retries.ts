/**
 * `npm run job:webhooks`: runs the webhook retry job (every minute in AWS) once against the local stack
 * (scripts/local-job.ts).
 *
 *   npm run job:webhooks
 *   npm run job:webhooks -- --endpoints path/to/endpoints.json
 */
import { runLocalJob } from './local-job';

runLocalJob({
  service: 'crm-webhook-retries',
  // Local mode: subscribers on this machine are allowed (shared/webhooks/url-guard.ts).
  environment: () => ({ WEBHOOKS_ALLOW_LOOPBACK: 'true' }),
  run: async () => (await import('#functions/webhooks/retry-webhooks.handler')).handler(),
});
