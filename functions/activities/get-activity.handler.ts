import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { activityDependencies } from './activity.container';
import { activityParams } from './activity.schema';
import { getActivity } from './get-activity.use-case';

export const getActivityHandler = middy<ApiEvent<unknown, unknown, { customerId: string; activityId: string }>, HttpResult>()
  .use(authorize('getActivity'))
  .use(validate({ params: activityParams }))
  .handler(async (event) => {
    const activity = await getActivity(activityDependencies(), { caller: callerOf(event), ...event.crm.params });
    return ok(activity, { version: activity.version });
  });
