import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { opportunityDependencies } from '#functions/opportunities/opportunity.container';
import { getOpportunityStageHistory } from './get-opportunity-stage-history.use-case';
import { opportunityIdParams, stageHistoryQuery, type StageHistoryQuery } from './opportunity.schema';

export const getOpportunityStageHistoryHandler = middy<ApiEvent<unknown, StageHistoryQuery, { opportunityId: string }>, HttpResult>()
  .use(authorize('getOpportunityStageHistory'))
  .use(validate({ params: opportunityIdParams, query: stageHistoryQuery }))
  .handler(async (event) => {
    const { limit, cursor } = event.crm.query;
    const paging = pagingOf(event, {}, cursor);
    const page = await getOpportunityStageHistory(opportunityDependencies(), {
      caller: callerOf(event),
      opportunityId: event.crm.params.opportunityId,
      page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) },
    });
    return ok({ items: page.items, nextCursor: paging.nextCursor(page.lastKey) });
  });
