import middy from '@middy/core';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { refuseWithFeed } from '#shared/customer-records/delta-sync';
import { listOrders } from './list-orders.use-case';
import { syncOrders } from './sync-orders.use-case';
import { listOrdersQuery, type ListOrdersQuery } from './order.schema';
import { ordersDependencies } from '#functions/orders/orders.container';

export const listOrdersHandler = middy<ApiEvent<unknown, ListOrdersQuery>, HttpResult>()
  .use(authorize('listOrders'))
  .use(validate({ query: listOrdersQuery }))
  .handler(async (event) => {
    const { limit, cursor, updatedSince, ...criteria } = event.crm.query;
    // The cursor is bound to `updatedSince` too: a feed's cursor cannot continue another window or the list.
    const paging = pagingOf(event, { ...criteria, ...(updatedSince ? { updatedSince } : {}) }, cursor);
    if (updatedSince !== undefined) {
      refuseWithFeed(criteria, ['status', 'from', 'to']);
      const feed = await syncOrders(ordersDependencies(), { caller: callerOf(event), updatedSince, page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) } });
      const nextCursor = paging.nextCursor(feed.lastKey);
      return ok({ items: feed.items, nextCursor, ...(nextCursor === null ? { syncedUntil: feed.window.until } : {}) });
    }
    // Account managers list orders through their customers; across customers they have the delta feed only.
    if (event.crm.scope === 'own') {
      throw new DomainError(ErrorCode.Forbidden, 'Account managers list orders per customer (/v1/customers/{id}/orders); across customers, sync with updatedSince.');
    }
    const page = await listOrders(ordersDependencies(), {
      criteria,
      page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) },
    });
    return ok({ items: page.items, nextCursor: paging.nextCursor(page.lastKey) });
  });
