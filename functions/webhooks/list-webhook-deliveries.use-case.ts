import type { Caller, WebhookDependencies } from './webhook.dependencies';
import type { Page, PageKey } from './webhook.ports';
import { deliveryView, webhookNotFound } from './webhook.rules';
import type { DeliveryStatus, DeliveryView } from './webhook.schema';

/**
 * A subscription's delivery log, newest event first (30 days kept). Primary course: the subscription is read, then one
 * Query of its log (gsi2), `status` filtering the page. Alternates: no such subscription → 404.
 */
export const listWebhookDeliveries = async (
  deps: WebhookDependencies,
  request: { caller: Caller; webhookId: string; status?: DeliveryStatus | undefined; page: { limit: number; startKey?: PageKey } },
): Promise<Page<DeliveryView>> => {
  if (!(await deps.webhooks.get(request.webhookId))) throw webhookNotFound(request.webhookId);
  const page = await deps.deliveries.log(request.webhookId, { status: request.status }, request.page);
  return { items: page.items.map(deliveryView), ...(page.lastKey ? { lastKey: page.lastKey } : {}) };
};
