import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { listUsers } from './list-users.use-case';
import { userDependencies } from './user.container';
import { listUsersQuery, type ListUsersQuery } from './user.schema';

export const listUsersHandler = middy<ApiEvent<unknown, ListUsersQuery>, HttpResult>()
  .use(authorize('listUsers'))
  .use(validate({ query: listUsersQuery }))
  .handler(async (event) => {
    const { limit, cursor, ...filters } = event.crm.query;
    // Cognito's pagination token, wrapped in the same signed cursor as every other list (bound to the filter).
    const paging = pagingOf(event, filters, cursor);
    const page = await listUsers(userDependencies(), { role: filters.role, limit, start: paging.startKey });
    return ok({ items: page.items, nextCursor: paging.nextCursor(page.next) });
  });
