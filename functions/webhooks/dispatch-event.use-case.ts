import type { DomainEvent } from '#shared/events/domain-event';
import type { WebhookDependencies } from './webhook.dependencies';
import { firstAttemptOf, sendClaimed, subscribes } from './webhook.rules';

/**
 * Deliver one domain event to every subscription that wants it (the bus rule's target, functions/webhooks/
 * dispatch-webhooks.handler.ts; locally the in-process bus).
 *
 * Primary course:
 * 1. The subscriptions are read (one Query of gsi1, cached ≤ 10 s per container); the active ones whose event types
 *    match the event's (`crm.order.*`, `*`) are kept.
 * 2. For each, the delivery is written, already claimed as attempt 1, unless this event was already delivered to it
 *    (a conditional Put keyed by the event id: an event the bus hands over twice is delivered once).
 * 3. Each is sent at once; a failure is scheduled on its minute bucket for the retry job (exponential backoff).
 *
 * Answers how many deliveries were made and how many of those succeeded at once.
 */
export const dispatchEvent = async (deps: WebhookDependencies, event: DomainEvent): Promise<{ matched: number; delivered: number }> => {
  const webhooks = (await deps.webhooks.all()).filter((webhook) => subscribes(webhook, event.type));
  const outcomes = await Promise.all(
    webhooks.map(async (webhook) => {
      const claimed = firstAttemptOf(webhook, event, deps.clock.now());
      if (!(await deps.deliveries.createIfAbsent(claimed))) return undefined;
      return sendClaimed(deps, webhook, claimed);
    }),
  );
  const made = outcomes.filter((outcome) => outcome !== undefined);
  return { matched: made.length, delivered: made.filter((outcome) => outcome.status === 'delivered').length };
};
