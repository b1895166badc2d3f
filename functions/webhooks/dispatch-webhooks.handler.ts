import type { EventBridgeEvent } from 'aws-lambda';
import { WEBHOOK_METRICS_SERVICE, webhookOutcomePoints } from '#shared/events/business-metrics';
import type { DomainEvent } from '#shared/events/domain-event';
import { emfPublisher } from '#shared/events/emf-metrics';
import { dispatchEvent } from './dispatch-event.use-case';
import { webhookDependencies } from './webhook.container';
import { loadWebhooksConfig } from './webhooks.config';

// Fail the cold start when the table is not configured.
loadWebhooksConfig();

/**
 * The webhook dispatcher: the target of the bus rule `source = crm.domain` (lib/constructs/webhooks.ts); locally the
 * in-process bus calls `dispatchDomainEvent` (local/stack.ts). A failure is thrown back, so EventBridge's asynchronous
 * invoke retries the event — the deliveries already written are not written or sent twice (keyed by the event id).
 */
export const dispatchDomainEvent = (event: DomainEvent) => dispatchEvent(webhookDependencies(), event);

const metrics = emfPublisher(WEBHOOK_METRICS_SERVICE);

/** Lambda entry: also publishes the deliveries' outcomes (metric WebhookDeliveries, the operations dashboard). */
export const handler = async (event: EventBridgeEvent<string, DomainEvent>) => {
  const outcome = await dispatchDomainEvent(event.detail);
  metrics.add(webhookOutcomePoints({ delivered: outcome.delivered, failed: outcome.matched - outcome.delivered, deadLettered: 0 }));
  return outcome;
};
