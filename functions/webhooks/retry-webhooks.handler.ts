import { logger } from '#shared/core/logger';
import { WEBHOOK_METRICS_SERVICE, webhookOutcomePoints } from '#shared/events/business-metrics';
import { emfPublisher } from '#shared/events/emf-metrics';
import { retryDueDeliveries } from './retry-deliveries.use-case';
import { webhookDependencies } from './webhook.container';
import { loadWebhooksConfig } from './webhooks.config';

// Fail the cold start when the table is not configured.
loadWebhooksConfig();

/** The webhook retry job: every minute (EventBridge Scheduler, lib/constructs/webhooks.ts); `npm run job:webhooks`. */
export const handler = async () => {
  const outcome = await retryDueDeliveries(webhookDependencies());
  logger.info('webhook retries', { ...outcome });
  // The deliveries' outcomes (metric WebhookDeliveries, the operations dashboard).
  const failed = Math.max(0, outcome.attempted - outcome.delivered - outcome.deadLettered);
  emfPublisher(WEBHOOK_METRICS_SERVICE).add(webhookOutcomePoints({ delivered: outcome.delivered, failed, deadLettered: outcome.deadLettered }));
  return outcome;
};
