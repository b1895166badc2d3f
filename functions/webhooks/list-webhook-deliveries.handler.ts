import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { listWebhookDeliveries } from './list-webhook-deliveries.use-case';
import { webhookDependencies } from './webhook.container';
import { listDeliveriesQuery, webhookIdParams, type ListDeliveriesQuery } from './webhook.schema';

export const listWebhookDeliveriesHandler = middy<ApiEvent<unknown, ListDeliveriesQuery, { webhookId: string }>, HttpResult>()
  .use(authorize('listWebhookDeliveries'))
  .use(validate({ params: webhookIdParams, query: listDeliveriesQuery }))
  .handler(async (event) => {
    const { limit, cursor, status } = event.crm.query;
    const paging = pagingOf(event, { webhookId: event.crm.params.webhookId, status }, cursor);
    const page = await listWebhookDeliveries(webhookDependencies(), {
      caller: callerOf(event),
      webhookId: event.crm.params.webhookId,
      status,
      page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) },
    });
    return ok({ items: page.items, nextCursor: paging.nextCursor(page.lastKey) });
  });
