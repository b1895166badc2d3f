import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { noContent, type HttpResult } from '#shared/http/responses';
import { activityDependencies } from './activity.container';
import { activityParams } from './activity.schema';
import { deleteActivity } from './delete-activity.use-case';

export const deleteActivityHandler = middy<ApiEvent<unknown, unknown, { customerId: string; activityId: string }>, HttpResult>()
  .use(authorize('deleteActivity'))
  .use(validate({ params: activityParams }))
  .handler(async (event) => {
    await deleteActivity(activityDependencies(), {
      caller: callerOf(event),
      ...event.crm.params,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return noContent();
  });
