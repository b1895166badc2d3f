import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { campaignDependencies } from './campaign.container';
import { campaignIdParams } from './campaign.schema';
import { getCampaignLaunch } from './get-campaign-launch.use-case';

export const getCampaignLaunchHandler = middy<ApiEvent<unknown, unknown, { campaignId: string }>, HttpResult>()
  .use(authorize('getCampaignLaunch'))
  .use(validate({ params: campaignIdParams }))
  .handler(async (event) => ok(await getCampaignLaunch(campaignDependencies(), { caller: callerOf(event), campaignId: event.crm.params.campaignId })));
