import middy from '@middy/core';
import { authorize, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { notificationDependencies } from './notification.container';
import { getPreferences } from './notifications.use-case';

export const getNotificationPreferencesHandler = middy<ApiEvent, HttpResult>()
  .use(authorize('getNotificationPreferences'))
  .handler(async (event) => {
    const preferences = await getPreferences(notificationDependencies(), { caller: callerOf(event) });
    return ok(preferences, { version: preferences.version });
  });
