import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Caller, WebhookDependencies } from './webhook.dependencies';
import { assertWebhookVersion, claimOf, deliveryView, sendClaimed, webhookNotFound } from './webhook.rules';
import type { DeliveryView } from './webhook.schema';

/**
 * Send a delivery again, now (manual redelivery): the same `webhook-id` and payload, signed afresh.
 *
 * Primary course: the subscription and the delivery are read; the delivery is claimed (its attempts and status
 * unchanged since read, so a retry running at the same moment does not send it twice) with a new 24-hour retry
 * window; it is sent at once and the answer is its outcome — delivered, or pending with its next attempt; the
 * redelivery is audited on the subscription (after the send: the audit names its outcome).
 *
 * Alternates: no such subscription or delivery → 404; a pending delivery (being attempted, or scheduled for its next
 * retry: the retry job sends it at `nextAttemptAt`) → 409, nothing sent — so a redelivery is never sent twice; the
 * subscription changed since the caller read it (If-Match) → 412 (after the 409: RFC 9110 §13.2.1).
 */
export const redeliverWebhookDelivery = async (
  deps: WebhookDependencies,
  request: { caller: Caller; webhookId: string; deliveryId: string; expectedVersion: number },
): Promise<DeliveryView> => {
  const webhook = await deps.webhooks.get(request.webhookId);
  if (!webhook) throw webhookNotFound(request.webhookId);
  const delivery = await deps.deliveries.get(request.webhookId, request.deliveryId);
  if (!delivery) throw new DomainError(ErrorCode.WebhookDeliveryNotFound, `No delivery ${request.deliveryId} of webhook ${request.webhookId}.`);
  if (delivery.status === 'pending') {
    throw new DomainError(ErrorCode.InvalidTransition, `Delivery ${request.deliveryId} is pending: it is sent again at ${delivery.nextAttemptAt ?? 'its next attempt'}.`);
  }
  assertWebhookVersion(webhook, request.expectedVersion);
  const claimed = claimOf(delivery, deps.clock.now(), true);
  if (!(await deps.deliveries.replace(claimed, { attempts: delivery.attempts, status: delivery.status }))) {
    throw new DomainError(ErrorCode.InvalidTransition, `Delivery ${request.deliveryId} is being attempted right now; read the log again.`);
  }
  const sent = await sendClaimed(deps, webhook, claimed);
  await deps.webhooks.recordAction(webhook, 'redeliver', request.caller.username, deps.clock.now().toISOString(), `Delivery ${request.deliveryId} sent again: ${sent.status}.`);
  return deliveryView(sent);
};
