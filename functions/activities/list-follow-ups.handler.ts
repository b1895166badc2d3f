import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { activityDependencies } from './activity.container';
import { listFollowUpsQuery, type ListFollowUpsQuery } from './activity.schema';
import { listFollowUps } from './list-follow-ups.use-case';

export const listFollowUpsHandler = middy<ApiEvent<unknown, ListFollowUpsQuery>, HttpResult>()
  .use(authorize('listFollowUps'))
  .use(validate({ query: listFollowUpsQuery }))
  .handler(async (event) => {
    const { limit, cursor, ...filters } = event.crm.query;
    const paging = pagingOf(event, filters, cursor);
    const page = await listFollowUps(activityDependencies(), {
      caller: callerOf(event),
      filters,
      page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) },
    });
    return ok({ items: page.items, nextCursor: paging.nextCursor(page.lastKey) });
  });
