import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { dictionaryCodes } from '#shared/dictionary/middleware';
import { listServices } from './list-services.use-case';
import { serviceDependencies } from './service.container';
import { listServicesQuery, type ListServicesQuery } from './service.schema';

export const listServicesHandler = middy<ApiEvent<unknown, ListServicesQuery>, HttpResult>()
  .use(authorize('listServices'))
  .use(validate({ query: listServicesQuery }))
  // A filter code must be in its dictionary list (an inactive one still finds old records).
  .use(dictionaryCodes({ type: 'service-types' }, { part: 'query' }))
  .handler(async (event) => {
    const { limit, cursor, ...filters } = event.crm.query;
    const paging = pagingOf(event, filters, cursor);
    const page = await listServices(serviceDependencies(), {
      caller: callerOf(event),
      filters,
      page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) },
    });
    return ok({ items: page.items, nextCursor: paging.nextCursor(page.lastKey) });
  });
