import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { listPlanSteps } from './list-plan-steps.use-case';
import { opportunityDependencies } from '#functions/opportunities/opportunity.container';
import { listPlanStepsQuery, opportunityIdParams, type ListPlanStepsQuery } from '#functions/opportunities/opportunity/opportunity.schema';

export const listPlanStepsHandler = middy<ApiEvent<unknown, ListPlanStepsQuery, { opportunityId: string }>, HttpResult>()
  .use(authorize('listPlanSteps'))
  .use(validate({ params: opportunityIdParams, query: listPlanStepsQuery }))
  .handler(async (event) => {
    const { limit, cursor } = event.crm.query;
    const paging = pagingOf(event, {}, cursor);
    const page = await listPlanSteps(opportunityDependencies(), {
      caller: callerOf(event),
      opportunityId: event.crm.params.opportunityId,
      page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) },
    });
    return ok({ items: page.items, nextCursor: paging.nextCursor(page.lastKey) });
  });
