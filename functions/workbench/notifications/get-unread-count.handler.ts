import middy from '@middy/core';
import { authorize, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { notificationDependencies } from './notification.container';
import { unreadCount } from './notifications.use-case';

export const getUnreadCountHandler = middy<ApiEvent, HttpResult>()
  .use(authorize('getUnreadCount'))
  .handler(async (event) => ok(await unreadCount(notificationDependencies(), { caller: callerOf(event) })));
