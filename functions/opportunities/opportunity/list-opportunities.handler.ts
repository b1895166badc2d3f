import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { listOpportunities } from './list-opportunities.use-case';
import { opportunityDependencies } from '#functions/opportunities/opportunity.container';
import { listOpportunitiesQuery, type ListOpportunitiesQuery } from './opportunity.schema';

export const listOpportunitiesHandler = middy<ApiEvent<unknown, ListOpportunitiesQuery>, HttpResult>()
  .use(authorize('listOpportunities'))
  .use(validate({ query: listOpportunitiesQuery }))
  .handler(async (event) => {
    const { limit, cursor, ...filters } = event.crm.query;
    const paging = pagingOf(event, filters, cursor);
    const page = await listOpportunities(opportunityDependencies(), {
      caller: callerOf(event),
      filters,
      page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) },
    });
    return ok({ items: page.items, nextCursor: paging.nextCursor(page.lastKey) });
  });
