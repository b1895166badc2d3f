import type { Caller, WebhookDependencies } from './webhook.dependencies';
import type { WebhookWithSecret } from './webhook.ports';
import { webhookAtVersion } from './webhook.rules';
import { publicWebhook, type StoredWebhook } from './webhook.schema';

/** How long the previous secret still signs (a second `v1,` signature) after a rotation. */
export const ROTATION_GRACE_MS = 24 * 3_600_000;

/**
 * Rotate a subscription's signing secret.
 *
 * Primary course: read at the If-Match version; a new secret replaces the current one, which keeps signing beside it
 * for 24 hours (Standard Webhooks: several space-separated signatures), so the subscriber can switch without losing a
 * delivery; written with its audit entry (no secret in it); the answer shows the new secret this once.
 *
 * Alternates: missing → 404; stale If-Match → 412.
 */
export const rotateWebhookSecret = async (
  deps: WebhookDependencies,
  request: { caller: Caller; webhookId: string; expectedVersion: number },
): Promise<WebhookWithSecret> => {
  const current = await webhookAtVersion(deps, request.webhookId, request.expectedVersion);
  const now = deps.clock.now();
  const at = now.toISOString();
  const next: StoredWebhook = {
    ...current,
    secret: deps.newSecret(),
    previousSecret: current.secret,
    previousSecretExpiresAt: new Date(now.getTime() + ROTATION_GRACE_MS).toISOString(),
    version: current.version + 1,
    updatedAt: at,
    updatedBy: request.caller.username,
  };
  await deps.webhooks.save(current, next, { action: 'update', note: 'signing secret rotated' });
  return { ...publicWebhook(next), secret: next.secret };
};
