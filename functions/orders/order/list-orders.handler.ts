import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { listOrders } from './list-orders.use-case';
import { listOrdersQuery, type ListOrdersQuery } from './order.schema';
import { ordersDependencies } from '#functions/orders/orders.container';

export const listOrdersHandler = middy<ApiEvent<unknown, ListOrdersQuery>, HttpResult>()
  .use(authorize('listOrders'))
  .use(validate({ query: listOrdersQuery }))
  .handler(async (event) => {
    const { limit, cursor, ...criteria } = event.crm.query;
    const paging = pagingOf(event, criteria, cursor);
    const page = await listOrders(ordersDependencies(), {
      criteria,
      page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) },
    });
    return ok({ items: page.items, nextCursor: paging.nextCursor(page.lastKey) });
  });
