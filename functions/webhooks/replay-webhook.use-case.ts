import { DomainError, ErrorCode } from '#shared/core/errors';
import { MAX_REPLAY_WINDOW_MS } from '#shared/webhooks/delivery-schedule';
import type { Caller, WebhookDependencies } from './webhook.dependencies';
import { webhookAtVersion } from './webhook.rules';

/** At most this many deliveries per replay request (the answer says when more matched). */
export const MAX_REPLAYED = 1_000;

/**
 * Replay a subscription's deliveries from a point in time (≤ 7 days back): every delivery of an event at or after
 * `since` is set pending with a fresh 24-hour window, due now; the retry job sends them within a minute, each with its
 * original `webhook-id`.
 *
 * Primary course: the subscription is read; its log (gsi2) from `since` is read (at most 1,000 + 1 items); each
 * delivery is rescheduled by a conditional Put (one not changed since read); the replay is audited on the subscription.
 * Answers how many were scheduled.
 *
 * Alternates: no such subscription → 404; changed since the caller read it (If-Match) → 412; `since` more than 7 days back or in the future → 400 naming `body.since`.
 * Only events this subscription matched when they happened are in its log: events before it existed are not replayed.
 */
export const replayWebhook = async (
  deps: WebhookDependencies,
  request: { caller: Caller; webhookId: string; since: string; expectedVersion: number },
): Promise<{ scheduled: number; truncated: boolean }> => {
  const now = deps.clock.now();
  const since = Date.parse(request.since);
  if (now.getTime() - since > MAX_REPLAY_WINDOW_MS || since > now.getTime()) {
    const message = 'A replay starts at most 7 days back, and not in the future.';
    throw new DomainError(ErrorCode.ValidationFailed, message, { errors: [{ path: 'body.since', message }] });
  }
  const webhook = await webhookAtVersion(deps, request.webhookId, request.expectedVersion);
  const found = await deps.deliveries.since(request.webhookId, request.since, MAX_REPLAYED + 1);
  const at = now.toISOString();
  let scheduled = 0;
  for (const delivery of found.slice(0, MAX_REPLAYED)) {
    const { deliveredAt: _deliveredAt, ...rest } = delivery;
    const due = { ...rest, status: 'pending' as const, firstAttemptAt: at, nextAttemptAt: at };
    if (await deps.deliveries.replace(due, { attempts: delivery.attempts, status: delivery.status })) scheduled += 1;
  }
  await deps.webhooks.recordAction(webhook, 'replay', request.caller.username, at, `Deliveries since ${request.since} scheduled again: ${scheduled}.`);
  return { scheduled, truncated: found.length > MAX_REPLAYED };
};
