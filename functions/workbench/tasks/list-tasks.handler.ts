import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { listTasks } from './list-tasks.use-case';
import { taskDependencies } from './task.container';
import { listTasksQuery, type ListTasksQuery } from './task.schema';

export const listTasksHandler = middy<ApiEvent<unknown, ListTasksQuery>, HttpResult>()
  .use(authorize('listTasks'))
  .use(validate({ query: listTasksQuery }))
  .handler(async (event) => {
    const { limit, cursor, ...filters } = event.crm.query;
    const paging = pagingOf(event, filters, cursor);
    const page = await listTasks(taskDependencies(), {
      caller: callerOf(event),
      filters,
      page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) },
    });
    return ok({ items: page.items, nextCursor: paging.nextCursor(page.lastKey) });
  });
