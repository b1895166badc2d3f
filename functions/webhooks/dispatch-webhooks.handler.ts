import type { EventBridgeEvent } from 'aws-lambda';
import type { DomainEvent } from '#shared/events/domain-event';
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

export const handler = async (event: EventBridgeEvent<string, DomainEvent>) => dispatchDomainEvent(event.detail);
