import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { campaignDependencies } from './campaign.container';
import { listCampaignsQuery, type ListCampaignsQuery } from './campaign.schema';
import { listCampaigns } from './list-campaigns.use-case';

export const listCampaignsHandler = middy<ApiEvent<unknown, ListCampaignsQuery>, HttpResult>()
  .use(authorize('listCampaigns'))
  .use(validate({ query: listCampaignsQuery }))
  .handler(async (event) => {
    const { limit, cursor, ...filters } = event.crm.query;
    const paging = pagingOf(event, filters, cursor);
    const page = await listCampaigns(campaignDependencies(), {
      caller: callerOf(event),
      filters,
      page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) },
    });
    return ok({ items: page.items, nextCursor: paging.nextCursor(page.lastKey) });
  });
