import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { careDependencies } from './care.container';
import { careQuery, type CareQuery } from './care.schema';
import { listCare } from './care.use-case';

export const listCareHandler = middy<ApiEvent<unknown, CareQuery>, HttpResult>()
  .use(authorize('listCare'))
  .use(validate({ query: careQuery }))
  .handler(async (event) => {
    const { limit, cursor, ...filters } = event.crm.query;
    const paging = pagingOf(event, filters, cursor);
    const { lastKey, ...list } = await listCare(careDependencies(), {
      caller: callerOf(event),
      query: filters,
      page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) },
    });
    return ok({ ...list, nextCursor: paging.nextCursor(lastKey) });
  });
