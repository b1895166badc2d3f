import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { campaignDependencies } from './campaign.container';
import { campaignIdParams, campaignPageQuery, type CampaignPageQuery } from './campaign.schema';
import { listCampaignResponses } from './list-campaign-responses.use-case';

export const listCampaignResponsesHandler = middy<ApiEvent<unknown, CampaignPageQuery, { campaignId: string }>, HttpResult>()
  .use(authorize('listCampaignResponses'))
  .use(validate({ params: campaignIdParams, query: campaignPageQuery }))
  .handler(async (event) => {
    const { limit, cursor } = event.crm.query;
    const paging = pagingOf(event, {}, cursor);
    const page = await listCampaignResponses(campaignDependencies(), {
      caller: callerOf(event),
      campaignId: event.crm.params.campaignId,
      page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) },
    });
    return ok({ items: page.items, nextCursor: paging.nextCursor(page.lastKey) });
  });
