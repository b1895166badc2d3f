import type { Caller, WebhookDependencies } from './webhook.dependencies';
import type { Page, PageKey } from './webhook.ports';
import { publicWebhook, type Webhook } from './webhook.schema';

/**
 * List webhook subscriptions, newest first. Primary course: one Query of gsi1 (`WEBHOOKS`); no secrets in the answer.
 */
export const listWebhooks = async (
  deps: WebhookDependencies,
  request: { caller: Caller; page: { limit: number; startKey?: PageKey } },
): Promise<Page<Webhook>> => {
  const page = await deps.webhooks.list(request.page);
  return { items: page.items.map(publicWebhook), ...(page.lastKey ? { lastKey: page.lastKey } : {}) };
};
