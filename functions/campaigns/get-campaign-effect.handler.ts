import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { ok, type HttpResult } from '#shared/http/responses';
import { campaignDependencies } from './campaign.container';
import { campaignIdParams } from './campaign.schema';
import { getCampaignEffect } from './get-campaign-effect.use-case';

export const getCampaignEffectHandler = middy<ApiEvent<unknown, unknown, { campaignId: string }>, HttpResult>()
  .use(authorize('getCampaignEffect'))
  .use(validate({ params: campaignIdParams }))
  .handler(async (event) => ok(await getCampaignEffect(campaignDependencies(), { campaignId: event.crm.params.campaignId })));
