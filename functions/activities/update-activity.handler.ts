import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { dictionaryCodes } from '#shared/dictionary/middleware';
import { activityDependencies } from './activity.container';
import { activityParams, updateActivityBody, type UpdateActivityInput } from './activity.schema';
import { updateActivity } from './update-activity.use-case';

export const updateActivityHandler = middy<ApiEvent<UpdateActivityInput, unknown, { customerId: string; activityId: string }>, HttpResult>()
  .use(authorize('updateActivity'))
  .use(jsonBody())
  .use(validate({ params: activityParams, body: updateActivityBody }))
  // The activity type must be an active code of the dictionary's list (400 naming the field otherwise).
  .use(dictionaryCodes({ type: 'activity-types' }))
  .handler(async (event) => {
    const activity = await updateActivity(activityDependencies(), {
      caller: callerOf(event),
      ...event.crm.params,
      changes: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(activity, { version: activity.version });
  });
