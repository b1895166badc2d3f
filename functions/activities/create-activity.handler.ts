import middy from '@middy/core';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, idempotencyOf } from '#shared/http/request';
import { created, type HttpResult } from '#shared/http/responses';
import { dictionaryCodes } from '#shared/dictionary/middleware';
import { activityDependencies } from './activity.container';
import { createActivityBody, customerActivitiesParams, type CreateActivityInput } from './activity.schema';
import { createActivity } from './create-activity.use-case';

export const createActivityHandler = middy<ApiEvent<CreateActivityInput, unknown, { customerId: string }>, HttpResult>()
  .use(authorize('createActivity'))
  .use(jsonBody())
  .use(validate({ params: customerActivitiesParams, body: createActivityBody }))
  // The activity type must be an active code of the dictionary's list (400 naming the field otherwise).
  .use(dictionaryCodes({ type: 'activity-types' }))
  .handler(async (event) => {
    const { customerId } = event.crm.params;
    const outcome = await createActivity(activityDependencies(), {
      caller: callerOf(event),
      customerId,
      input: event.crm.body,
      idempotency: idempotencyOf(event),
    });
    const { activity } = outcome;
    return created(activity, {
      location: `/v1/customers/${customerId}/activities/${activity.id}`,
      version: activity.version,
      replayed: outcome.kind === 'replayed',
    });
  });
