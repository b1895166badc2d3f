import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { listProducts } from './list-products.use-case';
import { ordersDependencies } from '#functions/orders/orders.container';
import { listProductsQuery, type ListProductsQuery } from './product.schema';

export const listProductsHandler = middy<ApiEvent<unknown, ListProductsQuery>, HttpResult>()
  .use(authorize('listProducts'))
  .use(validate({ query: listProductsQuery }))
  .handler(async (event) => {
    const { limit, cursor, ...filters } = event.crm.query;
    const paging = pagingOf(event, filters, cursor);
    const page = await listProducts(ordersDependencies(), {
      filters,
      page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) },
      viewer: event.crm.principal.role,
    });
    return ok({ items: page.items, nextCursor: paging.nextCursor(page.lastKey) });
  });
