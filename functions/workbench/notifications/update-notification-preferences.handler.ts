import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { notificationDependencies } from './notification.container';
import { preferencesBody, type PreferencesInput } from './notification.schema';
import { updatePreferences } from './notifications.use-case';

export const updateNotificationPreferencesHandler = middy<ApiEvent<PreferencesInput>, HttpResult>()
  .use(authorize('updateNotificationPreferences'))
  .use(jsonBody())
  .use(validate({ body: preferencesBody }))
  .handler(async (event) => {
    const preferences = await updatePreferences(notificationDependencies(), {
      caller: callerOf(event),
      input: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(preferences, { version: preferences.version });
  });
