import { DomainError, ErrorCode } from '#shared/core/errors';
import { eventTypeMatches, type DomainEvent } from '#shared/events/domain-event';
import { nextAttemptAt, shouldDisable, FIRST_RETRY_MS } from '#shared/webhooks/delivery-schedule';
import { urlRefusal, type UrlPolicy } from '#shared/webhooks/url-guard';
import { DELIVERY_RETENTION_SECONDS, type Delivery } from './delivery.entity';
import type { WebhookDependencies } from './webhook.dependencies';
import type { DeliveryView, StoredWebhook } from './webhook.schema';

/** Rules the webhooks use cases share: lookups, the URL check, and one delivery attempt. */

export const webhookNotFound = (webhookId: string): DomainError => new DomainError(ErrorCode.WebhookNotFound, `No webhook ${webhookId}.`);

export const webhookAtVersion = async (deps: WebhookDependencies, webhookId: string, expectedVersion: number): Promise<StoredWebhook> => {
  const webhook = await deps.webhooks.get(webhookId);
  if (!webhook) throw webhookNotFound(webhookId);
  assertWebhookVersion(webhook, expectedVersion);
  return webhook;
};

/** The subscription as the caller read it (If-Match), else VersionConflict (412). */
export const assertWebhookVersion = (webhook: StoredWebhook, expectedVersion: number): void => {
  if (webhook.version !== expectedVersion) {
    throw new DomainError(ErrorCode.VersionConflict, `Webhook ${webhook.id} has changed since you read it (now version ${webhook.version}); read it again.`);
  }
};

/** Refuses a URL the SSRF guard would not deliver to (400 naming `body.url`), nothing written. */
export const checkUrl = (url: string, policy: UrlPolicy): void => {
  const refusal = urlRefusal(url, policy);
  if (refusal) throw new DomainError(ErrorCode.ValidationFailed, refusal, { errors: [{ path: 'body.url', message: refusal }] });
};

export const subscribes = (webhook: StoredWebhook, eventType: string): boolean =>
  webhook.active && webhook.eventTypes.some((pattern) => eventTypeMatches(pattern, eventType));

/** Without its undefined members (the table client refuses them). */
const defined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;

/** The first attempt of an event's delivery to a subscription, already claimed (attempt 1). */
export const firstAttemptOf = (webhook: StoredWebhook, event: DomainEvent, now: Date): Delivery => {
  const at = now.toISOString();
  return {
    id: event.id,
    webhookId: webhook.id,
    eventId: event.id,
    eventType: event.type,
    eventTime: event.time,
    payload: JSON.stringify(event),
    status: 'pending',
    attempts: 1,
    firstAttemptAt: at,
    lastAttemptAt: at,
    // A safety net: should this attempt never record its outcome, the retry job tries again.
    nextAttemptAt: nextAttemptAt(at, 1, now) ?? new Date(now.getTime() + FIRST_RETRY_MS).toISOString(),
    ttl: Math.floor(now.getTime() / 1000) + DELIVERY_RETENTION_SECONDS,
  };
};

/** The next attempt of a delivery, claimed (`restart`: a manual redelivery or a replay opens a new 24-hour window). */
export const claimOf = (delivery: Delivery, now: Date, restart = false): Delivery => {
  const at = now.toISOString();
  const firstAttemptAt = restart ? at : delivery.firstAttemptAt;
  const attempts = delivery.attempts + 1;
  return defined({
    ...delivery,
    status: 'pending',
    attempts,
    firstAttemptAt,
    lastAttemptAt: at,
    nextAttemptAt: nextAttemptAt(firstAttemptAt, attempts, now) ?? new Date(now.getTime() + FIRST_RETRY_MS).toISOString(),
    deliveredAt: undefined,
  });
};

/** The secrets that sign now: the current one, and the previous one until its grace period ends. */
export const signingSecrets = (webhook: StoredWebhook, now: Date): string[] =>
  webhook.previousSecret && webhook.previousSecretExpiresAt && webhook.previousSecretExpiresAt > now.toISOString()
    ? [webhook.secret, webhook.previousSecret]
    : [webhook.secret];

/**
 * Sends a claimed attempt and records its outcome: delivered (2xx), pending with its next attempt, or dead-lettered
 * (`failed`) when the next would fall past 24 hours after the first — and then the subscription is disabled if no
 * delivery to it succeeded since (shared/webhooks/delivery-schedule.ts, `shouldDisable`).
 */
export const sendClaimed = async (deps: WebhookDependencies, webhook: StoredWebhook, claimed: Delivery): Promise<Delivery> => {
  const outcome = await deps.sender({ url: webhook.url, id: claimed.id, payload: claimed.payload, secrets: signingSecrets(webhook, deps.clock.now()) });
  const now = deps.clock.now();
  const at = now.toISOString();
  const answer = { responseStatus: outcome.status, responseExcerpt: outcome.excerpt, error: outcome.error };
  if (outcome.ok) {
    const delivered = defined({ ...claimed, ...answer, status: 'delivered' as const, deliveredAt: at, nextAttemptAt: undefined, error: undefined });
    await deps.deliveries.replace(delivered, { attempts: claimed.attempts, status: 'pending' });
    await deps.webhooks.recordOutcome(webhook.id, { lastSuccessAt: at });
    return delivered;
  }
  const next = nextAttemptAt(claimed.firstAttemptAt, claimed.attempts, now);
  if (next) {
    const retried = defined({ ...claimed, ...answer, nextAttemptAt: next });
    await deps.deliveries.replace(retried, { attempts: claimed.attempts, status: 'pending' });
    return retried;
  }
  const dead = defined({ ...claimed, ...answer, status: 'failed' as const, nextAttemptAt: undefined });
  await deps.deliveries.replace(dead, { attempts: claimed.attempts, status: 'pending' });
  const health = await deps.webhooks.health(webhook.id);
  await deps.webhooks.recordOutcome(webhook.id, { lastFailureAt: at });
  if (shouldDisable(claimed.firstAttemptAt, health?.lastSuccessAt)) await disable(deps, webhook.id, at);
  return dead;
};

/** Disables a subscription after a day of failed deliveries (audited as `system:webhooks`). */
const disable = async (deps: WebhookDependencies, webhookId: string, at: string): Promise<void> => {
  const current = await deps.webhooks.get(webhookId);
  if (!current?.active) return;
  const reason = 'Deliveries failed for 24 hours; re-activate it (PATCH active: true) once the endpoint answers.';
  await deps.webhooks
    .save(current, { ...current, active: false, disabledAt: at, disabledReason: reason, version: current.version + 1, updatedAt: at, updatedBy: 'system:webhooks' }, { action: 'update', note: reason })
    .catch(() => undefined); // changed meanwhile by an administrator: their version stands.
};

/** A delivery as the API shows it: without its payload and TTL. */
export const deliveryView = (delivery: Delivery): DeliveryView => {
  const { payload: _payload, ttl: _ttl, ...view } = delivery;
  return view;
};
