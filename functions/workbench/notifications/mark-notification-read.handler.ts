import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { notificationDependencies } from './notification.container';
import { notificationIdParams } from './notification.schema';
import { markNotificationRead } from './notifications.use-case';

export const markNotificationReadHandler = middy<ApiEvent<unknown, unknown, { notificationId: string }>, HttpResult>()
  .use(authorize('markNotificationRead'))
  .use(validate({ params: notificationIdParams }))
  .handler(async (event) => {
    const notification = await markNotificationRead(notificationDependencies(), {
      caller: callerOf(event),
      notificationId: event.crm.params.notificationId,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(notification, { version: notification.version });
  });
