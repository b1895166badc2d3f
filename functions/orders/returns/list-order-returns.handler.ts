import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { orderIdParams } from '#functions/orders/order/order.schema';
import { listOrderReturns } from './list-order-returns.use-case';
import { returnsDependencies } from './returns.container';
import { listOrderReturnsQuery, type ListOrderReturnsQuery } from './return.schema';

export const listOrderReturnsHandler = middy<ApiEvent<unknown, ListOrderReturnsQuery, { orderId: string }>, HttpResult>()
  .use(authorize('listOrderReturns'))
  .use(validate({ params: orderIdParams, query: listOrderReturnsQuery }))
  .handler(async (event) => {
    const paging = pagingOf(event, { orderId: event.crm.params.orderId }, event.crm.query.cursor);
    const page = await listOrderReturns(returnsDependencies(), {
      caller: callerOf(event),
      orderId: event.crm.params.orderId,
      page: { limit: event.crm.query.limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) },
    });
    return ok({ items: page.items, nextCursor: paging.nextCursor(page.lastKey) });
  });
