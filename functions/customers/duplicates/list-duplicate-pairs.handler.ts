import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { duplicatePairDependencies } from './duplicates.container';
import { listDuplicatePairsQuery, type ListDuplicatePairsQuery } from './duplicates.schema';
import { listDuplicatePairs } from './list-duplicate-pairs.use-case';

export const listDuplicatePairsHandler = middy<ApiEvent<unknown, ListDuplicatePairsQuery>, HttpResult>()
  .use(authorize('listDuplicatePairs'))
  .use(validate({ query: listDuplicatePairsQuery }))
  .handler(async (event) => {
    const { limit, cursor } = event.crm.query;
    const paging = pagingOf(event, {}, cursor);
    const page = await listDuplicatePairs(duplicatePairDependencies(), {
      page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) },
    });
    return ok({ items: page.items, nextCursor: paging.nextCursor(page.lastKey) });
  });
