import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { campaignDependencies } from './campaign.container';
import { campaignIdParams } from './campaign.schema';
import { getCampaign } from './get-campaign.use-case';

export const getCampaignHandler = middy<ApiEvent<unknown, unknown, { campaignId: string }>, HttpResult>()
  .use(authorize('getCampaign'))
  .use(validate({ params: campaignIdParams }))
  .handler(async (event) => {
    const campaign = await getCampaign(campaignDependencies(), { caller: callerOf(event), campaignId: event.crm.params.campaignId });
    return ok(campaign, { version: campaign.version });
  });
