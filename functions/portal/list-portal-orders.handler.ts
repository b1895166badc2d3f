import middy from '@middy/core';
import { validate, type ApiEvent } from '#shared/http/middleware';
import { ok, type HttpResult } from '#shared/http/responses';
import { listPortalOrders } from './portal-orders.use-case';
import { portalDependencies } from './portal.container';
import { portalPagingOf } from './portal-request';
import { portalSession, sessionOf } from './portal-session.middleware';
import { portalOrderSummaryOf } from './portal-order.view';
import { listPortalOrdersQuery, type ListPortalOrdersQuery } from './portal-order.schema';

export const listPortalOrdersHandler = middy<ApiEvent<unknown, ListPortalOrdersQuery>, HttpResult>()
  .use(portalSession())
  .use(validate({ query: listPortalOrdersQuery }))
  .handler(async (event) => {
    const session = sessionOf(event);
    const { limit, cursor } = event.crm.query;
    const paging = portalPagingOf('listPortalOrders', session, {}, cursor);
    const page = await listPortalOrders(portalDependencies(), { session, page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) } });
    return ok({ items: page.items.map(portalOrderSummaryOf), nextCursor: paging.nextCursor(page.lastKey) });
  });
