import middy from '@middy/core';
import { listPortalServices } from '#functions/services/portal-service.use-case';
import { validate, type ApiEvent } from '#shared/http/middleware';
import { ok, type HttpResult } from '#shared/http/responses';
import { portalPagingOf } from './portal-request';
import { portalServiceDependencies } from './portal-services.container';
import { portalSession, sessionOf } from './portal-session.middleware';
import { portalServiceOf } from './portal-service.view';
import { listPortalServicesQuery, type ListPortalServicesQuery } from './portal-service.schema';

export const listPortalServicesHandler = middy<ApiEvent<unknown, ListPortalServicesQuery>, HttpResult>()
  .use(portalSession())
  .use(validate({ query: listPortalServicesQuery }))
  .handler(async (event) => {
    const session = sessionOf(event);
    const { limit, cursor } = event.crm.query;
    const paging = portalPagingOf('listPortalServiceRequests', session, {}, cursor);
    const page = await listPortalServices(portalServiceDependencies(), {
      customerId: session.user.customerId,
      page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) },
    });
    return ok({ items: page.items.map(portalServiceOf), nextCursor: paging.nextCursor(page.lastKey) });
  });
