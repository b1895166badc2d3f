import type { Caller, WebhookDependencies } from './webhook.dependencies';
import { webhookNotFound } from './webhook.rules';
import { publicWebhook, type Webhook } from './webhook.schema';

/**
 * Read a webhook subscription. Primary course: one consistent GetItem; the answer has no secret.
 * Alternates: none stored → 404.
 */
export const getWebhook = async (deps: WebhookDependencies, request: { caller: Caller; webhookId: string }): Promise<Webhook> => {
  const webhook = await deps.webhooks.get(request.webhookId);
  if (!webhook) throw webhookNotFound(request.webhookId);
  return publicWebhook(webhook);
};
