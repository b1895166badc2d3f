import { logger } from '#shared/core/logger';
import { retryDueDeliveries } from './retry-deliveries.use-case';
import { webhookDependencies } from './webhook.container';
import { loadWebhooksConfig } from './webhooks.config';

// Fail the cold start when the table is not configured.
loadWebhooksConfig();

/** The webhook retry job: every minute (EventBridge Scheduler, lib/constructs/webhooks.ts); `npm run job:webhooks`. */
export const handler = async () => {
  const outcome = await retryDueDeliveries(webhookDependencies());
  logger.info('webhook retries', { ...outcome });
  return outcome;
};
