import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { notificationDependencies } from './notification.container';
import { listNotificationsQuery, type ListNotificationsQuery } from './notification.schema';
import { listNotifications } from './notifications.use-case';

export const listNotificationsHandler = middy<ApiEvent<unknown, ListNotificationsQuery>, HttpResult>()
  .use(authorize('listNotifications'))
  .use(validate({ query: listNotificationsQuery }))
  .handler(async (event) => {
    const { limit, cursor, ...filters } = event.crm.query;
    const paging = pagingOf(event, filters, cursor);
    const page = await listNotifications(notificationDependencies(), {
      caller: callerOf(event),
      unreadOnly: filters.unread === 'true',
      page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) },
    });
    return ok({ items: page.items, nextCursor: paging.nextCursor(page.lastKey) });
  });
