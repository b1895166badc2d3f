import type { Caller, WebhookDependencies } from './webhook.dependencies';
import { webhookAtVersion } from './webhook.rules';

/**
 * Delete a subscription. Primary course: read at the If-Match version, deleted with its audit entry in one
 * transaction; nothing more is delivered to it (its pending deliveries are dead-lettered by the retry job), its
 * delivery log expires with the log's 30 days.
 *
 * Alternates: missing → 404; stale If-Match → 412.
 */
export const deleteWebhook = async (deps: WebhookDependencies, request: { caller: Caller; webhookId: string; expectedVersion: number }): Promise<void> => {
  const current = await webhookAtVersion(deps, request.webhookId, request.expectedVersion);
  await deps.webhooks.remove(current, request.caller.username, deps.clock.now().toISOString());
};
