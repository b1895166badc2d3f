import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { listCustomerOrders } from './list-customer-orders.use-case';
import { syncCustomerOrders } from './sync-customer-orders.use-case';
import { customerOrdersParams, listCustomerOrdersQuery, type ListCustomerOrdersQuery } from './order.schema';
import { ordersDependencies } from '#functions/orders/orders.container';

export const listCustomerOrdersHandler = middy<ApiEvent<unknown, ListCustomerOrdersQuery, { customerId: string }>, HttpResult>()
  .use(authorize('listCustomerOrders'))
  .use(validate({ params: customerOrdersParams, query: listCustomerOrdersQuery }))
  .handler(async (event) => {
    const { limit, cursor, updatedSince } = event.crm.query;
    const paging = pagingOf(event, updatedSince ? { updatedSince } : {}, cursor);
    if (updatedSince !== undefined) {
      const feed = await syncCustomerOrders(ordersDependencies(), {
        caller: callerOf(event),
        customerId: event.crm.params.customerId,
        updatedSince,
        page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) },
      });
      const nextCursor = paging.nextCursor(feed.lastKey);
      return ok({ items: feed.items, nextCursor, ...(nextCursor === null ? { syncedUntil: feed.window.until } : {}) });
    }
    const page = await listCustomerOrders(ordersDependencies(), {
      caller: callerOf(event),
      customerId: event.crm.params.customerId,
      page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) },
    });
    return ok({ items: page.items, nextCursor: paging.nextCursor(page.lastKey) });
  });
