import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { listWebhooks } from './list-webhooks.use-case';
import { webhookDependencies } from './webhook.container';
import { listWebhooksQuery, type ListWebhooksQuery } from './webhook.schema';

export const listWebhooksHandler = middy<ApiEvent<unknown, ListWebhooksQuery>, HttpResult>()
  .use(authorize('listWebhooks'))
  .use(validate({ query: listWebhooksQuery }))
  .handler(async (event) => {
    const { limit, cursor } = event.crm.query;
    const paging = pagingOf(event, {}, cursor);
    const page = await listWebhooks(webhookDependencies(), { caller: callerOf(event), page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) } });
    return ok({ items: page.items, nextCursor: paging.nextCursor(page.lastKey) });
  });
