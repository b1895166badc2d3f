import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { campaignDependencies } from './campaign.container';
import { campaignIdParams, campaignPageQuery, type CampaignPageQuery } from './campaign.schema';
import { getCampaignAudience } from './get-campaign-audience.use-case';

export const getCampaignAudienceHandler = middy<ApiEvent<unknown, CampaignPageQuery, { campaignId: string }>, HttpResult>()
  .use(authorize('getCampaignAudience'))
  .use(validate({ params: campaignIdParams, query: campaignPageQuery }))
  .handler(async (event) => {
    const { limit, cursor } = event.crm.query;
    let paging: ReturnType<typeof pagingOf> | undefined;
    const preview = await getCampaignAudience(campaignDependencies(), {
      caller: callerOf(event),
      campaignId: event.crm.params.campaignId,
      limit,
      // The cursor is bound to the audience it was read under: once the audience is edited, it is refused (400).
      startKeyFor: (audience) => (paging = pagingOf(event, { audience: audience ?? null }, cursor)).startKey,
    });
    return ok({ ...(preview.count ? { count: preview.count } : {}), items: preview.items, nextCursor: paging!.nextCursor(preview.lastKey) });
  });
