import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { dunningDependencies } from './dunning.container';
import { listDunningQuery, type ListDunningQuery } from './dunning.schema';
import { listDunning } from './list-dunning.use-case';

export const listDunningHandler = middy<ApiEvent<unknown, ListDunningQuery>, HttpResult>()
  .use(authorize('listDunning'))
  .use(validate({ query: listDunningQuery }))
  .handler(async (event) => {
    const { limit, cursor } = event.crm.query;
    const paging = pagingOf(event, {}, cursor);
    const page = await listDunning(dunningDependencies(), {
      caller: callerOf(event),
      page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) },
    });
    return ok({ asOf: page.asOf, items: page.items, nextCursor: paging.nextCursor(page.lastKey) });
  });
