import { claimOf, type IdempotencyRequest } from '#shared/idempotency/idempotency';
import type { Caller, WebhookDependencies } from './webhook.dependencies';
import type { CreateWebhookOutcome } from './webhook.ports';
import { checkUrl } from './webhook.rules';
import { publicWebhook, type CreateWebhookInput, type StoredWebhook } from './webhook.schema';

/**
 * Register a webhook subscription (issue 22): where to POST which domain events.
 *
 * Primary course:
 * 1. The URL passes the SSRF guard as written (https, a public host; loopback only in local mode).
 * 2. A new signing secret (`whsec_…`) is made; the subscription is stored with it, its audit entry (without the
 *    secret) and the idempotency record in one transaction.
 * 3. The answer carries the secret — the only time it is shown (a rotation shows the next one).
 *
 * Alternates: a refused URL → 400 naming `body.url`, nothing written; the same Idempotency-Key and body replays the
 * first answer (secret included), another body → 422.
 */
export const createWebhook = async (
  deps: WebhookDependencies,
  request: { caller: Caller; input: CreateWebhookInput; idempotency?: IdempotencyRequest | undefined },
): Promise<CreateWebhookOutcome> => {
  const { caller, input } = request;
  checkUrl(input.url, deps.urlPolicy);
  const now = deps.clock.now();
  const at = now.toISOString();
  const webhook: StoredWebhook = {
    id: deps.ids.next(),
    url: input.url,
    eventTypes: [...new Set(input.eventTypes)],
    active: input.active,
    ...(input.description !== undefined ? { description: input.description } : {}),
    secret: deps.newSecret(),
    version: 1,
    createdAt: at,
    createdBy: caller.username,
    updatedAt: at,
    updatedBy: caller.username,
  };
  return deps.webhooks.create(webhook, { ...publicWebhook(webhook), secret: webhook.secret }, claimOf(request.idempotency, now));
};
