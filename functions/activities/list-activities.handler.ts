import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { dictionaryCodes } from '#shared/dictionary/middleware';
import { activityDependencies } from './activity.container';
import { customerActivitiesParams, listActivitiesQuery, type ListActivitiesQuery } from './activity.schema';
import { listActivities } from './list-activities.use-case';

export const listActivitiesHandler = middy<ApiEvent<unknown, ListActivitiesQuery, { customerId: string }>, HttpResult>()
  .use(authorize('listActivities'))
  .use(validate({ params: customerActivitiesParams, query: listActivitiesQuery }))
  // A type filter must be a code of the dictionary's list (an inactive one still finds old records).
  .use(dictionaryCodes({ type: 'activity-types' }, { part: 'query' }))
  .handler(async (event) => {
    const { limit, cursor, ...filters } = event.crm.query;
    const paging = pagingOf(event, filters, cursor);
    const page = await listActivities(activityDependencies(), {
      caller: callerOf(event),
      customerId: event.crm.params.customerId,
      filters,
      page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) },
    });
    return ok({ items: page.items, nextCursor: paging.nextCursor(page.lastKey) });
  });
